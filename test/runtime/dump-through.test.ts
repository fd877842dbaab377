/**
 * The trace dump onto a path that is not a regular file (docs/runtime.md):
 * written through, never renamed over, as kmark's own outputs
 * (docs/bad-input.md). Uses no-sites.c, which dumps to the path it is given,
 * and errors of the console (KERN_ERR) on stderr.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const KERNEL = join(REPO, 'sample-kernel');
const CFLAGS = ['-std=gnu11', '-O2', '-Wall', '-Werror', '-pthread', `-I${join(KERNEL, 'include')}`];

const dir = mkdtempSync(join(tmpdir(), 'kmark-dump-through-'));
const program = join(dir, 'no-sites');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  const sources = [join(REPO, 'test/runtime/no-sites.c'), join(KERNEL, 'kernel/marker.c'), join(KERNEL, 'kernel/printk.c')];
  const gcc = spawnSync('gcc', [...CFLAGS, '-o', program, ...sources], { encoding: 'utf8' });
  if (gcc.status !== 0) throw new Error(`gcc failed:\n${gcc.stderr}`);
});

const dumpTo = (path: string): string => spawnSync(program, [path], { encoding: 'utf8', timeout: 20_000 }).stdout;

describe('the trace dump onto a path that is not a regular file', () => {
  it('writes through a FIFO to its reader and leaves the FIFO in place', async () => {
    const fifo = join(dir, 'trace.fifo');
    const received = join(dir, 'received.kmtrace');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('sh', ['-c', `cat "${fifo}" > "${received}"`]);
    const finished = new Promise((resolve) => reader.on('exit', resolve));
    try {
      expect(dumpTo(fifo)).toContain('dump=0\n');
      expect(statSync(fifo).isFIFO()).toBe(true);
      await finished;
    } finally {
      reader.kill();
    }
    expect(readFileSync(received).subarray(0, 8).toString('latin1')).toBe('KMTRACE1');
  });

  it.skipIf(process.getuid?.() !== 0)('leaves a character device a character device (as root, who could rename over it)', () => {
    const node = join(dir, 'null');
    expect(spawnSync('mknod', [node, 'c', '1', '3']).status).toBe(0);
    expect(dumpTo(node)).toContain('dump=0\n');
    expect(statSync(node).isCharacterDevice()).toBe(true);
  });

  it('still renames into place over a regular file', () => {
    const file = join(dir, 'regular.kmtrace');
    expect(dumpTo(file)).toContain('dump=0\n');
    expect(statSync(file).isFile()).toBe(true);
    expect(() => statSync(`${file}.tmp`)).toThrow();
  });
});
