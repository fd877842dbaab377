/**
 * readElfSection on what a build makes of markers.S: the object, the linked
 * program, stripped, split with objcopy, compressed, for x86-64 and i386; and
 * a KmarkError naming the path for anything that is not a readable ELF file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMarkersSection, markersSectionAssembly } from '../../src/gen/markers-section.js';
import { decodeMarkersSection } from '../../src/io/markers-section.js';
import { readElfSection } from '../../src/io/elf.js';
import { KmarkError } from '../../src/io/errors.js';
import { sampleCatalog } from '../fixtures/elf/sample-catalog.js';

const dir = mkdtempSync(join(tmpdir(), 'kmark-elf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = (name: string): string => join(dir, name);

function run(command: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return { status: result.error ? null : result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/**
 * binutils 2.39+ objcopy --only-section on an executable keeps its program
 * headers, now over nothing, and says so: harmless for a side file.
 */
const HARMLESS = /^objcopy: .*: warning: empty loadable segment detected at vaddr=(0|0x[0-9a-f]+), is this intentional\?$/;

/** Runs a build tool that must succeed quietly. */
function tool(command: string, ...args: string[]): string {
  const result = run(command, args);
  const stderr = result.stderr.split('\n').filter((line) => line !== '' && !HARMLESS.test(line));
  expect(stderr, `${command} ${args.join(' ')}`).toEqual([]);
  expect(result.status, `${command} ${args.join(' ')}`).toBe(0);
  return result.stdout;
}

function readError(file: string, name = '.markers'): string {
  try {
    readElfSection(file, name);
  } catch (error) {
    if (error instanceof KmarkError) return error.message;
    throw error;
  }
  throw new Error(`${file}: read without error`);
}

/** The `.markers` line of `readelf -S -W`: type, address and flags. */
function markersSectionHeader(file: string): { type: string; address: string; flags: string } {
  const line = tool('readelf', '-S', '-W', file)
    .split('\n')
    .find((l) => /\]\s+\.markers\s/.test(l));
  expect(line, `${file} has a .markers section`).toBeDefined();
  // [Nr] Name Type Address Off Size ES Flg Lk Inf Al: Flg may be empty.
  const match = /\.markers\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+([A-Za-z]*)\s+\d+\s+\d+\s+\d+\s*$/.exec(line!);
  expect(match, line).not.toBeNull();
  return { type: match![1]!, address: match![2]!, flags: match![3]! };
}

const gcc = run('gcc', ['--version']).status === 0 && run('objcopy', ['--version']).status === 0 && run('readelf', ['--version']).status === 0;
const expected = encodeMarkersSection(sampleCatalog);

describe.skipIf(!gcc)('x86-64: a program linked with markers.S', () => {
  beforeAll(() => {
    writeFileSync(path('markers.S'), markersSectionAssembly(sampleCatalog));
    writeFileSync(path('main.c'), 'int main(void){return 0;}\n');
    tool('gcc', '-c', path('markers.S'), '-o', path('markers.o'));
    tool('gcc', '-o', path('prog'), path('main.c'), path('markers.o'));
  });

  it('links without warnings, with a stack that is not executable', () => {
    const stack = tool('readelf', '-l', '-W', path('prog'))
      .split('\n')
      .find((l) => l.includes('GNU_STACK'));
    expect(stack).toMatch(/\sRW\s/);
  });

  it.each(['markers.o', 'prog'])('%s: .markers is PROGBITS and not allocated (no A flag, address 0)', (file) => {
    const header = markersSectionHeader(path(file));
    expect(header.type).toBe('PROGBITS');
    expect(header.flags).not.toContain('A');
    expect(Number.parseInt(header.address, 16)).toBe(0);
  });

  it.each(['markers.o', 'prog'])("%s: the section is the encoder's bytes and decodes to the catalog", (file) => {
    const bytes = readElfSection(path(file), '.markers');
    expect(bytes).toEqual(expected);
    const catalog = decodeMarkersSection(bytes!, path(file));
    expect(catalog).toStrictEqual(sampleCatalog);
    expect(JSON.stringify(catalog, null, 2)).toBe(JSON.stringify(sampleCatalog, null, 2));
  });

  it('reads other sections too, and returns null for a missing one', () => {
    expect(readElfSection(path('prog'), '.comment')?.toString('latin1')).toMatch(/GCC/);
    expect(readElfSection(path('prog'), '.no-such-section')).toBeNull();
    expect(readElfSection(path('prog'), '')).toBeNull();
  });

  it('a stripped program keeps the section', () => {
    tool('strip', '-o', path('prog.stripped'), path('prog'));
    expect(readElfSection(path('prog.stripped'), '.symtab')).toBeNull();
    expect(readElfSection(path('prog.stripped'), '.markers')).toEqual(expected);
  });

  it('the objcopy --only-section side file decodes to the same catalog', () => {
    tool('objcopy', '--only-section=.markers', path('prog'), path('prog.markers'));
    expect(decodeMarkersSection(readElfSection(path('prog.markers'), '.markers')!, path('prog.markers'))).toStrictEqual(sampleCatalog);
  });

  it('without the section (objcopy --remove-section) the program still runs and there is nothing to read', () => {
    tool('objcopy', '--remove-section=.markers', path('prog'), path('prog.nomarkers'));
    expect(run(path('prog.nomarkers'), []).status).toBe(0);
    expect(run(path('prog'), []).status).toBe(0);
    expect(readElfSection(path('prog.nomarkers'), '.markers')).toBeNull();
  });

  it('reads a zlib-compressed section (SHF_COMPRESSED)', () => {
    tool('objcopy', '--rename-section', '.markers=.debug_kmark', path('prog'), path('prog.renamed'));
    tool('objcopy', '--compress-debug-sections=zlib', path('prog.renamed'), path('prog.compressed'));
    expect(tool('readelf', '-S', '-W', path('prog.compressed'))).toMatch(/\.debug_kmark\s.*\sC\s/);
    expect(readElfSection(path('prog.compressed'), '.debug_kmark')).toEqual(expected);
  });

  it("a damaged section in the program is the decoder's KmarkError naming the file", () => {
    const bytes = readFileSync(path('prog'));
    const at = bytes.indexOf(expected);
    expect(at).toBeGreaterThan(0);
    bytes.write('XX', at, 'latin1');
    writeFileSync(path('prog.damaged'), bytes);
    expect(() => decodeMarkersSection(readElfSection(path('prog.damaged'), '.markers')!, path('prog.damaged'))).toThrow(new KmarkError(`${path('prog.damaged')}: .markers section at offset 0x0: bad magic: not a kmark .markers section`));
  });
});

describe.skipIf(!gcc)('i386 (-m32)', () => {
  const canAssemble = gcc && run('gcc', ['-m32', '-c', '-x', 'assembler', '/dev/null', '-o', join(dir, 'probe32.o')]).status === 0;

  it.skipIf(!canAssemble)("the ELF32 object holds the encoder's bytes", () => {
    writeFileSync(path('markers32.S'), markersSectionAssembly(sampleCatalog));
    tool('gcc', '-m32', '-c', path('markers32.S'), '-o', path('markers32.o'));
    expect(tool('readelf', '-h', path('markers32.o'))).toMatch(/Class:\s+ELF32/);
    expect(markersSectionHeader(path('markers32.o')).flags).not.toContain('A');
    expect(readElfSection(path('markers32.o'), '.markers')).toEqual(expected);
  });

  it.skipIf(!canAssemble)('the linked ELF32 program holds it, and runs without it', (context) => {
    writeFileSync(path('main.c'), 'int main(void){return 0;}\n');
    // Without the 32-bit C library (gcc-multilib), link a program of its own: _start calls exit(0).
    writeFileSync(path('start32.S'), '\t.text\n\t.globl _start\n_start:\n\tmovl $1, %eax\n\txorl %ebx, %ebx\n\tint $0x80\n\t.section .note.GNU-stack,"",@progbits\n');
    const withLibc = run('gcc', ['-m32', '-o', path('prog32'), path('main.c'), path('markers32.o')]);
    if (withLibc.status !== 0) tool('gcc', '-m32', '-nostdlib', '-static', '-o', path('prog32'), path('start32.S'), path('markers32.o'));
    expect(tool('readelf', '-h', path('prog32'))).toMatch(/Type:\s+(EXEC|DYN)/);
    expect(readElfSection(path('prog32'), '.markers')).toEqual(expected);
    tool('objcopy', '--only-section=.markers', path('prog32'), path('prog32.markers'));
    expect(decodeMarkersSection(readElfSection(path('prog32.markers'), '.markers')!, 'prog32.markers')).toStrictEqual(sampleCatalog);
    tool('objcopy', '--remove-section=.markers', path('prog32'), path('prog32.nomarkers'));
    expect(readElfSection(path('prog32.nomarkers'), '.markers')).toBeNull();
    // Whether this kernel runs 32-bit programs at all (IA32 emulation) is asked of a bare one, not of the program under test:
    // where it cannot, exec fails with a status that depends on how it was started (null, 126, 2).
    tool('gcc', '-m32', '-nostdlib', '-static', '-o', path('probe32'), path('start32.S'));
    if (run(path('probe32'), []).status !== 0) {
      console.log('skipped running the ELF32 program: this kernel does not run 32-bit programs');
      return context.skip('this kernel does not run 32-bit programs');
    }
    expect(run(path('prog32.nomarkers'), []).status).toBe(0);
  });
});

describe('not a readable little-endian ELF file: a KmarkError naming the path', () => {
  const object = (): Buffer => {
    const file = path('markers.o');
    return readFileSync(file);
  };

  it('a missing file', () => {
    expect(readError(path('missing'))).toBe(`${path('missing')}: cannot read: no such file or directory`);
  });

  it('a directory', () => {
    mkdirSync(path('a-directory'), { recursive: true });
    expect(readError(path('a-directory'))).toBe(`${path('a-directory')}: is a directory`);
  });

  it.each<[string, Buffer, RegExp]>([
    ['an empty file', Buffer.alloc(0), /: not an ELF file/],
    ['a text file', Buffer.from('#!/bin/sh\nexit 0\n'), /: not an ELF file/],
    ['three bytes of magic', Buffer.from('\x7fEL', 'latin1'), /: not an ELF file/],
    ['the magic alone', Buffer.from('\x7fELF', 'latin1'), /: truncated ELF file: 4 bytes/],
  ])('%s', (name, bytes, message) => {
    const file = path(`bad-${name.replace(/\W/g, '-')}`);
    writeFileSync(file, bytes);
    expect(readError(file)).toMatch(message);
    expect(readError(file)).toContain(file);
  });

  describe.skipIf(!gcc)('a damaged object', () => {
    beforeAll(() => {
      writeFileSync(path('markers.S'), markersSectionAssembly(sampleCatalog));
      tool('gcc', '-c', path('markers.S'), '-o', path('markers.o'));
    });

    const damaged = (name: string, patch: (bytes: Buffer) => Buffer | void): string => {
      const bytes = object();
      const file = path(name);
      writeFileSync(file, patch(bytes) ?? bytes);
      return file;
    };

    it('big-endian', () => {
      expect(readError(damaged('be.o', (b) => void (b[5] = 2)))).toMatch(/: big-endian ELF is not supported/);
    });

    it('an unknown class or encoding', () => {
      expect(readError(damaged('class.o', (b) => void (b[4] = 3)))).toMatch(/: unknown ELF class 3/);
      expect(readError(damaged('data.o', (b) => void (b[5] = 0)))).toMatch(/: unknown ELF data encoding 0/);
    });

    it('a section header table past the end of the file', () => {
      expect(readError(damaged('shoff.o', (b) => void b.writeBigUInt64LE(BigInt(b.length - 10), 0x28)))).toMatch(/: truncated ELF file: the section header table \(\d+ entries\) \(offset \d+, \d+ bytes\) runs past the end/);
      expect(readError(damaged('shoff-huge.o', (b) => void b.writeBigUInt64LE(0xffffffffffffffffn, 0x28)))).toMatch(/: the section header offset 18446744073709551615 is larger than any file/);
    });

    it("a section's contents past the end of the file", () => {
      const file = damaged('size.o', (b) => {
        const shoff = Number(b.readBigUInt64LE(0x28));
        const count = b.readUInt16LE(0x3c);
        for (let k = 1; k < count; k++) b.writeBigUInt64LE(0x7fffffffn, shoff + k * 64 + 32);
      });
      expect(readError(file)).toMatch(/: truncated ELF file: the section-name string table \(offset \d+, 2147483647 bytes\)/);
    });

    it('a section name outside the section-name table', () => {
      const file = damaged('name.o', (b) => {
        const shoff = Number(b.readBigUInt64LE(0x28));
        b.writeUInt32LE(0xfffffff0, shoff + 64);
      });
      expect(readError(file)).toMatch(/: section 1's name offset 4294967280 is outside the section-name table/);
    });

    it('a section header size too small', () => {
      expect(readError(damaged('entsize.o', (b) => void b.writeUInt16LE(8, 0x3a)))).toMatch(/: section header size 8 is smaller than 64/);
    });

    it('two sections of the name', () => {
      writeFileSync(path('two.S'), '\t.section .markers,"",@progbits,unique,1\n\t.byte 1\n\t.section .markers,"",@progbits,unique,2\n\t.byte 2\n');
      tool('gcc', '-c', path('two.S'), '-o', path('two.o'));
      expect(readError(path('two.o'))).toMatch(/: 2 sections are named \.markers \(sections \d+, \d+\)/);
    });

    it('every truncation of the object is a KmarkError, never a crash', () => {
      const bytes = object();
      const file = path('cut.o');
      for (let length = 0; length < bytes.length; length++) {
        writeFileSync(file, bytes.subarray(0, length));
        expect(readError(file)).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (not an ELF file|truncated ELF file)`));
      }
    });

    it('every damaged byte of the headers reads or is a KmarkError, never a crash', () => {
      const bytes = object();
      const shoff = Number(bytes.readBigUInt64LE(0x28));
      const file = path('flip.o');
      const offsets = [...Array(64).keys(), ...Array.from({ length: bytes.length - shoff }, (_, k) => shoff + k)];
      for (const offset of offsets) {
        for (const value of [0x00, 0x7f, 0xff]) {
          const copy = Buffer.from(bytes);
          copy[offset] = value;
          writeFileSync(file, copy);
          try {
            readElfSection(file, '.markers');
          } catch (error) {
            expect(error).toBeInstanceOf(KmarkError);
          }
        }
      }
    });
  });
});
