/**
 * Every configuration of sample-kernel/configs, built out of tree (make
 * O=DIR -j2 in a fresh directory), each once for the whole file: it builds
 * with -Wall -Werror, runs, fires what is armed through the handlers it
 * configures and nothing else, and carries its catalog in `.markers`. With
 * markers off, nothing is generated and the marker options are refused.
 *
 * KMARK_CONFIGS=off,trace,... restricts the configurations (a quicker run).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_CONFIGS,
  boot,
  type Build,
  CONFIGS,
  catalogFromElf,
  check,
  decode,
  expectCatalogOfSources,
  explain,
  filesUnder,
  kmark,
  printkLines,
  readCatalog,
  removeTemporaries,
  sharedBuild,
  steps,
  temporary,
  traceRecords,
  valuesOf,
} from './kernel.js';
import { over } from './workload.js';

const ON = CONFIGS.filter((c) => c !== 'off');

/** `kmark catalog` of the sample kernel's sources, as the build's own catalogs must be. */
let fromSources = '';

beforeAll(async () => {
  expect(CONFIGS).toContain('off');
  fromSources = check(kmark(['catalog', '--root', 'sample-kernel', 'sample-kernel'])).stdout;
  for (const config of CONFIGS) await sharedBuild(config);
}, 600_000);

afterAll(removeTemporaries);

const built = (config: string): Promise<Build> => sharedBuild(config);

describe('every configuration', () => {
  it('are in sample-kernel/configs: off and each handler at least', () => {
    expect(ALL_CONFIGS).toEqual(expect.arrayContaining(['off', 'printk', 'trace', 'printk-trace', 'probe']));
  });

  it.each(CONFIGS)('%s builds with -Wall -Werror, without a warning, and vmlinux --iterations 2 exits 0', async (config) => {
    const b = await built(config);
    const saved = readFileSync(join(b.dir, 'kernel', '.sched.o.cmd'), 'utf8');
    expect(saved).toMatch(/\bgcc\b.* -Wall -Werror /);
    expect(b.log.stderr, explain(b.log)).toBe('');
    expect(steps(b.log)).toContain('LD vmlinux');
    const r = boot(b, ['--iterations', '2']);
    expect(r.status, explain(r)).toBe(0);
    expect(r.stdout).toContain('reboot: Power down');
    expect(r.stdout + r.stderr).not.toMatch(/checks failed|unexpected/);
  }, 60_000);

  it.each(ON)('%s runs kmark once for every TU before compiling one; its outputs are every TU\'s header and fragment, the catalog and the section', async (config) => {
    const b = await built(config);
    const log = steps(b.log);
    const compiled = (l: readonly string[]): string[] => l.filter((s) => s.startsWith('CC ')).map((s) => s.slice(3));
    // The TUs are what the markers-off build compiles; markers on adds the runtime.
    const tus = compiled(steps((await built('off')).log));
    expect(tus.length).toBeGreaterThanOrEqual(20);
    const runtime = compiled(log).filter((o) => !tus.includes(o));
    expect(runtime).toContain('kernel/marker.o');
    expect(compiled(log)).toEqual(expect.arrayContaining(tus));
    expect(log.filter((l) => l.startsWith('KMARK '))).toEqual([`KMARK ${tus.length} TUs`]);
    const kmark = log.indexOf(`KMARK ${tus.length} TUs`);
    for (const o of tus) {
      expect(kmark).toBeLessThan(log.indexOf(`CC ${o}`));
      expect(existsSync(join(b.dir, o.replace(/\.o$/, '.kmark.h'))), o).toBe(true);
      expect(existsSync(join(b.dir, o.replace(/\.o$/, '.kmark.json'))), o).toBe(true);
    }
    expect(log.indexOf('AS markers.o')).toBeGreaterThan(kmark);
    expect(log.indexOf('LD vmlinux')).toBe(log.length - 1);
    for (const f of ['catalog.json', 'markers.S', 'markers.o', 'include/generated/kmark-front.h']) expect(existsSync(join(b.dir, f)), f).toBe(true);
  });

  it.each(ON)('%s: an unknown marker name is refused with exit 2', async (config) => {
    const r = boot(await built(config), ['--arm', 'fs_read,no_such_marker']);
    expect(r.status, explain(r)).toBe(2);
    expect(r.stdout + r.stderr).toContain("no marker named 'no_such_marker'");
    expect(r.stdout).not.toMatch(/^fs_read: /m);
  });

  it.each(ON)('%s: armed markers fire through the configured handlers only, disarmed ones not at all', async (config) => {
    const b = await built(config);
    const dotConfig = readFileSync(join(b.dir, '.config'), 'utf8');
    const printk = /^CONFIG_MARKER_PRINTK=y$/m.test(dotConfig);
    const trace = /^CONFIG_MARKER_TRACE=y$/m.test(dotConfig);
    const catalog = readCatalog(b.catalog);
    const dir = temporary(`fire-${config}`);
    for (const armed of [true, false]) {
      const file = join(dir, `${armed ? 'armed' : 'disarmed'}.bin`);
      const r = check(boot(b, ['--iterations', '2', ...(armed ? ['--arm', 'fs_write,fs_read,fs_close'] : []), '--trace', file]));
      const lines = printkLines(r.stdout, catalog);
      for (const name of ['fs_write', 'fs_read']) {
        expect(lines.filter((l) => l.name === name).map((l) => l.values), `${name} printed`).toEqual(armed && printk ? over(2, name) : []);
      }
      // fs_close is an evmarker for the trace handler alone.
      expect(lines.filter((l) => l.name === 'fs_close')).toEqual([]);
      if (!armed || !trace) {
        expect(traceRecords(file), 'records in the trace').toBe(0);
        continue;
      }
      const d = decode(file, b.catalog);
      expect(d.result.status, explain(d.result)).toBe(0);
      for (const name of ['fs_write', 'fs_read']) expect(valuesOf(d.events, name), `${name} traced`).toEqual(over(2, name));
      expect(valuesOf(d.events, 'fs_close')).toHaveLength(12);
      expect(d.events).toHaveLength(2 * (2 + 5 + 6));
    }
  });

  it.each(ON)('%s: kmark catalog --from-elf vmlinux is the build\'s catalog.json, and the catalog from sources', async (config) => {
    const b = await built(config);
    const fromElf = catalogFromElf(b.vmlinux);
    expect(fromElf.length).toBeGreaterThan(1000);
    expect(fromElf).toBe(readFileSync(b.catalog, 'utf8'));
    expectCatalogOfSources(fromElf, fromSources, readFileSync(join(b.dir, '.config'), 'utf8'));
  });

  describe('off', () => {
    it('runs no kmark step and generates nothing anywhere under O', async () => {
      const b = await built('off');
      const log = steps(b.log);
      expect(log.filter((l) => l.startsWith('KMARK') || l.startsWith('GEN include/generated/kmark')), b.log.stdout).toEqual([]);
      expect(log).not.toContain('CC kernel/marker.o');
      const generated = filesUnder(b.dir).filter((f) => /\.kmark\.(h|json|d)$|\.kmark\.stamp(\.d)?$|(^|\/)\.[^/]*\.kmark\.stamp\.cmd$|kmark-front\.h$|(^|\/)markers\.[So]$|(^|\/)catalog\.json$|(^|\/)marker\.o$/.test(f));
      expect(generated).toEqual([]);
      expect(existsSync(join(b.dir, 'include', 'generated', 'kmark-front.h'))).toBe(false);
      expect(existsSync(join(b.dir, 'include', 'generated', 'autoconf.h'))).toBe(true);
    });

    it('refuses --arm, --arm-id and --trace with exit 2: markers are off', async () => {
      const b = await built('off');
      const trace = join(temporary('off-trace'), 'trace.bin');
      for (const args of [['--arm', 'x'], ['--arm-id', 'kernel/sched.c:schedule:1'], ['--trace', trace]]) {
        const r = boot(b, args);
        expect(r.status, explain(r)).toBe(2);
        expect(r.stdout + r.stderr).toContain(`vmlinux: ${args[0]}: markers are off in this build`);
      }
      expect(existsSync(trace)).toBe(false);
      expect(existsSync(`${trace}.tmp`)).toBe(false);
    });
  });
});
