/**
 * The markup modes as kmark generates them (src/gen/markup): the registry,
 * the front header's choice by CONFIG_MARK_*, the per-site code, the
 * catalog's `markup`, `kmark modes`, and bench/modes run small.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modesTable, type ModesResults } from '../../src/cli/commands/modes.js';
import { frontHeader } from '../../src/gen/front-header.js';
import { DEFAULT_MARKUP, MARKUP_MODES, MAX_SDT_ARGS } from '../../src/gen/markup/index.js';
import { check, haveSdt, KERNEL, kmark, MODES, REPO, removeTemporaries, runAsync, temporary } from './harness.js';

afterAll(removeTemporaries);

describe('the registry', () => {
  it('has the four modes of docs/modes.md, each selected by its CONFIG_MARK_*', () => {
    expect(MARKUP_MODES.map((m) => [m.id, m.config])).toEqual([
      ['static-key', 'CONFIG_MARK_STATIC_KEY'],
      ['symbol', 'CONFIG_MARK_SYMBOL'],
      ['jump-call', 'CONFIG_MARK_JUMP_CALL'],
      ['jump-inline', 'CONFIG_MARK_JUMP_INLINE'],
    ]);
  });

  it('makes static-key the default, first in the registry', () => {
    expect(DEFAULT_MARKUP.id).toBe('static-key');
    expect(MARKUP_MODES[0]).toBe(DEFAULT_MARKUP);
  });

  it('has every mode documented in docs/modes.md and in the catalog schema', () => {
    const doc = readFileSync(join(REPO, 'docs', 'modes.md'), 'utf8');
    const schema = JSON.parse(readFileSync(join(REPO, 'schemas', 'catalog.schema.json'), 'utf8')) as { $defs: { marker: { properties: { markup: { enum: string[] } } } } };
    for (const mode of MARKUP_MODES) {
      expect(doc, mode.id).toContain(`\`${mode.config}\``);
      expect(doc, mode.id).toContain(`### ${mode.id}`);
      expect(schema.$defs.marker.properties.markup.enum).toContain(mode.id);
    }
  });

  it('is what the tests build: every mode', () => {
    expect(MODES).toEqual(MARKUP_MODES.map((m) => m.id));
  });
});

describe('the front header', () => {
  const header = frontHeader();

  it('chooses the markup with #if defined(CONFIG_MARK_*), the default when none is set', () => {
    const lines = header.split('\n');
    const conditions = lines.filter((l) => /^#(el)?if defined\(CONFIG_MARK_\w+\)$/.test(l));
    expect(conditions).toEqual(MARKUP_MODES.map((m, k) => `${k === 0 ? '#if' : '#elif'} defined(${m.config})`));
    expect(header).toContain(`/* No markup mode configured: the default, ${DEFAULT_MARKUP.id}. */`);
  });

  it("places every site's SDT probe with sys/sdt.h", () => {
    expect(header).toContain('#include <sys/sdt.h>');
    expect(header).toMatch(/#define __KMARK_SDT\(name, n\) STAP_PROBE_ASM\(kmark, name, STAP_PROBE_ASM_TEMPLATE\(n\)\)/);
  });

  it.runIf(haveSdt())('refuses two markup modes at once', async () => {
    const dir = temporary('two-modes');
    mkdirSync(join(dir, 'generated'));
    writeFileSync(join(dir, 'generated', 'kmark-front.h'), header);
    const r = await runAsync('gcc', [
      '-std=gnu11',
      '-fsyntax-only',
      '-DCONFIG_MARKERS',
      '-DCONFIG_MARK_SYMBOL',
      '-DCONFIG_MARK_JUMP_CALL',
      `-I${dir}`,
      `-I${join(KERNEL, 'include')}`,
      '-x',
      'c',
      '-',
      '-include',
      'linux/marker.h',
      '/dev/null',
    ]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('more than one markup mode configured');
  });
});

/** A one-file tree with a trace_mark of N int arguments. */
function tree(n: number): { dir: string; tu: string } {
  const dir = temporary(`gen-${n}`);
  const conversions = Array.from({ length: n }, (_, k) => `a${k} %d`).join(' ');
  const args = Array.from({ length: n }, (_, k) => `, ${k}`).join('');
  writeFileSync(join(dir, 'f.c'), `#include <linux/marker.h>\nvoid f(void)\n{\n\ttrace_mark(t_many, "${conversions}"${args});\n}\n`);
  return { dir, tu: join(dir, 'f.c') };
}

function gen(dir: string, tu: string, extra: readonly string[]): ReturnType<typeof kmark> {
  return kmark(['gen', '--root', dir, '--tu', tu, '-I', join(KERNEL, 'include'), '--header', join(dir, 'f.kmark.h'), '--fragment', join(dir, 'f.kmark.json'), '--depfile', join(dir, 'f.kmark.d'), ...extra]);
}

const fragmentMarkups = (dir: string): unknown[] => (JSON.parse(readFileSync(join(dir, 'f.kmark.json'), 'utf8')) as { markers: Array<{ markup?: unknown }> }).markers.map((m) => m.markup);

describe('kmark gen', () => {
  it('records --markup in the fragment, the default for "default", nothing without it', () => {
    const { dir, tu } = tree(2);
    check(gen(dir, tu, []));
    expect(fragmentMarkups(dir)).toEqual([undefined]);
    for (const mode of MODES) {
      check(gen(dir, tu, ['--markup', mode]));
      expect(fragmentMarkups(dir)).toEqual([mode]);
    }
    check(gen(dir, tu, ['--markup', 'default']));
    expect(fragmentMarkups(dir)).toEqual([DEFAULT_MARKUP.id]);
    const bad = gen(dir, tu, ['--markup', 'jump']);
    expect(bad.status).toBe(2);
  });

  it('keeps markup out of the catalog from sources', () => {
    const { dir } = tree(1);
    const r = check(kmark(['catalog', '--root', dir, dir]));
    expect((JSON.parse(r.stdout) as { markers: object[] }).markers.every((m) => !('markup' in m))).toBe(true);
  });

  it("generates each site's markup call with its name, key and arguments, and its symbol-mode trampoline", () => {
    const { dir, tu } = tree(2);
    check(gen(dir, tu, ['--markup', 'symbol']));
    const h = readFileSync(join(dir, 'f.kmark.h'), 'utf8');
    expect(h).toContain('#define __KMARK_TU_ID "f_c"');
    expect(h).toMatch(/if \(__kmark_armed\(&__kmark_m_t_many_4, t_many_4, t_many, 2, __kmark_a1, __kmark_a2\)\)/);
    expect(h).toMatch(/#ifdef __KMARK_TRAMPOLINES\nstatic __attribute__\(\(__used__\)\) void __kmark_tramp_t_many_4\(const unsigned long long \*__kmark_v\)/);
    expect(h).toContain('int __kmark_a1 = (__typeof__(__kmark_a1))__kmark_v[0];');
    // Global names an agent finds in the symbol table (kernel/djprobe.c).
    expect(h).toContain('".globl __kmark_handler_t_many_4__" __KMARK_TU_ID "\\n__kmark_handler_t_many_4__" __KMARK_TU_ID " = __kmark_tramp_t_many_4\\n"');
    expect(h).toContain('".globl __kmark_marker_t_many_4__" __KMARK_TU_ID "\\n__kmark_marker_t_many_4__" __KMARK_TU_ID " = __kmark_m_t_many_4\\n"');
  });

  it(`refuses a site of more than ${MAX_SDT_ARGS} arguments: its SDT probe cannot take them`, () => {
    const { dir, tu } = tree(MAX_SDT_ARGS);
    check(gen(dir, tu, []));
    const over = tree(MAX_SDT_ARGS + 1);
    const r = gen(over.dir, over.tu, []);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`'t_many' passes ${MAX_SDT_ARGS + 1} values: a site's SDT probe takes at most ${MAX_SDT_ARGS} [marker-arg-limit]`);
  });
});

const cost = (ns: number, cycles: number) => ({ ns, cycles, medianNs: ns, medianCycles: cycles });
const SAMPLE: ModesResults = {
  date: '2026-01-01T00:00:00.000Z',
  machine: { cpu: 'Test CPU', cpus: 2, gcc: '12.2.0' },
  kernel: { tree: 'sample-kernel', base: 'trace', jobs: 2, off: { seconds: 1, text: 18000, data: 9000, markers: 0 } },
  modes: [...MODES, 'symbol' as const].map((mode, k) => ({
    mode,
    ...(mode === 'symbol' ? { arming: k === 1 ? ('jump' as const) : ('trap' as const) } : {}),
    tscGHz: 2.445,
    coreGHz: 3.2,
    coreGHzMin: 3.0,
    coreGHzMax: 3.24,
    baselineNs: 0.038,
    dormant: cost(0.038 * (k + 1), 0.12 * (k + 1)),
    slack: cost(0, 0),
    rdtsc: cost(11, 35),
    armed: k === 4 ? cost(3100, 9900) : cost(12.5 + k, 40),
    hotBytesPerSite: [5, 5, 15.5, 62.6, 5][k]!,
    kernel: { seconds: 15, text: 34000, data: 50000, markers: 65, textBytesPerMarker: 250, dataBytesPerMarker: 600 },
  })),
};

describe('kmark modes', () => {
  it('makes a table with a row per mode, the default starred', () => {
    const table = modesTable(SAMPLE);
    const rows = table.split('\n');
    expect(rows[0]).toMatch(/^markup\s+dormant\/site\s+in code\s+armed record\s+hot bytes\s+text B\s+data B\s+build$/);
    expect(rows.find((r) => r.startsWith('static-key*'))).toMatch(/^static-key\*\s+0\.038\s+0\.12\s+0\.000\s+12\.5\s+1\.14\s+5\.0\s+250\s+600\s+15\.0$/);
    expect(rows.find((r) => r.startsWith('symbol/jump '))).toMatch(/\s13\.5\s+1\.23\s+5\.0\s/);
    expect(rows.find((r) => r.startsWith('symbol/trap '))).toMatch(/\s3100\s+281\.82\s+5\.0\s/);
    expect(table).toContain('a timestamp read (rdtsc) alone: 11.0 ns');
    expect(table).toContain('65 markers; markers off: 18000 text bytes');
  });

  it('shows a results file, as text or JSON; says how to get one when there is none', () => {
    const dir = temporary('modes-cli');
    const file = join(dir, 'modes.json');
    writeFileSync(file, JSON.stringify(SAMPLE));
    expect(check(kmark(['modes', '--results', file])).stdout).toBe(modesTable(SAMPLE));
    expect(JSON.parse(check(kmark(['modes', '--results', file, '--format', 'json'])).stdout)).toEqual(SAMPLE);
    const none = kmark(['modes', '--results', join(dir, 'none.json')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('no results yet: run kmark modes --run');
    writeFileSync(file, '{"modes": 3}');
    expect(kmark(['modes', '--results', file]).status).toBe(2);
  });

  it.runIf(haveSdt())(
    'bench/modes builds and runs every mode (small, no kernel builds)',
    async () => {
      const dir = temporary('bench');
      const results = join(dir, 'modes.json');
      const r = check(
        await runAsync(join(REPO, 'bench', 'modes'), [], {
          timeout: 180_000,
          env: { BENCH_OUT: join(dir, 'out'), BENCH_RESULTS: results, BENCH_SKIP_KERNEL: '1', BENCH_ITERATIONS: '20000', BENCH_REPS: '3', BENCH_ARMED_ITERATIONS: '400', BENCH_ARMED_REPS: '2' },
        }),
      );
      const json = JSON.parse(readFileSync(results, 'utf8')) as ModesResults;
      expect(json.modes.map((m) => `${m.mode}${m.arming ? `/${m.arming}` : ''}`)).toEqual(MODES.flatMap((m) => (m === 'symbol' ? ['symbol/jump', 'symbol/trap'] : [m])));
      const byRow = new Map(json.modes.map((m) => [`${m.mode}${m.arming ? `/${m.arming}` : ''}`, m]));
      expect(byRow.get('static-key')!.hotBytesPerSite).toBe(5);
      expect(byRow.get('symbol/jump')!.hotBytesPerSite).toBe(5);
      // The jump's trampoline against a signal round trip: far apart whatever the load.
      expect(byRow.get('symbol/jump')!.armed.ns * 10).toBeLessThan(byRow.get('symbol/trap')!.armed.ns);
      for (const m of json.modes) expect(m.armed.ns, m.mode).toBeGreaterThan(0);
      expect(r.stdout).toContain('static-key*');
    },
    200_000,
  );
});
