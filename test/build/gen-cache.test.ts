/**
 * The build step's cache (kmark gen --cache-file, docs/build.md): a run reads
 * only the files whose size, time or inode changed, and what it writes is
 * what a run without the cache writes. A file changed behind the cache's
 * back (same size, same time, same inode) shows that it was not read; a
 * change of options or of kmark itself forgets everything.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { check, copyKernel, filesUnder, KMARK, removeTemporaries, REPO, run, temporary } from './kernel.js';

afterAll(removeTemporaries);

let src: string;
let out: string;
const TUS = ['kernel/sched.c', 'kernel/fork.c', 'net/socket.c', 'fs/read_write.c'];
const HEADER = 'include/linux/sched.h';

/** kmark gen over TUS into DIR, with the cache when asked. */
function gen(dir: string, options: { cache?: boolean; markup?: string; kmark?: string } = {}) {
  const args = ['gen', '--root', '.', '-I', 'include', '--markup', options.markup ?? 'default', '--out-dir', dir, '--catalog', join(dir, 'catalog.json'), '--section', join(dir, 'markers.S'), '--depfile', join(dir, 'kmark.d'), '--stamp', join(dir, 'stamp')];
  return check(run(options.kmark ?? KMARK, [...args, ...(options.cache === false ? [] : ['--cache-file', join(dir, '.kmark.cache')]), ...TUS], { cwd: src }));
}

/** Every output of a run, by path below its directory (which the depfile names, as its stamp's). */
function outputs(dir: string): Map<string, string> {
  return new Map(filesUnder(dir).filter((f) => !f.startsWith('.kmark.cache') && f !== 'stamp').map((f) => [f, readFileSync(join(dir, f), 'utf8').split(dir).join('<O>')]));
}

/** The TUs whose generated header holds `text`. */
const headersWith = (text: string): string[] => TUS.filter((tu) => readFileSync(join(out, tu.replace(/\.c$/, '.kmark.h')), 'utf8').includes(text));

/** Times an hour ago for every source, so that none is too recent for the cache to trust. */
function age(): void {
  const past = new Date(Date.now() - 3_600_000);
  for (const f of filesUnder(src)) utimesSync(join(src, f), past, past);
}

/** Edits a file behind the cache's back: same size, same time, same inode. */
function swapInPlace(rel: string, from: string, to: string): void {
  expect(to.length).toBe(from.length);
  const path = join(src, rel);
  const before = statSync(path);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
  utimesSync(path, before.atime, before.mtime);
  expect(statSync(path).mtimeMs).toBe(before.mtimeMs);
}

/** A marker of HEADER whose name the tests rewrite: same length, so the swap keeps the size. */
const renamed = (text: string): boolean => text.includes('sched_task_gat');

beforeEach(() => {
  const root = temporary('gen-cache');
  src = copyKernel(root);
  out = join(root, 'out');
  age();
});

describe('kmark gen --cache-file', () => {
  it('writes what a run without the cache writes, and a second run rewrites nothing', () => {
    gen(out);
    const cold = join(out, '..', 'cold');
    gen(cold, { cache: false });
    expect(outputs(out)).toEqual(outputs(cold));
    const times = filesUnder(out).filter((f) => f !== 'stamp' && f !== '.kmark.cache').map((f) => statSync(join(out, f)).mtimeMs);
    gen(out);
    expect(filesUnder(out).filter((f) => f !== 'stamp' && f !== '.kmark.cache').map((f) => statSync(join(out, f)).mtimeMs)).toEqual(times);
  });

  it('does not read a file whose size, time and inode are unchanged', () => {
    gen(out);
    const includers = headersWith('sched_task_get');
    expect(includers.length).toBeGreaterThanOrEqual(2);
    swapInPlace(HEADER, 'sched_task_get', 'sched_task_gat');
    gen(out);
    expect(renamed(readFileSync(join(out, 'catalog.json'), 'utf8')), 'the cache read the file').toBe(false);
    // Its time changed: now it is read, and every includer's header follows.
    const now = new Date();
    utimesSync(join(src, HEADER), now, now);
    gen(out);
    const catalog = readFileSync(join(out, 'catalog.json'), 'utf8');
    expect(renamed(catalog)).toBe(true);
    expect(headersWith('sched_task_gat')).toEqual(includers);
    const cold = join(out, '..', 'cold');
    gen(cold, { cache: false });
    expect(outputs(out)).toEqual(outputs(cold));
  });

  it('forgets everything when the options change', () => {
    gen(out);
    swapInPlace(HEADER, 'sched_task_get', 'sched_task_gat');
    gen(out, { markup: 'symbol' });
    expect(renamed(readFileSync(join(out, 'catalog.json'), 'utf8'))).toBe(true);
    expect(readFileSync(join(out, 'catalog.json'), 'utf8')).toContain('"markup": "symbol"');
  });

  it('forgets everything when kmark itself changes', () => {
    gen(out);
    swapInPlace(HEADER, 'sched_task_get', 'sched_task_gat');
    // Another kmark: the same launcher and bundle, written again.
    const other = join(out, '..', 'other-kmark');
    mkdirSync(other);
    cpSync(join(REPO, 'bin'), join(other, 'bin'), { recursive: true });
    cpSync(join(REPO, 'dist'), join(other, 'dist'), { recursive: true });
    symlinkSync(join(REPO, 'schemas'), join(other, 'schemas'));
    symlinkSync(join(REPO, 'package.json'), join(other, 'package.json'));
    symlinkSync(join(REPO, 'node_modules'), join(other, 'node_modules'));
    const future = new Date(Date.now() + 60_000);
    // gen runs from the build step's own bundle (src/cli/build-step.ts).
    utimesSync(join(other, 'dist', 'cli', 'build-step.cjs'), future, future);
    gen(out, { kmark: join(other, 'bin', 'kmark') });
    expect(renamed(readFileSync(join(out, 'catalog.json'), 'utf8'))).toBe(true);
  });

  it('takes a cache it cannot read as an empty one', () => {
    gen(out);
    writeFileSync(join(out, '.kmark.cache'), 'not a cache');
    swapInPlace(HEADER, 'sched_task_get', 'sched_task_gat');
    gen(out);
    expect(renamed(readFileSync(join(out, 'catalog.json'), 'utf8'))).toBe(true);
    rmSync(join(out, '.kmark.cache'));
    gen(out);
  });
});
