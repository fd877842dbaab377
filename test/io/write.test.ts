/** writeIfChanged (src/io/write.ts): what it leaves beside the file it writes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KmarkError } from '../../src/io/errors.js';
import { writeIfChanged } from '../../src/io/write.js';

describe('writeIfChanged', () => {
  it("removes the temporaries of killed runs once it writes, and keeps a running one's", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmark-write-'));
    // Above Linux's largest pid_max (2^22): no process has it.
    writeFileSync(join(dir, '.out.json.4194305.tmp'), 'torn');
    writeFileSync(join(dir, `.out.json.${process.ppid}.tmp`), 'being written');
    writeFileSync(join(dir, '.other.json.4194305.tmp'), 'not ours');
    expect(writeIfChanged(join(dir, 'out.json'), '{}\n')).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['.other.json.4194305.tmp', `.out.json.${process.ppid}.tmp`, 'out.json']);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('{}\n');
    // The directory is listed once per run: the next file written there still loses its killed temporaries.
    expect(writeIfChanged(join(dir, 'other.json'), '[]\n')).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([`.out.json.${process.ppid}.tmp`, 'other.json', 'out.json']);
  });

  it('compares a piece at a time: the same bytes are left alone, a change in any piece or a longer file is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmark-write-'));
    const path = join(dir, 'out.v8');
    // Three pieces of 1 MiB and a part.
    const bytes = Buffer.alloc(3 * (1 << 20) + 17, 7);
    for (const content of [Buffer.alloc(0), bytes]) {
      expect(writeIfChanged(path, content)).toBe(true);
      expect(writeIfChanged(path, Buffer.from(content))).toBe(false);
    }
    const changed = Buffer.from(bytes);
    changed[2 * (1 << 20) + 5] = 8;
    expect(writeIfChanged(path, changed)).toBe(true);
    expect(readFileSync(path).equals(changed)).toBe(true);
    expect(writeIfChanged(path, bytes.subarray(0, bytes.length - 1))).toBe(true);
    expect(readFileSync(path).length).toBe(bytes.length - 1);
  });

  it('names the path and the reason when a parent is a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmark-write-'));
    writeFileSync(join(dir, 'file'), '');
    expect(() => writeIfChanged(join(dir, 'file', 'sub', 'out.json'), '{}')).toThrow(new KmarkError(`${join(dir, 'file', 'sub', 'out.json')}: cannot write: not a directory`));
  });

  it("says a read-only file system is read-only (Node's recursive mkdir says ENOENT)", (context) => {
    const dir = mkdtempSync(join(tmpdir(), 'kmark-write-ro-'));
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro', 'tmpfs', dir]).status !== 0) {
      console.log('skipped: cannot mount a read-only tmpfs here (needs root)');
      return context.skip('cannot mount a read-only tmpfs here');
    }
    try {
      for (const path of [join(dir, 'out.json'), join(dir, 'sub', 'out.json')]) {
        expect(() => writeIfChanged(path, '{}')).toThrow(new KmarkError(`${path}: cannot write: read-only file system`));
      }
    } finally {
      spawnSync('umount', [dir]);
    }
  });
});
