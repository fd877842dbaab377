/**
 * `kmark decode --format ctf` on traces written here to the record layout of
 * docs/runtime.md, for both data models (this machine cannot run a 32-bit
 * binary, so the ilp32 trace is made, not recorded): every storage (strings,
 * signed and unsigned of each width, pointers, doubles, base 8 and 16), at
 * its extremes, two threads, lost and overwritten records, read by
 * babeltrace2 and compared with `decode --format json`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { babeltrace, babeltraceEvents, byTimestamp, comparableBabeltrace, comparableJson, stringFields, type JsonEvent } from '../helpers/babeltrace.js';
import { kmark } from '../helpers/cli.js';

const SOURCE = `#include <linux/marker.h>

void all_types(const char *s, signed char c, short h, int i, long l, long long ll,
	       unsigned char uc, unsigned short uh, unsigned int u, unsigned long ul,
	       unsigned long long ull, void *p, double d)
{
	/* At most 12 values, an SDT probe's limit (marker-arg-limit); the 16-bit widths are test_halves'. */
	trace_mark(test_all_types, "s %s c %hhd i %d l %ld ll %lld uc %hhu ul %lu ull %llu p %p d %f x %lx o %o",
		   s, c, i, l, ll, uc, ul, ull, p, d, ul, u);
	trace_mark(test_halves, "h %hd uh %hu", h, uh);
	trace_mark(test_tick, MARK_NOARGS);
}

void wakeup(unsigned long n, const char *name, long delta)
{
	evmarker(test_wakeup, MARKER_TRACE, 3, unsigned long, n, const char *, name, long, delta);
}
`;

interface Field {
  readonly name: string;
  readonly conversion: string;
  readonly size: number;
  readonly signed?: boolean;
}

interface Marker {
  readonly name: string;
  readonly eventId: string;
  readonly fields: readonly Field[];
}

type Value = bigint | number | string;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmark-ctf-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'types.c'), SOURCE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A record's payload by the catalog's fields, as the generated site packs it (docs/runtime.md). */
function payload(fields: readonly Field[], values: readonly Value[]): Buffer {
  return Buffer.concat(
    fields.map((f, k) => {
      const v = values[k]!;
      if (f.conversion === '%s') {
        const text = Buffer.from(String(v), 'utf8');
        const length = Buffer.alloc(2);
        length.writeUInt16LE(text.length);
        return Buffer.concat([length, text]);
      }
      const b = Buffer.alloc(f.conversion === '%p' || /[fega]$/i.test(f.conversion) ? 8 : f.size);
      if (/[fega]$/i.test(f.conversion)) b.writeDoubleLE(Number(v));
      else if (b.length === 8) b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(v)));
      else b.writeUIntLE(Number(BigInt.asUintN(b.length * 8, BigInt(v))), 0, b.length);
      return b;
    }),
  );
}

function record(thread: number, marker: Marker, timestamp: bigint, values: readonly Value[]): Buffer {
  const body = payload(marker.fields, values);
  const head = Buffer.alloc(24);
  head.writeUInt32LE(24 + body.length, 0);
  head.writeUInt32LE(thread, 4);
  head.writeBigUInt64LE(BigInt(marker.eventId), 8);
  head.writeBigUInt64LE(timestamp, 16);
  return Buffer.concat([head, body]);
}

/** A version 2 trace file: 1 GHz clock from 2026-01-01, flags, buffers of (thread, lost, records). */
function traceFile(buffers: ReadonlyArray<{ thread: number; lost: number; records: Buffer[] }>, overwrite = false): Buffer {
  const head = Buffer.alloc(88);
  head.write('KMTRACE1', 0, 'latin1');
  head.writeUInt32LE(2, 8);
  head.writeUInt32LE(buffers.length, 12);
  head.writeUInt32LE(88, 16);
  head.writeUInt32LE(overwrite ? 1 : 0, 20);
  head.writeBigUInt64LE(1_000_000_000n, 24);
  head.writeBigInt64LE(1_767_225_600_000_000_000n, 32);
  return Buffer.concat([
    head,
    ...buffers.flatMap((b) => {
      const data = Buffer.concat(b.records);
      const bh = Buffer.alloc(16);
      bh.writeUInt32LE(b.thread, 0);
      bh.writeUInt32LE(b.lost, 4);
      bh.writeBigUInt64LE(BigInt(data.length), 8);
      return [bh, data];
    }),
  ]);
}

function extremes(fields: readonly Field[], k: number): Value[] {
  return fields.map((f) => {
    if (f.conversion === '%s') return ['', 'plain', 'with "quotes", commas, { braces } = and \\ backslash', 'ünïcödé ✓'][k % 4]!;
    if (f.conversion === '%p') return [0n, 0xffff_ffff_ffff_ffffn, 0xdead_beefn, 0x7fff_1234_5678n][k % 4]!;
    if (/[fega]$/i.test(f.conversion)) return [0, 2.5, -0.125, 1e300][k % 4]!;
    const bits = BigInt(f.size * 8);
    const range = f.signed ? [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n, -1n, 0n] : [0n, (1n << bits) - 1n, 1n, 42n];
    return range[k % 4]!;
  });
}

describe.each(['lp64', 'ilp32'] as const)('%s', (abi) => {
  let catalog: string;
  let markers: Map<string, Marker>;
  beforeAll(() => {
    catalog = join(dir, `catalog-${abi}.json`);
    const r = kmark(['catalog', '--abi', abi, '--root', join(dir, 'src'), '-o', catalog, join(dir, 'src')]);
    expect(r.status, r.stderr).toBe(0);
    markers = new Map((JSON.parse(readFileSync(catalog, 'utf8')) as { markers: Marker[] }).markers.map((m) => [m.name, m]));
  });

  const decodeJson = (trace: string): { summary: { lost: number }; events: JsonEvent[]; stderr: string } => {
    const r = kmark(['decode', trace, '--catalog', catalog, '--abi', abi, '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const [first, ...rest] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { trace: { lost: number } } & JsonEvent);
    return { summary: first!.trace, events: rest, stderr: r.stderr };
  };

  const toCtf = (trace: string): string => {
    const out = `${trace}.ctf`;
    const r = kmark(['decode', trace, '--catalog', catalog, '--abi', abi, '--format', 'ctf', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    return out;
  };

  it('every storage at its extremes, from two threads, reads the same in babeltrace2 as in decode --format json', () => {
    const all = markers.get('test_all_types')!;
    const wakeup = markers.get('test_wakeup')!;
    const tick = markers.get('test_tick')!;
    expect(all.fields.find((f) => f.name === 'l')?.size).toBe(abi === 'lp64' ? 8 : 4);
    const threads = [0, 1].map((thread) => ({
      thread,
      lost: 0,
      records: [0, 1, 2, 3].flatMap((k) => {
        const t = BigInt(1000 + k * 100 + thread * 10);
        return [record(thread, all, t, extremes(all.fields, k + thread)), record(thread, wakeup, t + 1n, extremes(wakeup.fields, k)), record(thread, tick, t + 2n, [])];
      }),
    }));
    const trace = join(dir, `types-${abi}.trace`);
    writeFileSync(trace, traceFile(threads));
    const json = decodeJson(trace);
    expect(json.events).toHaveLength(24);
    const read = babeltraceEvents(toCtf(trace));
    expect(read.run.status, read.run.stderr).toBe(0);
    expect(read.run.stderr).toBe('');
    const strings = stringFields(read.events);
    expect([...strings].sort()).toEqual(['test_all_types.s', 'test_wakeup.name']);
    expect(read.events.map(comparableBabeltrace)).toEqual(byTimestamp(json.events).map((e) => comparableJson(e, strings)));
    // Bases follow the conversions: %p and %lx in hexadecimal, %o in octal.
    const max = read.events.find((e) => e.name === 'test_all_types' && e.fields['uc']?.text === '255')!;
    expect(max.fields['p']?.text.toLowerCase()).toBe('0xffffffffffffffff');
    expect(max.fields['x']?.text.toLowerCase()).toBe(abi === 'lp64' ? '0xffffffffffffffff' : '0xffffffff');
    expect(max.fields['o']?.text).toBe('037777777777');
  });

  it('lost records: dropped at the end (buffer full) and overwritten at the start (flight recorder) are discarded events where they happened', () => {
    const tick = markers.get('test_tick')!;
    const records = [1n, 2n, 3n].map((t) => record(0, tick, t * 1000n, []));
    for (const overwrite of [false, true]) {
      const trace = join(dir, `lost-${overwrite}-${abi}.trace`);
      writeFileSync(
        trace,
        traceFile(
          [
            { thread: 0, lost: 7, records },
            { thread: 1, lost: 5, records: [] },
          ],
          overwrite,
        ),
      );
      const json = decodeJson(trace);
      expect(json.summary).toMatchObject({ lost: 12, mode: overwrite ? 'overwrite' : 'discard' });
      const text = kmark(['decode', trace, '--catalog', catalog, '--abi', abi]);
      expect(text.stderr).toBe(`${trace}: warning: 12 trace records lost (${overwrite ? 'overwritten by newer ones' : 'buffer full'})\n`);
      const read = babeltrace(['--clock-gmt', toCtf(trace)]);
      expect(read.status).toBe(0);
      const warnings = read.stderr.split('\n').filter((l) => l.startsWith('WARNING'));
      // CTF counts discarded events up to a packet's end: overwritten ones in the packet of the events kept (from its
      // first to its last), dropped ones in an empty packet after the last. The clock starts at 2026-01-01T00:00:00Z.
      const [from, to] = overwrite ? ['00:00:00.000001000', '00:00:00.000003000'] : ['00:00:00.000003000', '00:00:00.000003000'];
      expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^WARNING: Tracer discarded 7 events between \\[${from}\\] and \\[${to}\\] .*stream_0"`))]));
      expect(warnings.some((w) => /discarded 5 events .*stream_1"/.test(w))).toBe(true);
      expect(read.stdout.trim().split('\n')).toHaveLength(3);
    }
  });
});
