/**
 * The marker runtime (sample-kernel/kernel/marker.c, docs/runtime.md),
 * compiled with gcc into C test programs that make their own marker sites:
 * registration, priorities, arming, sets, and the trace handler's dump file,
 * whose bytes are read back here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const KERNEL = join(REPO, 'sample-kernel');
const HERE = join(REPO, 'test', 'runtime');

/** The sample kernel's flags, and the two runtime files a test program links. */
const CFLAGS = ['-std=gnu11', '-O2', '-Wall', '-Werror', '-fno-strict-aliasing', '-fno-common', '-pthread', `-I${join(KERNEL, 'include')}`];
const RUNTIME = [join(KERNEL, 'kernel', 'marker.c'), join(KERNEL, 'kernel', 'printk.c')];

const ENOENT = -2;
const EEXIST = -17;
const EINVAL = -22;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly results: ReadonlyMap<string, string>;
}

function compile(dir: string, source: string, output: string): string {
  const exe = join(dir, output);
  const gcc = spawnSync('gcc', [...CFLAGS, '-o', exe, join(HERE, source), ...RUNTIME], { encoding: 'utf8' });
  if (gcc.status !== 0) throw new Error(`gcc ${source} failed:\n${gcc.stderr}`);
  return exe;
}

function run(exe: string, arg: string): Run {
  const result = spawnSync(exe, [arg], { encoding: 'utf8', timeout: 60_000 });
  const results = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) results.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return { status: result.status, stdout: result.stdout, results };
}

/** What the dump file holds, as docs/runtime.md lays it out. */
interface TraceRecord {
  readonly size: number;
  readonly thread: number;
  readonly eventId: bigint;
  readonly timestamp: bigint;
  readonly payload: Buffer;
}

interface TraceBuffer {
  readonly thread: number;
  readonly lost: number;
  readonly length: number;
  readonly records: TraceRecord[];
}

interface TraceFile {
  readonly magic: string;
  readonly version: number;
  readonly buffers: TraceBuffer[];
  readonly size: number;
}

function parseTrace(path: string): TraceFile {
  const bytes = readFileSync(path);
  const count = bytes.readUInt32LE(12);
  const buffers: TraceBuffer[] = [];
  let at = bytes.readUInt32LE(16);
  for (let b = 0; b < count; b++) {
    const thread = bytes.readUInt32LE(at);
    const lost = bytes.readUInt32LE(at + 4);
    const length = Number(bytes.readBigUInt64LE(at + 8));
    const records: TraceRecord[] = [];
    const end = at + 16 + length;
    expect(end).toBeLessThanOrEqual(bytes.length);
    for (at += 16; at < end;) {
      const size = bytes.readUInt32LE(at);
      expect(size).toBeGreaterThanOrEqual(24);
      expect(at + size).toBeLessThanOrEqual(end);
      records.push({
        size,
        thread: bytes.readUInt32LE(at + 4),
        eventId: bytes.readBigUInt64LE(at + 8),
        timestamp: bytes.readBigUInt64LE(at + 16),
        payload: bytes.subarray(at + 24, at + size),
      });
      at += size;
    }
    buffers.push({ thread, lost, length, records });
  }
  expect(at).toBe(bytes.length);
  return { magic: bytes.toString('latin1', 0, 8), version: bytes.readUInt32LE(8), buffers, size: bytes.length };
}

const T_OPEN = 0x7766554433221100n;
const T_TICK = 0xd7d6d5d4d3d2d1d0n;
const T_FREE = 0xa7a6a5a4a3a2a1a0n;

let dir = '';
let main: Run;
let noSites: Run;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmark-runtime-'));
  main = run(compile(dir, 'runtime-test.c', 'runtime-test'), dir);
  noSites = run(compile(dir, 'no-sites.c', 'no-sites'), join(dir, 'empty.kmtrace'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const result = (key: string): string | undefined => main.results.get(key);
const code = (key: string): number => Number(result(key));

describe('the test program', () => {
  it('runs to its end', () => {
    expect(main.status).toBe(0);
    expect(result('done')).toBe('yes');
  });
});

describe('probe registration', () => {
  it('counts the sites of a name: one event at two sites, a header inline in two TUs', () => {
    expect(code('sites_t_free')).toBe(2);
    expect(code('sites_t_inline')).toBe(2);
    expect(code('sites_unknown')).toBe(0);
  });

  it("refuses a format that differs from the marker's with -EINVAL", () => {
    expect(code('register_mismatch')).toBe(EINVAL);
    expect(code('register_null_format')).toBe(EINVAL);
  });

  it('refuses every format when the sites of a name disagree', () => {
    expect(code('register_split_1')).toBe(EINVAL);
    expect(code('register_split_2')).toBe(EINVAL);
  });

  it('refuses an unknown name with -ENOENT', () => {
    expect(code('register_unknown')).toBe(ENOENT);
  });

  it('refuses the same probe and pdata twice with -EEXIST, whatever the priority', () => {
    expect(code('register_duplicate')).toBe(EEXIST);
  });

  it('gives every site of a name the same probe snapshot', () => {
    expect(code('register_two_sites')).toBe(0);
    expect(code('two_sites_share_probes')).toBe(1);
    expect(code('two_sites_unregister')).toBe(0);
    expect(code('two_sites_probes_gone')).toBe(1);
  });

  it('calls no probe while the marker is disarmed', () => {
    expect(result('calls_disarmed')).toBe('-');
  });

  it('calls the probes in priority order, lower first, ties in registration order', () => {
    for (const k of ['register_a', 'register_b', 'register_c', 'register_d', 'arm_open']) expect(code(k)).toBe(0);
    // a:10, b:-5, c:10, d:0 (marker_probe_register's priority)
    expect(result('calls_armed')).toBe('b d a c');
  });

  it("passes the marker, the pdata, the format and the site's arguments", () => {
    expect(code('bad_calls')).toBe(0);
  });

  it('unregisters one probe, and -ENOENT for one not registered or an unknown name', () => {
    expect(code('unregister_a')).toBe(0);
    expect(result('calls_after_unregister')).toBe('b d c');
    expect(code('unregister_again')).toBe(ENOENT);
    expect(code('unregister_unknown_name')).toBe(ENOENT);
  });

  it('leaves no snapshot once the last probe is gone', () => {
    for (const k of ['unregister_b', 'unregister_c', 'unregister_d', 'disarm_open']) expect(code(k)).toBe(0);
    expect(code('probes_null_when_none')).toBe(1);
    expect(result('calls_none_left')).toBe('-');
  });

  it('survives probes registered and unregistered while another thread fires the site', () => {
    expect(code('stress_errors')).toBe(0);
    expect(code('stress_probes_left')).toBe(0);
    expect(code('stress_fired')).toBe(1);
  });
});

describe('arming', () => {
  it('nests: armed twice needs two disarms, a third is -EINVAL', () => {
    expect(code('arm_tick_1')).toBe(0);
    expect(code('arm_tick_2')).toBe(0);
    expect(code('tick_armed_2')).toBe(2);
    expect(code('disarm_tick_1')).toBe(0);
    expect(code('tick_armed_1')).toBe(1);
    expect(code('disarm_tick_2')).toBe(0);
    expect(code('tick_armed_0')).toBe(0);
    expect(code('disarm_tick_3')).toBe(EINVAL);
  });

  it('refuses an unknown name with -ENOENT', () => {
    expect(code('arm_unknown')).toBe(ENOENT);
    expect(code('disarm_unknown')).toBe(ENOENT);
  });

  it('arms every site of a name', () => {
    expect(code('arm_free')).toBe(0);
    expect(code('free_armed_both')).toBe(1);
  });

  it("arms one site by its id or its md5 (either case), counted apart from the name's arms", () => {
    expect(code('arm_id_free_b')).toBe(0);
    expect(code('free_a_armed')).toBe(1);
    expect(code('free_b_armed')).toBe(2);
    expect(code('arm_md5_free_a')).toBe(0);
    expect(code('free_a_armed_md5')).toBe(2);
    expect(code('disarm_free')).toBe(0);
    expect(code('free_a_after_disarm')).toBe(1);
    expect(code('free_b_after_disarm')).toBe(1);
    expect(code('disarm_free_again')).toBe(EINVAL);
    expect(code('disarm_id_free_b')).toBe(0);
    expect(code('disarm_id_free_b_again')).toBe(EINVAL);
    expect(code('disarm_md5_free_a')).toBe(0);
    expect(code('free_disarmed')).toBe(1);
    expect(code('arm_id_unknown')).toBe(ENOENT);
  });

  it('arms every copy of a header inline site by its one id', () => {
    expect(code('arm_id_inline')).toBe(0);
    expect(code('inline_armed_both')).toBe(1);
    expect(code('disarm_id_inline')).toBe(0);
    expect(code('inline_disarmed')).toBe(1);
  });

  it('arms a set all or none: one unknown name arms nothing', () => {
    expect(code('arm_set_bad')).toBe(ENOENT);
    expect(code('arm_set_bad_nothing_armed')).toBe(1);
    expect(code('arm_set_good')).toBe(0);
    expect(code('arm_set_good_armed')).toBe(1);
    expect(code('arm_set_empty')).toBe(0);
  });

  it('disarms a set all or none: one marker not armed disarms nothing', () => {
    expect(code('disarm_set_bad')).toBe(EINVAL);
    expect(code('disarm_set_bad_still_armed')).toBe(1);
    expect(code('disarm_set_good')).toBe(0);
    expect(code('disarm_set_good_disarmed')).toBe(1);
  });
});

describe('the trace dump', () => {
  const writers = [
    { path: '/writer/zero', base: 0 },
    { path: '/writer/one', base: 100000 },
  ];

  /** The records writer() in runtime-test.c makes: t_open (int, string) and t_tick (int) by turns. */
  function checkWriter(buffer: TraceBuffer): void {
    const first = buffer.records[0]!;
    const path = first.payload.toString('latin1', 6);
    const writer = writers.find((w) => w.path === path);
    expect(writer, `a buffer of an unknown writer: ${path}`).toBeDefined();
    expect(buffer.lost).toBe(0);
    expect(buffer.records).toHaveLength(1000);
    buffer.records.forEach((r, i) => {
      expect(r.thread).toBe(buffer.thread);
      expect(r.timestamp).toBeGreaterThan(0n);
      if (i % 2) {
        expect(r.eventId).toBe(T_TICK);
        expect(r.size).toBe(24 + 4);
        expect(r.payload.readInt32LE(0)).toBe(writer!.base + i);
      } else {
        expect(r.eventId).toBe(T_OPEN);
        expect(r.size).toBe(24 + 4 + 2 + writer!.path.length);
        expect(r.payload.readInt32LE(0)).toBe(i);
        expect(r.payload.readUInt16LE(4)).toBe(writer!.path.length);
        expect(r.payload.toString('latin1', 6)).toBe(writer!.path);
      }
    });
    expect(buffer.length).toBe(buffer.records.reduce((n, r) => n + r.size, 0));
  }

  it('writes the file atomically: no .tmp left behind', () => {
    expect(code('dump_two_threads')).toBe(0);
    expect(code('dump_tmp_left')).toBe(0);
    expect(existsSync(join(dir, 'two-threads.kmtrace.tmp'))).toBe(false);
  });

  it('holds one buffer per writing thread, indexed 0 and 1, every record whole', () => {
    const trace = parseTrace(join(dir, 'two-threads.kmtrace'));
    expect(trace.magic).toBe('KMTRACE1');
    expect(trace.version).toBe(2);
    expect(trace.buffers.map((b) => b.thread).sort()).toEqual([0, 1]);
    trace.buffers.forEach(checkWriter);
    const paths = trace.buffers.map((b) => b.records[0]!.payload.toString('latin1', 6)).sort();
    expect(paths).toEqual(['/writer/one', '/writer/zero']);
  });

  it('stops recording in a full buffer, and counts the records lost in its header and on the console', () => {
    expect(code('buffer_size_too_small')).toBe(EINVAL);
    expect(code('buffer_size_256')).toBe(0);
    expect(code('reserve_too_large')).toBe(1);
    expect(code('dump_full')).toBe(0);
    const trace = parseTrace(join(dir, 'full.kmtrace'));
    expect(trace.buffers).toHaveLength(3);
    trace.buffers.slice(0, 2).forEach(checkWriter);
    const small = trace.buffers[2]!;
    expect(small.thread).toBe(2);
    // 8 records of 32 bytes fit in 256; 12 more and the one too large are lost.
    expect(small.length).toBe(256);
    expect(small.lost).toBe(13);
    expect(small.records.map((r) => r.payload.readBigUInt64LE(0))).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n]);
    for (const r of small.records) {
      expect(r.eventId).toBe(T_FREE);
      expect(r.size).toBe(32);
      expect(r.thread).toBe(2);
    }
    expect(main.stdout).toContain('marker: 13 trace records lost: buffer full');
  });

  it('returns -errno for a file it cannot create', () => {
    expect(code('dump_bad_dir')).toBe(ENOENT);
  });

  it('dumps at marker_trace_close() to the file that marker_trace_open() named', () => {
    expect(code('trace_close_unopened')).toBe(EINVAL);
    expect(code('trace_open')).toBe(0);
    expect(code('trace_open_again')).toBe(EEXIST);
    expect(code('trace_close')).toBe(0);
    expect(existsSync(join(dir, 'at-exit.kmtrace.tmp'))).toBe(false);
    const trace = parseTrace(join(dir, 'at-exit.kmtrace'));
    expect(trace.buffers).toHaveLength(4);
    const mainThread = trace.buffers[3]!;
    expect(mainThread.thread).toBe(3);
    expect(mainThread.records).toHaveLength(1);
    expect(mainThread.records[0]!.eventId).toBe(T_TICK);
    expect(mainThread.records[0]!.payload.readInt32LE(0)).toBe(7);
  });
});

describe('a program without marker sites', () => {
  it('links (the section bounds are weak) and knows no name', () => {
    expect(noSites.status).toBe(0);
    expect(noSites.results.get('sites')).toBe('0');
    for (const k of ['arm', 'arm_id', 'arm_set', 'register']) expect(Number(noSites.results.get(k))).toBe(ENOENT);
  });

  it('dumps a file with no buffer', () => {
    expect(noSites.results.get('dump')).toBe('0');
    const trace = parseTrace(join(dir, 'empty.kmtrace'));
    expect(trace.magic).toBe('KMTRACE1');
    expect(trace.buffers).toHaveLength(0);
    expect(trace.size).toBe(88); // the version 2 header alone
  });
});
