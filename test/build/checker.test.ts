/**
 * Kbuild's conventions for checkers and tools (sample-kernel/Makefile):
 * make C=1 / C=2 runs kmark lint as Kbuild runs sparse, and
 * compile_commands.json holds the build's own compile commands.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type Build, check, copyKernel, KMARK, make, removeTemporaries, steps, temporary } from './kernel.js';

let b: Build;
let src: string;

beforeAll(async () => {
  src = copyKernel(temporary('checker-src'));
  b = await build('trace', { src, kmark: KMARK });
}, 300_000);
afterAll(removeTemporaries);

const stepsOf = async (args: readonly string[]) => steps(check(await make(b.dir, ['-j2', ...args], { src, kmark: KMARK })));

describe('make C=1 and C=2', () => {
  it('C=2 lints every TU, C=1 only those it recompiles, each before its compile', async () => {
    const all = (await stepsOf(['C=2'])).filter((s) => s.startsWith('CHECK '));
    expect(all.length).toBeGreaterThan(20);
    expect(all).toContain('CHECK kernel/sched.c');
    expect((await stepsOf(['C=1'])).filter((s) => s.startsWith('CHECK '))).toEqual([]);
    const future = new Date(Date.now() + 5_000);
    utimesSync(join(src, 'kernel/fork.c'), future, future);
    const touched = await stepsOf(['C=1']);
    expect(touched.filter((s) => s.startsWith('CHECK '))).toEqual(['CHECK kernel/fork.c']);
    expect(touched.indexOf('CHECK kernel/fork.c')).toBeLessThan(touched.indexOf('CC kernel/fork.o'));
  }, 300_000);

  it('stops the build on a lint error, before gcc compiles the TU', async () => {
    const file = join(src, 'fs/libfs.c');
    const before = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, `${before}\nvoid kmark_checker_probe(long v)\n{\n\ttrace_mark(kmark_checker_probe, "v %d", v);\n}\n`);
      const r = await make(b.dir, ['C=1'], { src, kmark: KMARK });
      expect(r.status).not.toBe(0);
      expect(r.stdout).toContain('CHECK   fs/libfs.c');
      expect(r.stdout + r.stderr).toMatch(/fs\/libfs\.c:\d+:\d+: error: format '%d' expects/);
      expect(r.stdout).not.toContain('CC      fs/libfs.o');
    } finally {
      writeFileSync(file, before);
    }
  }, 300_000);

  it("lints with the TU's preprocessor flags: the #if branch gcc compiles under the build's configuration", async () => {
    const file = join(src, 'fs/libfs.c');
    const before = readFileSync(file, 'utf8');
    try {
      // With markers on (CONFIG_MARKERS in autoconf.h, which only the build's -include brings), val_t is long.
      writeFileSync(file, `${before}\n#ifdef CONFIG_MARKERS\ntypedef long kmark_val_t;\n#else\ntypedef int kmark_val_t;\n#endif\nvoid kmark_checker_config(kmark_val_t v)\n{\n\ttrace_mark(kmark_checker_config, "v %d", v);\n}\n`);
      const r = await make(b.dir, ['C=1'], { src, kmark: KMARK });
      expect(r.status).not.toBe(0);
      expect(r.stdout).toContain('CHECK   fs/libfs.c');
      expect(r.stdout + r.stderr).toContain("has type 'kmark_val_t' {aka 'long int'}");
      expect(r.stdout).not.toContain('CC      fs/libfs.o');
    } finally {
      writeFileSync(file, before);
    }
  }, 300_000);
});

describe('compile_commands.json', () => {
  it("holds each C object's compile command as the build ran it, and each compiles its file", async () => {
    const log = steps(check(await make(b.dir, ['V=1', 'compile_commands.json'], { src, kmark: KMARK })));
    expect(log.some((l) => l.includes('gen-compile-commands'))).toBe(true);
    const entries = JSON.parse(readFileSync(join(b.dir, 'compile_commands.json'), 'utf8')) as Array<{ directory: string; file: string; output: string; command: string }>;
    expect(entries.length).toBeGreaterThan(20);
    const config = readFileSync(join(b.dir, '.config'), 'utf8');
    const verbose = steps(check(await make(b.dir, ['V=1', '-B', 'vmlinux'], { src, kmark: KMARK })));
    // make -B remakes every target but must keep the user's configuration.
    expect(readFileSync(join(b.dir, '.config'), 'utf8')).toBe(config);
    for (const entry of entries) {
      expect(entry.directory).toBe(src);
      expect(entry.command.endsWith(entry.file.slice(src.length + 1))).toBe(true);
      // The very line make ran (V=1, with -B so that every object is compiled again).
      expect(verbose, entry.file).toContain(entry.command.trim().replace(/\s+/g, ' '));
    }
    const sched = entries.find((e) => e.file.endsWith('kernel/sched.c'))!;
    execFileSync('sh', ['-c', sched.command], { cwd: sched.directory });
  }, 300_000);
});
