/**
 * Reading on several threads (src/scan/prefilter.ts) through the built CLI,
 * where the worker's script exists: the same output as on one thread, file
 * problems included, and the worker really reads.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kmark } from '../helpers/cli.js';

const FILES = 1_200;
let tree: string;

beforeAll(() => {
  tree = mkdtempSync(join(tmpdir(), 'kmark-parallel-'));
  for (let i = 0; i < FILES; i++) {
    const dir = join(tree, `d${i % 12}`);
    mkdirSync(dir, { recursive: true });
    const filler = `static int filler_${i}(int v) { return v * ${i}; /* remarks, bookmarks */ }\n`.repeat(250);
    // Named f<i> only if the annotation macro of a header read on any thread is known: __in_<i> alone would be taken for the name.
    // __out_<i> is defined as one in a header and vetoed by the next: h<i> is taken for no name, whichever thread read either.
    const marker = i % 97 === 0 ? `void f${i}(int x) __in_${i - (i % 5)}(".x")\n{\n\ttrace_mark(test_m${i}, "x %d", x);\n}\n` + `void h${i}(int x) __out_${i - (i % 5)}(".y")\n{\n\ttrace_mark(test_v${i}, "x %d", x);\n}\n` : '';
    const header = i % 5 === 0 ? `#define __in_${i}(s) __attribute__((section(s)))\n#define __out_${i}(s) __attribute__((section(s)))\n${i >= 5 ? `#define __out_${i - 5}(s) (s)\n` : ''}` : '';
    writeFileSync(join(dir, `f${i}.${i % 5 === 0 ? 'h' : 'c'}`), header + filler + marker);
  }
  writeFileSync(join(tree, 'd3/binary.c'), Buffer.concat([Buffer.from('trace_mark'), Buffer.alloc(8)]));
  writeFileSync(join(tree, 'd4/latin1.c'), Buffer.concat([Buffer.from('/* Ren'), Buffer.from([0xe9]), Buffer.from(' */\nvoid g(int x)\n{\n\ttrace_mark(test_latin, "%d", x);\n}\n')]));
  symlinkSync('missing.c', join(tree, 'd5/dangling.c'));
});

describe('scan -j', () => {
  it('reads a large tree on two threads and says so', () => {
    expect(kmark(['scan', '--no-cache', '--stats', '-j', '2', '--root', tree, tree]).stderr).toMatch(/^kmark: 1202 files \(\d+\.\d MB\) read on 2 threads, 15 parsed, 27 markers$/m);
  });

  it('prints exactly what one thread prints: markers, warnings, problems, exit status', () => {
    const one = kmark(['scan', '--no-cache', '-j', '1', '--root', tree, tree]);
    const two = kmark(['scan', '--no-cache', '-j', '2', '--root', tree, tree]);
    expect(one.stdout.split('\n')).toHaveLength(27 + 1);
    expect(one.stdout.match(/:f\d+:1 /g)).toHaveLength(13);
    expect(one.stdout.match(/:__out_\d+:1 /g)).toHaveLength(13);
    expect(one.stderr).toMatch(/d5\/dangling\.c: no such file or directory/);
    expect(one.stderr).toMatch(/binary file \(NUL byte\), skipped/);
    expect(two).toEqual(one);
  });

  it('stamps each file on the thread that reads it: the next run reuses the result', () => {
    const env = { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'kmark-parallel-cache-')) };
    const cold = kmark(['scan', '--stats', '-j', '2', '--root', tree, tree], { env });
    expect(cold.stderr).toMatch(/read on 2 threads/);
    const warm = kmark(['scan', '--stats', '-j', '2', '--root', tree, tree], { env });
    expect(warm.stderr).toMatch(/unchanged since the last run, its result reused/);
    expect(warm.stdout).toBe(cold.stdout);
  });

  it('reads on one thread by default below 5,000 files a thread: a worker would cost more than it saves', () => {
    expect(kmark(['scan', '--no-cache', '--stats', '--root', tree, tree]).stderr).toMatch(/read on 1 thread,/);
  });

  it('refuses a thread count that is not a whole number of at least 1', () => {
    expect(kmark(['scan', '-j', '0', tree])).toMatchObject({ status: 2, stderr: expect.stringMatching(/--jobs: expected a whole number/) });
  });
});
