/**
 * Reading files: many through one reused buffer (allocating a fresh Buffer
 * per file made the garbage collector a quarter of a large scan's time), and
 * a JSON document with a one-line error.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, type BigIntStats, type Stats } from 'node:fs';
import { describeFsError, KmarkError } from './errors.js';

/** The parsed JSON of a file; a KmarkError `path: reason` when it cannot be read or is not JSON. */
export function readJsonFile(path: string): unknown {
  const bytes = readInputFile(path);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new KmarkError(`${path}: not valid JSON: ${oneLine((error as Error).message)}`);
  }
}

/** The bytes of a file a command is given; a KmarkError `path: reason` when it cannot be read. */
export function readInputFile(path: string): Buffer {
  try {
    return readRegularFile(path);
  } catch (error) {
    throw new KmarkError(`${path}: ${describeFsError(error)}`);
  }
}

/** JSON.parse quotes the text it stopped at, newlines and all: a message is one line. */
export const oneLine = (message: string): string => message.replace(/\s*\n\s*/g, ' ');

/** Why a path that is not a regular file is not read: a FIFO would block, a device never end (docs/bad-input.md). */
export function notRegularFile(stats: Stats | BigIntStats): string {
  const kind = stats.isFIFO() ? 'a FIFO' : stats.isCharacterDevice() ? 'a character device' : stats.isBlockDevice() ? 'a block device' : stats.isSocket() ? 'a socket' : 'not a file';
  return `not a regular file (${kind}), not read`;
}

/** Opens a regular file for reading; a KmarkError for anything else. `onStats` sees what fstat said of whatever was opened. */
function openRegularFile(path: string, onStats?: (stats: BigIntStats) => void): { fd: number; size: number } {
  // Non-blocking, so that opening a FIFO returns and fstat can refuse it.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const stats = fstatSync(fd, { bigint: true });
  onStats?.(stats);
  if (stats.isFile()) return { fd, size: Number(stats.size) };
  closeSync(fd);
  throw new KmarkError(notRegularFile(stats));
}

/** A whole regular file; a KmarkError when the path is anything else. */
export function readRegularFile(path: string): Buffer {
  const { fd } = openRegularFile(path);
  try {
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class FileReader {
  private buffer = Buffer.allocUnsafe(1 << 20);

  /**
   * The file's bytes, valid until the next call: copy what must outlive it.
   * A KmarkError when it is not a regular file. `onStats` sees the opened
   * file's fstat, which a stamp can be taken from (src/io/stamps.ts).
   */
  read(path: string, onStats?: (stats: BigIntStats) => void): Buffer {
    const { fd, size } = openRegularFile(path, onStats);
    try {
      if (size + 1 > this.buffer.length) this.buffer = Buffer.allocUnsafe(Math.max(size + 1, this.buffer.length * 2));
      let length = 0;
      // Read until EOF rather than trusting the size: the file may grow. A read of a regular file
      // that returns less than asked is at its end: asking again to be told 0 was a syscall a file.
      for (;;) {
        if (length === this.buffer.length) {
          const larger = Buffer.allocUnsafe(this.buffer.length * 2);
          this.buffer.copy(larger);
          this.buffer = larger;
        }
        const asked = this.buffer.length - length;
        const count = readSync(fd, this.buffer, length, asked, null);
        length += count;
        if (count < asked) break;
      }
      return this.buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  }
}
