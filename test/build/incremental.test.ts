/**
 * Incremental builds of the sample kernel: what `make` redoes after a
 * source, a header or the configuration changes, and nothing more; and
 * whether two clean builds in different O= directories generate the same
 * files. Everything here edits sources, so it works on a copy of the sample
 * kernel in a temporary directory (never on the repository's files), built
 * with KMARK=bin/kmark on the make command line.
 */
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, build, type Build, catalogFromElf, check, copyKernel, decode, expectCatalogOfSources, explain, filesUnder, KMARK, kmark, make, type MakeOptions, printkLines, readCatalog, removeTemporaries, steps, temporary, valuesOf } from './kernel.js';

let src: string;
let first: Build;
let second: Build;
let options: MakeOptions;

beforeAll(async () => {
  const root = temporary('incremental');
  src = copyKernel(root);
  options = { src, kmark: KMARK };
  first = await build('trace', { ...options, dir: join(root, 'o1') });
  second = await build('trace', { ...options, dir: join(root, 'o2') });
}, 300_000);

afterAll(removeTemporaries);

/** `make -j2` again in the first tree: the steps it printed (it must succeed). */
async function remake(...args: string[]): Promise<string[]> {
  const r = check(await make(first.dir, ['-j2', ...args], options));
  expect(r.stderr, explain(r)).toBe('');
  return steps(r);
}

const mtime = (path: string): number => statSync(path).mtimeMs;
const dotConfig = (): string => readFileSync(join(first.dir, '.config'), 'utf8');

/** Edits a file of the copy. */
function edit(rel: string, change: (text: string) => string): void {
  const path = join(src, rel);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
}

/** The TUs (as .c) whose gcc depfile in the first tree names `header`: gcc's own view of who includes it. */
function includersByGcc(header: string): string[] {
  return filesUnder(first.dir)
    .filter((f) => /(^|\/)\.[^/]+\.o\.d$/.test(f))
    .filter((f) => readFileSync(join(first.dir, f), 'utf8').split(/[\s\\]+/).includes(header))
    .map((f) => f.replace(/(^|\/)\.([^/]+)\.o\.d$/, '$1$2.c'))
    .sort();
}

/** kmark's depfile for the build step: every TU and header it read. */
function kmarkInputs(): string[] {
  return readFileSync(join(first.dir, '.kmark.stamp.d'), 'utf8').split(/[\s\\]+/).filter((f) => /\.[ch]$/.test(f));
}

/** What the one kmark step of the build prints. */
const KMARK_STEP = /^KMARK \d+ TUs$/;

/**
 * The steps of a rebuild, whatever order make -j2 ran the independent ones
 * in, and each in its place: the one KMARK step before every CC, then AS
 * when the section changed, and LD last.
 */
function expectSteps(log: readonly string[], tus: readonly string[], link: boolean): void {
  const kmarkStep = log.find((l) => KMARK_STEP.test(l)) ?? 'KMARK (missing)';
  const expected = [kmarkStep, ...tus.map((tu) => `CC ${tu.replace(/\.c$/, '.o')}`), ...(link ? ['AS markers.o'] : []), 'LD vmlinux'];
  expect([...log].sort(), log.join('\n')).toEqual([...expected].sort());
  for (const tu of tus) expect(log.indexOf(kmarkStep)).toBeLessThan(log.indexOf(`CC ${tu.replace(/\.c$/, '.o')}`));
  if (link) expect(log.indexOf(kmarkStep)).toBeLessThan(log.indexOf('AS markers.o'));
  expect(log[log.length - 1]).toBe('LD vmlinux');
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const GENERATED = /\.kmark\.(h|json)$|^catalog\.json$|^markers\.S$/;

describe('determinism', () => {
  it('two clean builds in different O= directories generate the same files: fragments, catalog.json and markers.S byte for byte', () => {
    const generated = filesUnder(first.dir).filter((f) => GENERATED.test(f));
    expect(generated.length).toBeGreaterThan(40);
    expect(filesUnder(second.dir).filter((f) => GENERATED.test(f))).toEqual(generated);
    for (const f of generated.filter((g) => !g.endsWith('.kmark.h'))) {
      expect(readFileSync(join(second.dir, f)).equals(readFileSync(join(first.dir, f))), f).toBe(true);
    }
  });

  it('and TU headers that differ at most by the O= directory they name in #line directives', () => {
    // kmark gen writes `#line N "<the --header path>"` to return to the
    // header's own numbering, so the absolute O= path ends up in the file.
    // Byte-identical headers would need an O=-independent name there
    // (reported); the rest must be identical.
    const headers = filesUnder(first.dir).filter((f) => f.endsWith('.kmark.h'));
    for (const f of headers) {
      const a = readFileSync(join(first.dir, f), 'utf8');
      const b = readFileSync(join(second.dir, f), 'utf8');
      const lines = (text: string, dir: string): string[] => text.split('\n').map((l) => (l.startsWith('#line ') ? l.split(dir).join('<O>') : l));
      expect(lines(b, second.dir), f).toEqual(lines(a, first.dir));
      for (const l of a.split('\n')) if (l.includes(first.dir)) expect(l, f).toMatch(/^#line \d+ "/);
    }
  });

  it('the catalog is the one from the copy\'s sources, and the one in vmlinux', () => {
    const fromSources = check(kmark(['catalog', '--root', src, src])).stdout;
    const fromElf = catalogFromElf(first.vmlinux);
    expect(fromElf).toBe(readFileSync(first.catalog, 'utf8'));
    expectCatalogOfSources(fromElf, fromSources, dotConfig());
  });
});

describe('incremental builds (trace.config, one O= tree)', () => {
  it('a second make prints nothing', async () => {
    expect(await remake()).toEqual([]);
  }, 60_000);

  it('touching a .c redoes the KMARK step, its CC and LD: kmark rewrites nothing, so markers.S is not rebuilt', async () => {
    const keep = filesUnder(first.dir).filter((f) => GENERATED.test(f) || f === 'markers.o' || f === 'include/generated/kmark-front.h').map((f) => join(first.dir, f));
    expect(keep.length).toBeGreaterThan(40);
    const times = keep.map(mtime);
    const stamp = join(first.dir, 'kmark.stamp');
    const stampBefore = mtime(stamp);
    const now = new Date();
    utimesSync(join(src, 'kernel', 'sched.c'), now, now);
    const log = await remake();
    expect(log).toEqual([log.find((l) => KMARK_STEP.test(l)), 'CC kernel/sched.o', 'LD vmlinux']);
    // kmark ran (its stamp says so) but wrote nothing: the outputs keep their times.
    expect(mtime(stamp)).toBeGreaterThan(stampBefore);
    expect(keep.map(mtime)).toEqual(times);
    expect(await remake()).toEqual([]);
  }, 60_000);

  it('moving a marker in a .c redoes the KMARK step and its CC, then AS and LD; the catalog follows', async () => {
    const before = readCatalog(first.catalog).markers.find((m) => m.name === 'kernel_getpid');
    if (before === undefined) throw new Error('kernel_getpid is not in the catalog');
    edit('kernel/sys.c', (text) => `/* moved down a line */\n${text}`);
    expectSteps(await remake(), ['kernel/sys.c'], true);
    const after = readCatalog(first.catalog).markers.find((m) => m.name === 'kernel_getpid');
    expect(after).toEqual({ ...before, line: before.line + 1 });
    const fromElf = catalogFromElf(first.vmlinux);
    expect(fromElf).toBe(readFileSync(first.catalog, 'utf8'));
    expectCatalogOfSources(fromElf, check(kmark(['catalog', '--root', src, src])).stdout, dotConfig());
    expect(await remake()).toEqual([]);
  }, 60_000);

  it('editing a header with markers (include/linux/skbuff.h) redoes exactly the TUs that include it, as gcc sees them', async () => {
    const header = 'include/linux/skbuff.h';
    const tus = includersByGcc(header);
    expect(tus.length).toBeGreaterThanOrEqual(2);
    expect(tus.length).toBeLessThan(23);
    expect(kmarkInputs()).toContain(header);
    edit(header, (text) => `/* its markers move down a line */\n${text}`);
    expectSteps(await remake(), tus, true);
    expect(readCatalog(first.catalog).markers.find((m) => m.name === 'net_skb_put')?.id).toBe('include/linux/skbuff.h:skb_put:1');
    const fromElf = catalogFromElf(first.vmlinux);
    expect(fromElf).toBe(readFileSync(first.catalog, 'utf8'));
    expectCatalogOfSources(fromElf, check(kmark(['catalog', '--root', src, src])).stdout, dotConfig());
    expect(await remake()).toEqual([]);
  }, 120_000);

  it('an edit of a header that leaves its markers where they are (include/linux/slab.h) recompiles its includers but rewrites no kmark output', async () => {
    const header = 'include/linux/slab.h';
    const tus = includersByGcc(header);
    expect(tus.length).toBeGreaterThanOrEqual(2);
    expect(kmarkInputs()).toContain(header);
    const outputs = [...tus.flatMap((tu) => [tu.replace(/\.c$/, '.kmark.h'), tu.replace(/\.c$/, '.kmark.json')]), 'markers.S', 'catalog.json'].map((f) => join(first.dir, f));
    const times = outputs.map(mtime);
    edit(header, (text) => {
      const lines = text.split('\n');
      const at = lines.findIndex((l) => /^\s*\/?\*/.test(l));
      expect(at).toBeGreaterThanOrEqual(0);
      lines[at] = `${lines[at]!} `;
      return lines.join('\n');
    });
    expectSteps(await remake(), tus, false);
    expect(outputs.map(mtime)).toEqual(times);
    expect(await remake()).toEqual([]);
  }, 120_000);

  it('make V=1 shows the full commands instead of the short steps', async () => {
    const now = new Date();
    utimesSync(join(src, 'fs', 'namei.c'), now, now);
    const r = check(await make(first.dir, ['-j2', 'V=1'], options));
    const out = r.stdout;
    const gen = out.split('\n').find((l) => l.trim().startsWith(`${KMARK} gen `));
    expect(gen, out).toBeDefined();
    for (const arg of ['--root .', '-I include', `--out-dir ${first.dir}`, `--catalog ${first.dir}/catalog.json`, `--section ${first.dir}/markers.S`, `--depfile ${first.dir}/.kmark.stamp.d`, `--stamp ${first.dir}/kmark.stamp`, `--tu-list ${first.dir}/kmark.tus`]) {
      expect(gen).toContain(` ${arg}`);
    }
    expect(readFileSync(join(first.dir, 'kmark.tus'), 'utf8').split(/\s+/)).toEqual(expect.arrayContaining(['fs/namei.c', 'kernel/sched.c']));
    expect(out).toMatch(new RegExp(`^\\s*gcc .*-Wall -Werror .*-c -o ${escape(first.dir)}/fs/namei\\.o fs/namei\\.c$`, 'm'));
    expect(out).toMatch(new RegExp(`^\\s*gcc -pthread .*-o ${escape(first.dir)}/vmlinux @${escape(first.dir)}/vmlinux\\.objs$`, 'm'));
    expect(readFileSync(join(first.dir, 'vmlinux.objs'), 'utf8')).toContain(`${first.dir}/markers.o`);
    expect(out).not.toMatch(/^\s*(KMARK|CC|LD) {2,}/m);
    expect(await remake()).toEqual([]);
  }, 60_000);

  it('changing the configuration (trace to printk-trace) recompiles everything, and the new vmlinux prints', async () => {
    const objects = filesUnder(first.dir).filter((f) => f.endsWith('.o') && f !== 'markers.o').sort();
    expect(steps(check(await make(first.dir, ['printk-trace_defconfig'], options)))).toEqual(['GEN .config from configs/printk-trace.config']);
    const log = await remake();
    expect(log[0]).toBe('UPD include/generated/autoconf.h');
    expect(log.filter((l) => l.startsWith('CC ')).map((l) => l.slice(3)).sort()).toEqual(objects);
    // The generated files do not depend on the configuration (the front
    // header chooses the handlers), so kmark has nothing to redo.
    expect(log.filter((l) => l.startsWith('KMARK') || l.startsWith('AS'))).toEqual([]);
    expect(log[log.length - 1]).toBe('LD vmlinux');
    expect(await remake()).toEqual([]);

    const trace = join(temporary('reconfigured'), 'trace.bin');
    const r = check(boot(first, ['--arm', 'fs_write', '--trace', trace]));
    const printed = printkLines(r.stdout, readCatalog(first.catalog)).map((l) => l.line);
    expect(printed).toEqual(['fs_write: fd=1 count=16', 'fs_write: fd=0 count=1']);
    const d = decode(trace, first.catalog);
    expect(d.result.status, explain(d.result)).toBe(0);
    expect(valuesOf(d.events, 'fs_write')).toEqual([['1', '16'], ['0', '1']]);
  }, 120_000);
});

describe('generated files left in the source tree by an in-tree build', () => {
  it('do not shadow those of an O= build', async () => {
    // What an in-tree build of another kmark would have left: headers that break any TU that reads them.
    const generated = join(src, 'include', 'generated');
    mkdirSync(generated, { recursive: true });
    for (const name of ['kmark-front.h', 'autoconf.h']) writeFileSync(join(generated, name), `#error "the source tree's include/generated/${name} was read"\n`);
    try {
      const fresh = await build('trace', { ...options, dir: join(first.dir, '..', 'o3') });
      check(boot(fresh, ['--iterations', '1']));
      const dep = readFileSync(join(fresh.dir, 'kernel', '.marker.o.d'), 'utf8');
      expect(dep).toContain(join(fresh.dir, 'include', 'generated', 'kmark-front.h'));
    } finally {
      rmSync(generated, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('findings stop the build', () => {
  it('an argument that does not match its format or its declared type fails the compile at the marker, as kmark lint reports it', async () => {
    const files = ['kernel/sys.c', 'block/blk-core.c'];
    const saved = files.map((f) => readFileSync(join(src, f), 'utf8'));
    try {
      edit('kernel/sys.c', (text) => text.replace('"pid %d comm %s", tsk->pid,', '"pid %d comm %s", (long)tsk->pid,'));
      const r = await make(first.dir, ['-j2', '-k'], options);
      expect(r.status, explain(r)).not.toBe(0);
      expect(r.stderr).toMatch(/kernel\/sys\.c:\d+:\d+: error: format '%d' expects argument of type 'int', but argument \d has type 'long int'/);
      const lint = kmark(['lint', '--root', src, '-I', join(src, 'include'), join(src, 'kernel', 'sys.c')]);
      expect(lint.status).toBe(1);
      expect(lint.stderr).toMatch(/kernel\/sys\.c:\d+:\d+: error: .*\[format-type\]/);

      edit('kernel/sys.c', () => saved[0]!);
      edit('block/blk-core.c', (text) => text.replace('struct request_queue *, q, int, rw', 'int, q, int, rw'));
      const e = await make(first.dir, ['-j2'], options);
      expect(e.status, explain(e)).not.toBe(0);
      expect(e.stderr).toMatch(/block\/blk-core\.c:7[12]:\d+: error: passing argument 1 of .* makes integer from pointer/);
    } finally {
      files.forEach((f, k) => writeFileSync(join(src, f), saved[k]!));
    }
    check(await make(first.dir, ['-j2'], options));
    expect(await remake()).toEqual([]);
  }, 180_000);
});
