/**
 * Reads one section of an ELF file (ELF32 or ELF64, little-endian): enough to
 * find `.markers` in an executable, a relocatable object, a stripped binary or
 * an `objcopy --only-section` side file. Only the headers and the section are
 * read, never the whole file; every offset is checked against the file size.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describeFsError, KmarkError } from './errors.js';

const ELFCLASS32 = 1;
const ELFCLASS64 = 2;
const ELFDATA2LSB = 1;
const ELFDATA2MSB = 2;
const SHT_NOBITS = 8;
const SHF_COMPRESSED = 0x800;
const ELFCOMPRESS_ZLIB = 1;
const SHN_UNDEF = 0;
const SHN_XINDEX = 0xffff;

interface SectionHeader {
  readonly index: number;
  readonly name: number;
  readonly type: number;
  readonly flags: bigint;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
}

class ElfFile {
  readonly size: number;
  private is64 = false;
  /** The section-name string table, once `sections()` has found it. */
  private names: Buffer = Buffer.alloc(0);

  constructor(
    readonly path: string,
    private readonly fd: number,
  ) {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) this.fail('is a directory');
    if (!stat.isFile()) this.fail('not a regular file');
    this.size = stat.size;
  }

  fail(message: string): never {
    throw new KmarkError(`${this.path}: ${message}`);
  }

  /** `length` bytes at `offset`, or a "truncated" error saying what was being read. */
  read(offset: number, length: number, what: string): Buffer {
    if (offset > this.size || length > this.size - offset) {
      this.fail(`truncated ELF file: ${what} (offset ${offset}, ${length} bytes) runs past the end of the file (${this.size} bytes)`);
    }
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const count = readSync(this.fd, buffer, done, length - done, offset + done);
      if (count === 0) this.fail(`truncated ELF file: end of file while reading ${what} at offset ${offset + done}`);
      done += count;
    }
    return buffer;
  }

  /** A file offset or size: ELF64 stores them in 64 bits. */
  private number(value: bigint, what: string): number {
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`${what} ${value} is larger than any file`);
    return Number(value);
  }

  private word(buffer: Buffer, offset32: number, offset64: number, what: string): number {
    return this.is64 ? this.number(buffer.readBigUInt64LE(offset64), what) : buffer.readUInt32LE(offset32);
  }

  sections(): SectionHeader[] {
    const ident = this.read(0, Math.min(16, this.size), 'the identification bytes');
    if (ident.length < 4 || ident.readUInt32BE(0) !== 0x7f454c46) this.fail('not an ELF file (no \\x7fELF magic)');
    if (ident.length < 16) this.fail(`truncated ELF file: ${this.size} bytes`);
    const elfClass = ident[4];
    const data = ident[5];
    if (data === ELFDATA2MSB) this.fail('big-endian ELF is not supported (only little-endian)');
    if (data !== ELFDATA2LSB) this.fail(`unknown ELF data encoding ${data}`);
    if (elfClass !== ELFCLASS32 && elfClass !== ELFCLASS64) this.fail(`unknown ELF class ${elfClass} (neither ELF32 nor ELF64)`);
    if (ident[6] !== 1) this.fail(`unknown ELF version ${ident[6]}`);
    this.is64 = elfClass === ELFCLASS64;
    const header = this.read(0, this.is64 ? 64 : 52, 'the ELF header');
    const shoff = this.word(header, 0x20, 0x28, 'the section header offset');
    const [entsizeAt, numAt, strndxAt] = this.is64 ? [0x3a, 0x3c, 0x3e] : [0x2e, 0x30, 0x32];
    const entsize = header.readUInt16LE(entsizeAt);
    let count = header.readUInt16LE(numAt);
    let strndx = header.readUInt16LE(strndxAt);
    if (shoff === 0) return [];
    const minimum = this.is64 ? 64 : 40;
    if (entsize < minimum) this.fail(`section header size ${entsize} is smaller than ${minimum}`);
    // Extended numbering: more than 0xff00 sections keep their count and the names' index in section 0.
    if (count === 0 || strndx === SHN_XINDEX) {
      const first = this.header(this.read(shoff, entsize, 'section header 0'), 0);
      if (count === 0) count = first.size;
      if (strndx === SHN_XINDEX) strndx = first.link;
    }
    const table = this.read(shoff, count * entsize, `the section header table (${count} entries)`);
    const headers = Array.from({ length: count }, (_, index) => this.header(table.subarray(index * entsize, (index + 1) * entsize), index));
    if (strndx === SHN_UNDEF) return [];
    if (strndx >= count) this.fail(`the section-name table index ${strndx} is not a section (${count} sections)`);
    this.names = this.contents(headers[strndx]!, 'the section-name string table');
    return headers;
  }

  private header(entry: Buffer, index: number): SectionHeader {
    const what = (field: string): string => `section ${index}'s ${field}`;
    return this.is64
      ? {
          index,
          name: entry.readUInt32LE(0),
          type: entry.readUInt32LE(4),
          flags: entry.readBigUInt64LE(8),
          offset: this.number(entry.readBigUInt64LE(24), what('offset')),
          size: this.number(entry.readBigUInt64LE(32), what('size')),
          link: entry.readUInt32LE(40),
        }
      : {
          index,
          name: entry.readUInt32LE(0),
          type: entry.readUInt32LE(4),
          flags: BigInt(entry.readUInt32LE(8)),
          offset: entry.readUInt32LE(16),
          size: entry.readUInt32LE(20),
          link: entry.readUInt32LE(24),
        };
  }

  /** Whether the section's name (a NUL-terminated string in the names table) is `name`. */
  isNamed(section: SectionHeader, name: Buffer): boolean {
    if (section.name >= this.names.length) this.fail(`section ${section.index}'s name offset ${section.name} is outside the section-name table (${this.names.length} bytes)`);
    const end = this.names.indexOf(0, section.name);
    if (end < 0) this.fail(`section ${section.index}'s name is not NUL-terminated in the section-name table`);
    return this.names.subarray(section.name, end).equals(name);
  }

  contents(section: SectionHeader, what: string): Buffer {
    if (section.type === SHT_NOBITS) this.fail(`${what} has no contents in the file (SHT_NOBITS)`);
    const bytes = this.read(section.offset, section.size, what);
    return (section.flags & BigInt(SHF_COMPRESSED)) !== 0n ? this.decompress(bytes, what) : bytes;
  }

  private decompress(bytes: Buffer, what: string): Buffer {
    const headerSize = this.is64 ? 24 : 12;
    if (bytes.length < headerSize) this.fail(`${what} is compressed but too short for its compression header`);
    const type = bytes.readUInt32LE(0);
    const size = this.is64 ? this.number(bytes.readBigUInt64LE(8), `${what}'s uncompressed size`) : bytes.readUInt32LE(4);
    if (type !== ELFCOMPRESS_ZLIB) this.fail(`${what} is compressed with ELF compression type ${type}: only zlib (1) is supported`);
    let out: Buffer;
    try {
      out = inflateSync(bytes.subarray(headerSize), { maxOutputLength: Math.max(1, size) });
    } catch (error) {
      return this.fail(`${what}: bad zlib data: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (out.length !== size) this.fail(`${what} decompresses to ${out.length} bytes, its header says ${size}`);
    return out;
  }
}

/**
 * The contents of the section called `name` in the ELF file at `path`, or
 * null when it has no such section. A file that is not a little-endian ELF
 * file, is truncated, is unreadable or has two sections of that name is a
 * KmarkError naming the path.
 */
export function readElfSection(path: string, name: string): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new KmarkError(`${path}: cannot read: ${describeFsError(error)}`);
  }
  try {
    const elf = new ElfFile(path, fd);
    const wanted = Buffer.from(name, 'utf8');
    // Section 0 is the null section, never a real one.
    const found = elf.sections().filter((section) => section.index !== 0 && elf.isNamed(section, wanted));
    if (found.length > 1) elf.fail(`${found.length} sections are named ${name} (sections ${found.map((s) => s.index).join(', ')})`);
    return found[0] ? elf.contents(found[0], `section ${name}`) : null;
  } catch (error) {
    if (error instanceof KmarkError) throw error;
    throw new KmarkError(`${path}: cannot read: ${describeFsError(error)}`);
  } finally {
    closeSync(fd);
  }
}
