/**
 * ELF notes (namesz, descsz, type, name, descriptor; each 4-aligned): the
 * GNU build-id, kmark's catalog digest (docs/tracers.md) and the SystemTap
 * SDT probes of a linked binary (docs/modes.md).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { readElfSection } from './elf.js';
import { describeFsError, KmarkError } from './errors.js';

const NT_STAPSDT = 3;

export interface ElfNote {
  readonly name: string;
  readonly type: number;
  readonly descriptor: Buffer;
}

/** The notes of a note section, in order; `source` names it in an error. */
export function elfNotes(section: Buffer, source: string): ElfNote[] {
  const notes: ElfNote[] = [];
  for (let at = 0; at + 12 <= section.length;) {
    const nameSize = section.readUInt32LE(at);
    const descSize = section.readUInt32LE(at + 4);
    const desc = at + 12 + align4(nameSize);
    if (desc + descSize > section.length) throw new KmarkError(`${source}: a note at offset ${at} runs past its section`);
    notes.push({ name: section.toString('utf8', at + 12, at + 12 + nameSize).replace(/\0+$/, ''), type: section.readUInt32LE(at + 8), descriptor: section.subarray(desc, desc + descSize) });
    at = desc + align4(descSize);
  }
  return notes;
}

/** The descriptor, as hex, of the first note of the section `name` of the ELF file; undefined without one. */
export function noteDescriptorHex(path: string, name: string): string | undefined {
  const section = readElfSection(path, name);
  const note = section !== null ? elfNotes(section, `${path}: ${name}`)[0] : undefined;
  return note !== undefined && note.descriptor.length > 0 ? note.descriptor.toString('hex') : undefined;
}

/**
 * `provider:name` of every SDT probe in the ELF file; null when it has no
 * `.note.stapsdt`. A marker in an `#if` branch the build left out is in
 * the catalog but has no probe, and tracers refuse a script naming a probe
 * that is not there.
 */
export function sdtProbes(path: string): Set<string> | null {
  const section = readElfSection(path, '.note.stapsdt');
  if (section === null) return null;
  const addressSize = elfClass(path) === 2 ? 8 : 4;
  const probes = new Set<string>();
  for (const note of elfNotes(section, `${path}: .note.stapsdt`)) {
    if (note.type !== NT_STAPSDT) continue;
    const [provider, name] = note.descriptor.toString('utf8', 3 * addressSize).split('\0');
    probes.add(`${provider}:${name}`);
  }
  return probes;
}

const align4 = (n: number): number => (n + 3) & ~3;

function elfClass(path: string): number {
  const ident = Buffer.alloc(5);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    readSync(fd, ident, 0, 5, 0);
  } catch (error) {
    throw new KmarkError(`${path}: cannot read: ${describeFsError(error)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return ident[4]!;
}
