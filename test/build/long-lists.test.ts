import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const KBUILD_INCLUDE = new URL('../../sample-kernel/scripts/Kbuild.include', import.meta.url).pathname;
const GEN_BUILD_TREE = new URL('../../bench/gen-build-tree.mjs', import.meta.url).pathname;

/** A makefile whose one target is written by list-file, as the sample kernel writes kmark.tus and vmlinux.objs. */
function listMakefile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kmark-list-file-'));
  writeFileSync(join(dir, 'Makefile'), `include ${KBUILD_INCLUDE}\nlist: FORCE\n\t$(call list-file,$@,$(WORDS))\nFORCE:\n.PHONY: FORCE\n`);
  return dir;
}

function makeList(dir: string, words: string, shell = '/bin/sh') {
  const r = spawnSync('make', ['-s', '-C', dir, `WORDS=${words}`, `SHELL=${shell}`], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return { text: readFileSync(join(dir, 'list'), 'utf8'), mtime: statSync(join(dir, 'list')).mtimeMs };
}

describe('list-file (sample-kernel/scripts/Kbuild.include)', () => {
  it('writes the words once, and leaves an unchanged list alone without starting a shell', () => {
    const dir = listMakefile();
    expect(makeList(dir, 'a.c b.c').text).toBe('a.c b.c\n');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'list'), past, past);
    // A shell that fails: only a list-file that compares in make itself succeeds.
    const again = makeList(dir, 'a.c  b.c ', '/bin/false');
    expect(Math.round(again.mtime)).toBe(past.getTime());
  });

  it.each([
    ['a word added', 'a.c b.c c.c'],
    ['a word removed, the rest a prefix of the old list', 'a.c'],
    ['the same words in another order (link order matters)', 'b.c a.c'],
  ])('rewrites the list when %s', (_, words) => {
    const dir = listMakefile();
    makeList(dir, 'a.c b.c');
    expect(makeList(dir, words).text).toBe(`${words}\n`);
  });
});

describe('make clean of a kernel-sized tree', () => {
  it('removes every object although their list is longer than one command line', () => {
    const tree = mkdtempSync(join(tmpdir(), 'kmark-clean-'));
    const gen = spawnSync(process.execPath, [GEN_BUILD_TREE, tree, '--tus', '2000'], { encoding: 'utf8' });
    expect(gen.status, gen.stderr).toBe(0);
    const out = join(tree, 'out');
    const objects = ['drivers/gen/d00/gen_f0001.o', 'kernel/sched.o'].map((o) => join(out, o));
    for (const o of objects) {
      mkdirSync(dirname(o), { recursive: true });
      writeFileSync(o, '');
    }
    const r = spawnSync('make', ['-s', '-C', tree, `O=${out}`, 'clean'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    for (const o of objects) expect(existsSync(o), o).toBe(false);
  });
});
