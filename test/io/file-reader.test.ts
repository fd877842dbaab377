/**
 * FileReader (src/io/read.ts) reads many files through one buffer, stopping
 * at the first short read: every file comes back whole, whatever its size
 * against the buffer's, and a shorter file after a longer one is not
 * padded with the longer one's bytes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileReader } from '../../src/io/read.js';

const dir = mkdtempSync(join(tmpdir(), 'kmark-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MB = 1 << 20;
// The reader starts with a 1 MiB buffer: sizes around it, then smaller again.
const SIZES = [0, 1, 4095, MB - 1, MB, MB + 1, 3 * MB + 7, 10, 2 * MB];

describe('FileReader', () => {
  it('reads each file whole, in any order of sizes', () => {
    const reader = new FileReader();
    SIZES.forEach((size, k) => {
      const path = join(dir, `f${k}`);
      writeFileSync(path, Buffer.alloc(size, 65 + (k % 26)));
      const bytes = reader.read(path);
      expect(bytes.length).toBe(size);
      expect(bytes.equals(readFileSync(path))).toBe(true);
    });
  });
});
