/**
 * Reading files: many through one reused buffer (allocating a fresh Buffer
 * per file made the garbage collector a quarter of a large scan's time), and
 * a JSON document with a one-line error.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { describeFsError, KmarkError } from './errors.js';

/** The parsed JSON of a file; a KmarkError `path: reason` when it cannot be read or is not JSON. */
export function readJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new KmarkError(`${path}: ${error instanceof SyntaxError ? `not valid JSON: ${error.message}` : describeFsError(error)}`);
  }
}

export class FileReader {
  private buffer = Buffer.allocUnsafe(1 << 20);

  /** The file's bytes, valid until the next call: copy what must outlive it. */
  read(path: string): Buffer {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size + 1 > this.buffer.length) this.buffer = Buffer.allocUnsafe(Math.max(size + 1, this.buffer.length * 2));
      let length = 0;
      // Read until EOF rather than trusting the size: the file may grow, or be a pipe.
      for (;;) {
        if (length === this.buffer.length) {
          const larger = Buffer.allocUnsafe(this.buffer.length * 2);
          this.buffer.copy(larger);
          this.buffer = larger;
        }
        const count = readSync(fd, this.buffer, length, this.buffer.length - length, null);
        if (count === 0) break;
        length += count;
      }
      return this.buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  }
}
