/**
 * The result cache of scan and lint (src/cached-analysis.ts), through the
 * built CLI: a second run of an unchanged tree gives byte for byte the cold
 * run's output without reading it, and each thing the result depends on
 * makes the next run read the tree again.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { kmark, REPO, type Run } from '../helpers/cli.js';

let base: string;
let tree: string;
let include: string;

/** Waits past the cache's "racily clean" window (src/cached-analysis.ts), so that a file just written can be trusted by its stamp. */
const settle = (): Promise<void> => new Promise((done) => setTimeout(done, 150));

beforeEach(async () => {
  base = mkdtempSync(join(tmpdir(), 'kmark-cache-'));
  process.env.XDG_CACHE_HOME = join(base, 'cache');
  tree = join(base, 'tree');
  include = join(base, 'include');
  mkdirSync(join(tree, 'kernel'), { recursive: true });
  mkdirSync(include);
  writeFileSync(join(include, 'types.h'), 'typedef unsigned long cookie_t;\n');
  writeFileSync(join(tree, 'kernel/sched.h'), '#define __hotpath __attribute__((hot))\n');
  writeFileSync(join(tree, 'kernel/sched.c'), '#include "sched.h"\n#include <types.h>\n#include <late.h>\nvoid __hotpath run(cookie_t c, late_t n)\n{\n\ttrace_mark(sched_run, "cookie %lu n %d", c, n);\n}\n');
  writeFileSync(join(tree, 'kmark.config.json'), '{}\n');
  await settle();
});

const scan = (...extra: string[]): Run => kmark(['scan', '--stats', ...extra, tree], { cwd: tree });
const lint = (...extra: string[]): Run => kmark(['lint', '--format', 'json', '-I', include, ...extra, tree], { cwd: tree });
const cacheFiles = (): string[] => readdirSync(join(base, 'cache/kmark')).map((f) => join(base, 'cache/kmark', f));
const REUSED = /unchanged since the last run, its result reused/;
const READ = /read on 1 thread/;

describe('the result cache', () => {
  it("gives the cold run's output byte for byte, without reading the tree, in every format", async () => {
    const cold = scan();
    expect(cold.stderr).toMatch(READ);
    expect(cold.stdout).toMatch(/^kernel\/sched\.c:6:2 {2}kernel\/sched\.c:run:1 {2}sched_run$/m);
    const warm = scan();
    expect(warm.stderr).toMatch(REUSED);
    expect(warm.stdout).toBe(cold.stdout);
    expect(kmark(['scan', '--format', 'json', tree], { cwd: tree }).stdout).toBe(kmark(['scan', '--no-cache', '--format', 'json', tree], { cwd: tree }).stdout);
    const lintCold = lint('--no-cache');
    expect(lintCold.status).toBe(0);
    const lintWarm = lint();
    expect(lintWarm).toEqual(lintCold);
    expect(lint()).toEqual(lintCold);
    // One result per command; the replays of whole runs are test/cli/replay.test.ts's.
    expect(cacheFiles().filter((f) => !/replay-/.test(f))).toHaveLength(2);
  });

  it('is written, not read, with --no-cache', () => {
    scan('--no-cache');
    expect(scan('--no-cache').stderr).toMatch(READ);
    expect(scan().stderr).toMatch(REUSED);
  });

  it('reads the tree again when a file is edited, or touched with the same size', async () => {
    const cold = scan();
    const file = join(tree, 'kernel/sched.c');
    writeFileSync(file, readFileSync(file, 'utf8').replace('sched_run', 'sched_ran'));
    await settle();
    const edited = scan();
    expect(edited.stderr).toMatch(READ);
    expect(edited.stdout).toContain('sched_ran');
    expect(scan().stderr).toMatch(REUSED);
    const later = new Date(Date.now() + 5_000);
    utimesSync(file, later, later);
    await settle();
    const touched = scan();
    expect(touched.stderr).toMatch(READ);
    expect(touched.stdout).toBe(edited.stdout);
    expect(cold.stdout).not.toBe(edited.stdout);
  });

  it("reads the tree again when a header without markers changes: its macros may name another file's function", async () => {
    const cold = scan();
    expect(scan().stderr).toMatch(REUSED);
    writeFileSync(join(tree, 'kernel/sched.h'), '#define __hotpath __attribute__((cold))\n');
    await settle();
    expect(scan()).toEqual(cold);
  });

  it('lints again when a header outside the tree changes, or one appears where a missing one was looked for', async () => {
    const rules = (run: Run): string[] => (JSON.parse(run.stdout) as { diagnostics: Array<{ rule: string }> }).diagnostics.map((d) => d.rule);
    // late.h is missing: late_t is unresolved.
    expect(rules(lint())).toEqual(['type-unresolved']);
    writeFileSync(join(include, 'types.h'), 'typedef unsigned int cookie_t;\n');
    await settle();
    expect(rules(lint())).toEqual(['format-type', 'type-unresolved']);
    expect(rules(lint())).toEqual(['format-type', 'type-unresolved']);
    writeFileSync(join(include, 'late.h'), 'typedef int late_t;\n');
    await settle();
    expect(rules(lint())).toEqual(['format-type']);
  });

  it('reads the tree again when the configuration or an option changes', async () => {
    const before = scan('--format', 'json').stdout;
    writeFileSync(join(tree, 'kmark.config.json'), '{ "functionMacros": { "run": "renamed_{1}" } }\n');
    await settle();
    const configured = scan('--format', 'json');
    expect(configured.stderr).toMatch(READ);
    expect(configured.stdout).not.toBe(before);
    writeFileSync(join(tree, 'kmark.config.json'), '{}\n');
    await settle();
    expect(scan('--format', 'json').stdout).toBe(before);
    expect(scan('--abi', 'ilp32').stderr).toMatch(READ);
    // Without -I, cookie_t is unresolved: a note, an error with --strict.
    const noted = kmark(['lint', '--format', 'json', tree], { cwd: tree });
    expect(noted).toMatchObject({ status: 0, stdout: expect.stringMatching(/type-unresolved/) });
    expect(kmark(['lint', '--format', 'json', '--strict', tree], { cwd: tree })).toMatchObject({ status: 1 });
    expect(kmark(['lint', '--format', 'json', tree], { cwd: tree })).toEqual(noted);
  });

  it('reads the tree again when kmark itself changes', async () => {
    const copy = join(base, 'kmark');
    for (const part of ['bin', 'dist', 'schemas', 'package.json']) cpSync(join(REPO, part), join(copy, part), { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
    const run = (): Run => {
      const result = spawnSync(join(copy, 'bin/kmark'), ['scan', '--stats', tree], { cwd: tree, encoding: 'utf8' });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    expect(run().stderr).toMatch(READ);
    expect(run().stderr).toMatch(REUSED);
    writeFileSync(join(copy, 'dist/cli/main.cjs'), `${readFileSync(join(copy, 'dist/cli/main.cjs'), 'utf8')}\n// another build\n`);
    expect(run().stderr).toMatch(READ);
  });

  it('ignores a corrupt cache file, and writes a good one over it', () => {
    const cold = scan();
    for (const file of cacheFiles()) writeFileSync(file, 'not a cache\0\xff');
    const after = scan();
    expect(after).toEqual({ ...cold });
    expect(scan().stderr).toMatch(REUSED);
    for (const file of cacheFiles()) writeFileSync(file, readFileSync(file).subarray(0, 40));
    expect(scan()).toEqual(cold);
  });
});
