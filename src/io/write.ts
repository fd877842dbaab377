/**
 * Kbuild's filechk, for Node: a file is written only when its content
 * changes (so make sees no new mtime), and through a temporary file renamed
 * over it, so a run killed at any point leaves the old file or the new one.
 * Only regular files are replaced so: a character device or a FIFO
 * (`-o /dev/null`, a pipe) is written through as the shell's `>` would, and
 * anything else that is not a regular file is refused (docs/bad-input.md).
 */
import { closeSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeFsError, KmarkError } from './errors.js';

/** Returns true when the file was (re)written. */
export function writeIfChanged(path: string, content: string | Buffer): boolean {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const existing = statOrNull(path);
  if (existing !== null && !existing.isFile()) {
    writeThrough(path, existing, data);
    return true;
  }
  try {
    if (existing !== null && existing.size === data.length && sameBytes(path, data)) return false;
  } catch {
    // Unreadable: write it.
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    makeDirectory(dirname(path));
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new KmarkError(`${path}: cannot write: ${describeFsError(error)}`);
  }
  removeStaleTemporaries(path);
  return true;
}

/**
 * Whether the file holds these bytes, read a piece at a time: a large
 * output (the stored result of a scan of a kernel tree, ~60 MB) is not held
 * twice to be compared (docs/performance.md).
 */
function sameBytes(path: string, data: Buffer): boolean {
  const piece = Buffer.allocUnsafe(Math.max(1, Math.min(data.length, 1 << 20)));
  const fd = openSync(path, 'r');
  try {
    for (let at = 0; at < data.length;) {
      const read = readSync(fd, piece, 0, Math.min(piece.length, data.length - at), at);
      if (read === 0 || !piece.subarray(0, read).equals(data.subarray(at, at + read))) return false;
      at += read;
    }
    return readSync(fd, piece, 0, 1, data.length) === 0;
  } finally {
    closeSync(fd);
  }
}

/** The directories this run found or made: a build step writes thousands of files into a few hundred. */
const madeDirectories = new Set<string>();

/** mkdir -p, one level at a time: Node's recursive mkdir reports a read-only file system as ENOENT. */
function makeDirectory(directory: string): void {
  if (madeDirectories.has(directory)) return;
  if (statSync(directory, { throwIfNoEntry: false }) === undefined) {
    makeDirectory(dirname(directory));
    try {
      mkdirSync(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  madeDirectories.add(directory);
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null;
  } catch (error) {
    throw new KmarkError(`${path}: cannot write: ${describeFsError(error)}`);
  }
}

function writeThrough(path: string, existing: Stats, data: Buffer): void {
  if (!existing.isCharacterDevice() && !existing.isFIFO()) {
    const what = existing.isDirectory() ? 'is a directory' : existing.isBlockDevice() ? 'is a block device' : 'is not a regular file';
    throw new KmarkError(`${path}: cannot write: ${what}; give a regular file, a character device or a FIFO`);
  }
  try {
    writeFileSync(path, data);
  } catch (error) {
    throw new KmarkError(`${path}: cannot write: ${describeFsError(error)}`);
  }
}

/**
 * The temporaries in each directory (`.NAME.PID.tmp`), by NAME, listed once
 * per run: listing the directory after every write made writing a build's
 * thousands of outputs into one directory quadratic (docs/build.md).
 */
const temporariesByDirectory = new Map<string, Map<string, string[]>>();

function temporariesIn(directory: string): Map<string, string[]> {
  let byName = temporariesByDirectory.get(directory);
  if (byName === undefined) {
    byName = new Map();
    let names: string[] = [];
    try {
      names = readdirSync(directory);
    } catch {
      // Unlisted: nothing to remove.
    }
    for (const name of names) {
      const temporary = /^\.(.+)\.\d+\.tmp$/s.exec(name);
      if (temporary !== null) byName.set(temporary[1]!, [...(byName.get(temporary[1]!) ?? []), name]);
    }
    temporariesByDirectory.set(directory, byName);
  }
  return byName;
}

/** Temporaries of runs killed before their rename (`.NAME.PID.tmp` whose PID is gone), removed once a write succeeds. */
function removeStaleTemporaries(path: string): void {
  const byName = temporariesIn(dirname(path));
  const prefix = `.${basename(path)}.`;
  const names = byName.get(basename(path)) ?? [];
  byName.delete(basename(path));
  for (const name of names) {
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (Number.isInteger(pid) && pid > 0 && !isRunning(pid)) rmSync(join(dirname(path), name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates the file or updates its time, as touch(1). */
export function touch(path: string): void {
  try {
    makeDirectory(dirname(path));
    closeSync(openSync(path, 'a'));
    const now = new Date();
    utimesSync(path, now, now);
  } catch (error) {
    throw new KmarkError(`${path}: cannot touch: ${describeFsError(error)}`);
  }
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
