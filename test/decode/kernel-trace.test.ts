/**
 * The sample kernel's traces as the tracing world reads them
 * (docs/tracers.md): `decode --format ctf` read by babeltrace2, event by event
 * against `decode --format json`; lost records reported by decode, the
 * runtime and babeltrace2 alike; a trace refused by another build's catalog.
 * Works on a copy of the sample kernel (one build, then an edit and an
 * incremental rebuild for a second binary).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, build, type Build, catalogFromElf, check, copyKernel, decode, explain, KMARK, kmark, make, readCatalog, removeTemporaries, temporary } from '../build/kernel.js';
import { babeltrace, babeltraceEvents, byTimestamp, comparableBabeltrace, comparableJson, stringFields } from '../helpers/babeltrace.js';

let src: string;
let first: Build;
let dir: string;
/** Every marker of the build that the trace handler records, armed. */
let armed: string;

beforeAll(async () => {
  const root = temporary('kernel-trace');
  src = copyKernel(root);
  first = await build('trace', { src, kmark: KMARK, dir: join(root, 'o') });
  dir = temporary('kernel-trace-out');
  armed = [
    ...new Set(
      readCatalog(first.catalog)
        .markers.filter((m) => m.handlers.includes('trace'))
        .map((m) => m.name),
    ),
  ].join(',');
}, 300_000);

afterAll(removeTemporaries);

function traceRun(name: string, args: readonly string[] = []): { file: string; console: string } {
  const file = join(dir, name);
  const r = check(boot(first, ['--arm', armed, '--trace', file, ...args]));
  return { file, console: r.stdout + r.stderr };
}

describe('decode --format ctf', () => {
  it('babeltrace2 reads the same events, in the same order, with the same timestamps, names and values as --format json', () => {
    const { file } = traceRun('all.trace');
    const json = decode(file, first.catalog);
    expect(json.result.status, explain(json.result)).toBe(0);
    expect(new Set(json.events.map((e) => e.name)).size).toBeGreaterThan(20);
    const ctf = join(dir, 'all.ctf');
    check(kmark(['decode', file, '--catalog', first.catalog, '--format', 'ctf', '-o', ctf]));
    const read = babeltraceEvents(ctf);
    expect(read.run.status, read.run.stderr).toBe(0);
    expect(read.run.stderr).toBe('');
    const strings = stringFields(read.events);
    expect(strings.size).toBeGreaterThan(0);
    expect(read.events.map(comparableBabeltrace)).toEqual(byTimestamp(json.events).map((e) => comparableJson(e, strings)));
  });

  it("has the clock of the run: babeltrace2's wall-clock time is the runtime's calibration, and now", () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    const { file } = traceRun('clock.trace');
    const json = decode(file, first.catalog);
    const clock = json.trace?.clock;
    expect(clock, 'a version 2 trace says its clock').toBeDefined();
    // rdtsc on this machine ticks at hundreds of MHz at least.
    expect(BigInt(clock!.frequency)).toBeGreaterThan(100_000_000n);
    const ctf = join(dir, 'clock.ctf');
    check(kmark(['decode', file, '--catalog', first.catalog, '--format', 'ctf', '-o', ctf]));
    const seconds = babeltrace(['--clock-seconds', '--no-delta', ctf]).stdout.split('\n')[0]!;
    const shown = /^\[(\d+)\.(\d{9})\]/.exec(seconds);
    expect(shown, seconds).not.toBeNull();
    const shownNs = BigInt(shown![1]!) * 1_000_000_000n + BigInt(shown![2]!);
    const firstEvent = json.events[0]!;
    const expected = BigInt(clock!.offsetNs) + (BigInt(firstEvent.timestamp) * 1_000_000_000n) / BigInt(clock!.frequency);
    expect(shownNs - expected).toBeLessThanOrEqual(1n);
    expect(expected - shownNs).toBeLessThanOrEqual(1n);
    // Within a minute of when the test ran the kernel (calibration error of a 10 ms measure is far below).
    expect(shownNs > before - 60_000_000_000n && shownNs < before + 60_000_000_000n, `${shownNs} vs now ${before}`).toBe(true);
  });
});

describe('no silent loss', () => {
  it("a full buffer: the runtime's count is decode's warning, its JSON field and babeltrace2's discarded events", () => {
    const { file, console } = traceRun('full.trace', ['--iterations', '20000']);
    const said = /marker: (\d+) trace records lost: buffer full/.exec(console);
    expect(said, console).not.toBeNull();
    const lost = Number(said![1]);
    expect(lost).toBeGreaterThan(1000);
    const text = kmark(['decode', file, '--catalog', first.catalog]);
    expect(text.status).toBe(0);
    expect(text.stderr).toBe(`${file}: warning: ${lost} trace records lost (buffer full)\n`);
    const json = decode(file, first.catalog);
    expect(json.trace).toMatchObject({ lost, mode: 'discard', buffers: [{ thread: 0, lost }] });
    const ctf = join(dir, 'full.ctf');
    check(kmark(['decode', file, '--catalog', first.catalog, '--format', 'ctf', '-o', ctf]));
    const read = babeltrace([ctf]);
    expect(read.status).toBe(0);
    expect(read.stderr).toMatch(new RegExp(`WARNING: Tracer discarded ${lost} events between`));
    expect(read.stdout.split('\n').filter((l) => l !== '')).toHaveLength(json.events.length);
  });

  it('the flight recorder (--trace-mode overwrite) keeps the newest records and counts the ones it overwrote', () => {
    const workload = ['--arm', 'sched_switch,fs_write', '--iterations', '2000'];
    const whole = join(dir, 'whole.trace');
    const ring = join(dir, 'ring.trace');
    check(boot(first, [...workload, '--trace', whole, '--trace-buffer', String(4 << 20)]));
    const run = check(boot(first, [...workload, '--trace', ring, '--trace-mode', 'overwrite', '--trace-buffer', String(64 << 10)]));
    const all = decode(whole, first.catalog);
    expect(all.trace).toMatchObject({ lost: 0, mode: 'discard' });
    const kept = decode(ring, first.catalog);
    const lost = all.events.length - kept.events.length;
    expect(kept.events.length).toBeGreaterThan(500);
    expect(lost).toBeGreaterThan(all.events.length / 2);
    expect(kept.trace).toMatchObject({ lost, mode: 'overwrite', buffers: [{ thread: 0, lost }] });
    expect(run.stdout + run.stderr).toContain(`marker: ${lost} trace records lost: overwritten (flight recorder)\n`);
    // The same workload: what the ring kept is the end of the whole run, value for value.
    const values = (e: { name: string; fields: object }): string => `${e.name} ${JSON.stringify(e.fields)}`;
    expect(kept.events.map(values)).toEqual(all.events.slice(lost).map(values));
    expect(kmark(['decode', ring, '--catalog', first.catalog]).stderr).toBe(`${ring}: warning: ${lost} trace records lost (overwritten by newer ones)\n`);
    const ctf = join(dir, 'ring.ctf');
    check(kmark(['decode', ring, '--catalog', first.catalog, '--format', 'ctf', '-o', ctf]));
    const read = babeltrace([ctf]);
    expect(read.stderr).toMatch(new RegExp(`WARNING: Tracer discarded ${lost} events between`));
    expect(read.stdout.split('\n').filter((l) => l !== '')).toHaveLength(kept.events.length);
  });

  it('a trace that lost nothing says so: no warning, lost 0', () => {
    const { file } = traceRun('nothing-lost.trace');
    expect(kmark(['decode', file, '--catalog', first.catalog]).stderr).toBe('');
    expect(decode(file, first.catalog).trace).toMatchObject({ lost: 0, buffers: [{ thread: 0, lost: 0 }] });
  });
});

describe('the trace knows its catalog', () => {
  it("catalog --from-elf reads the identity back: the trace's build-id and catalog digest", () => {
    const { file } = traceRun('identity.trace');
    const fromElf = JSON.parse(check(kmark(['catalog', '--from-elf', first.vmlinux])).stdout) as { image: { digest: string; buildId: string } };
    const linked = JSON.parse(readFileSync(first.catalog, 'utf8')) as { $schema: string; version: number; image: { digest: string } };
    expect(linked).toMatchObject({ $schema: 'kmark:catalog', version: 1 });
    expect(fromElf.image.digest).toBe(linked.image.digest);
    expect(decode(file, first.catalog).trace).toMatchObject({ buildId: fromElf.image.buildId, catalogDigest: linked.image.digest });
    expect(catalogFromElf(first.vmlinux)).toBe(readFileSync(first.catalog, 'utf8'));
  });

  it("another build's trace is refused with one message, and --force decodes it", async () => {
    const { file: before } = traceRun('before-edit.trace');
    const oldCatalog = join(dir, 'before-edit.catalog.json');
    writeFileSync(oldCatalog, readFileSync(first.catalog));
    const oldElfCatalog = join(dir, 'before-edit.elf.json');
    writeFileSync(oldElfCatalog, check(kmark(['catalog', '--from-elf', first.vmlinux])).stdout);
    // A marker moves down a line: same names and formats, another catalog and binary.
    const sys = join(src, 'kernel', 'sys.c');
    writeFileSync(sys, `/* moved down a line */\n${readFileSync(sys, 'utf8')}`);
    check(await make(first.dir, ['-j2'], { src, kmark: KMARK }));
    const { file: after } = traceRun('after-edit.trace');

    for (const [trace, catalog] of [
      [after, oldCatalog],
      [after, oldElfCatalog],
      [before, first.catalog],
    ] as const) {
      const refused = kmark(['decode', trace, '--catalog', catalog]);
      expect(refused.status, explain(refused)).toBe(2);
      expect(refused.stdout).toBe('');
      const lines = refused.stderr.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^kmark: ${trace}: written by another binary than ${catalog} describes \\((catalog digest|build-id) [0-9a-f]+ in the trace, [0-9a-f]+ in the catalog\\); decode it with that binary's catalog, or --force$`),
      );
    }
    const forced = kmark(['decode', after, '--catalog', oldCatalog, '--force']);
    expect(forced.status).toBe(0);
    expect(forced.stderr).toMatch(/warning: catalog digest .* decoding anyway \(--force\)/);
    expect(forced.stdout.split('\n').length).toBeGreaterThan(10);
    expect(check(kmark(['decode', after, '--catalog', first.catalog])).stderr).toBe('');
  }, 120_000);
});
