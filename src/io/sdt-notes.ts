/**
 * The SystemTap SDT probes of a linked binary (its `.note.stapsdt` notes,
 * docs/modes.md): which provider:name pairs the binary really has. A
 * marker in an `#if` branch the build left out is in the catalog but has
 * no probe, and tracers refuse a script naming a probe that is not there.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { describeFsError, KmarkError } from './errors.js';
import { readElfSection } from './elf.js';

const NT_STAPSDT = 3;

/** `provider:name` of every SDT probe in the ELF file; null when it has no `.note.stapsdt`. */
export function sdtProbes(path: string): Set<string> | null {
  const notes = readElfSection(path, '.note.stapsdt');
  if (notes === null) return null;
  const addressSize = elfClass(path) === 2 ? 8 : 4;
  const probes = new Set<string>();
  for (let at = 0; at + 12 <= notes.length; ) {
    const nameSize = notes.readUInt32LE(at);
    const descSize = notes.readUInt32LE(at + 4);
    const type = notes.readUInt32LE(at + 8);
    const desc = at + 12 + align4(nameSize);
    if (desc + descSize > notes.length) throw new KmarkError(`${path}: .note.stapsdt: a note at offset ${at} runs past the section`);
    if (type === NT_STAPSDT) {
      const [provider, name] = notes.toString('utf8', desc + 3 * addressSize, desc + descSize).split('\0');
      probes.add(`${provider}:${name}`);
    }
    at = desc + align4(descSize);
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
