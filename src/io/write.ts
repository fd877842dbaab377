/**
 * Kbuild's filechk, for Node: a file is written only when its content
 * changes (so make sees no new mtime), and through a temporary file renamed
 * over it, so a run killed at any point leaves the old file or the new one.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeFsError, KmarkError } from './errors.js';

/** Returns true when the file was (re)written. */
export function writeIfChanged(path: string, content: string | Buffer): boolean {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  try {
    if (readFileSync(path).equals(data)) return false;
  } catch {
    // Missing or unreadable: write it.
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new KmarkError(`${path}: cannot write: ${describeFsError(error)}`);
  }
  return true;
}

/**
 * Writes a directory of files as a whole: built beside it and renamed over
 * it, so a reader sees the old directory or the new one, never a mix.
 */
export function writeDirectory(path: string, files: ReadonlyMap<string, string | Buffer>): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const previous = `${temporary}.old`;
  try {
    rmSync(temporary, { recursive: true, force: true });
    mkdirSync(temporary, { recursive: true });
    for (const [name, content] of files) writeFileSync(join(temporary, name), content);
    let replaced = true;
    try {
      renameSync(path, previous);
    } catch {
      replaced = false;
    }
    renameSync(temporary, path);
    if (replaced) rmSync(previous, { recursive: true, force: true });
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw new KmarkError(`${path}: cannot write: ${describeFsError(error)}`);
  }
}

/** Creates the file or updates its time, as touch(1). */
export function touch(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    closeSync(openSync(path, 'a'));
    const now = new Date();
    utimesSync(path, now, now);
  } catch (error) {
    throw new KmarkError(`${path}: cannot touch: ${describeFsError(error)}`);
  }
}
