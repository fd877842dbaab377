/**
 * The sample kernel's marker modes, end to end: each configuration built
 * out of tree once for the whole file (make O=DIR -j2), run with markers
 * armed, and what they report compared with what the workload did
 * (workload.ts): printk lines, trace records through `kmark decode`
 * (including damaged traces), and the `.markers` section split off or
 * stripped with objcopy.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boot,
  type Build,
  catalogFromElf,
  check,
  countByName,
  decode,
  explain,
  fieldNames,
  kmark,
  printkLines,
  readCatalog,
  removeTemporaries,
  run,
  sharedBuild,
  temporary,
  type TraceEvent,
  valuesOf,
} from './kernel.js';
import { BOOT_LOOKUP_MISSES, iteration, over } from './workload.js';

const USED = ['off', 'printk', 'trace', 'printk-trace'];

beforeAll(async () => {
  for (const config of USED) await sharedBuild(config);
}, 400_000);

afterAll(removeTemporaries);

const built = (config: string): Promise<Build> => sharedBuild(config);

// --- 2. printk mode ---------------------------------------------------------

describe('printk mode (printk.config)', () => {
  const PRINTING = ['fs_open', 'fs_read', 'fs_write', 'fs_lseek', 'sched_set_nice', 'kernel_getpid', 'net_socket_create', 'block_bio_queue', 'brd_transfer', 'fs_lookup_miss'];
  /** Armed too, but an evmarker whose HANDLERS lack MARKER_PRINTK: never printed. */
  const SILENT = ['fs_close', 'net_skb_alloc', 'kernel_task_dup', 'sched_enqueue', 'net_socket_sendmsg', 'mm_kmem_cache_free'];

  it('the silent ones are evmarkers without MARKER_PRINTK, the printing ones have printk', async () => {
    const catalog = readCatalog((await built('printk')).catalog);
    for (const name of SILENT) {
      const sites = catalog.markers.filter((m) => m.name === name);
      expect(sites.length, name).toBeGreaterThan(0);
      for (const m of sites) {
        expect(m.form, name).toBe('evmarker');
        expect(m.handlers, name).not.toContain('printk');
      }
    }
    for (const name of PRINTING) expect(catalog.markers.find((m) => m.name === name)?.handlers, name).toContain('printk');
  });

  it.each([1, 2])('--iterations %i --arm NAMES prints NAME: field=value lines for the armed names only, with the workload\'s values', async (n) => {
    const b = await built('printk');
    const catalog = readCatalog(b.catalog);
    const r = check(boot(b, ['--iterations', String(n), '--arm', [...PRINTING, ...SILENT].join(',')]));
    const lines = printkLines(r.stdout, catalog);
    expect([...new Set(lines.map((l) => l.name))].sort()).toEqual([...PRINTING].sort());
    for (const l of lines) expect(l.fields, l.line).toEqual(fieldNames(catalog, l.name));
    const got = (name: string): string[][] => lines.filter((l) => l.name === name).map((l) => l.values);
    for (const name of PRINTING.filter((p) => p !== 'fs_lookup_miss')) expect(got(name), name).toEqual(over(n, name));
    expect(countByName(lines.map((l) => l.name))).toMatchObject({ fs_open: 6 * n, fs_read: 5 * n, fs_write: 2 * n, fs_lseek: 2 * n, brd_transfer: 4 * n, block_bio_queue: 4 * n });
    expect(got('fs_lookup_miss').map((v) => v.join(' ')).sort()).toEqual([...BOOT_LOOKUP_MISSES, ...Array<string>(n).fill('/etc/motd')].sort());
    for (const name of SILENT) expect(got(name), name).toEqual([]);
  });

  it('a disarmed run prints no marker line: its output is the markers-off kernel\'s', async () => {
    const b = await built('printk');
    const off = check(boot(await built('off'), ['--iterations', '2']));
    const r = check(boot(b, ['--iterations', '2']));
    expect(printkLines(r.stdout, readCatalog(b.catalog))).toEqual([]);
    expect(r.stdout.replace('markers on', 'markers off')).toBe(off.stdout);
  });

  it('armed evmarkers without MARKER_PRINTK print nothing at all', async () => {
    const b = await built('printk');
    const quiet = check(boot(b, ['--iterations', '2']));
    const r = check(boot(b, ['--iterations', '2', '--arm', SILENT.join(',')]));
    expect(r.stdout).toBe(quiet.stdout);
  });

  it('drivers/char/mem.c (LOCAL_MARKERS_HANDLER) prints through its own handler', async () => {
    const r = check(boot(await built('printk'), ['--arm', 'mem_read_zero,mem_write_null,mem_write_full,mem_read_port']));
    expect(r.stdout.split('\n').filter((l) => l.startsWith('mem: mem_'))).toEqual([
      'mem: mem_read_zero: count 16 pos 0',
      'mem: mem_write_null: count 16',
      'mem: mem_write_full: count 1',
      'mem: mem_read_port: port 112 count 2',
    ]);
  });
});

// --- 3. trace mode ----------------------------------------------------------

/** Armed in trace mode. The last four never make a record: printk-only, probe-only, or mem.c's local handler. */
const TRACED = [
  'fs_open', 'fs_read', 'fs_read_done', 'fs_vfs_read', 'fs_simple_read', 'fs_lseek', 'fs_write', 'fs_close',
  'sched_set_nice', 'kernel_getpid', 'kernel_process_fork', 'kernel_process_exit', 'kernel_process_free', 'sched_cpu_init',
  'block_bio_queue', 'block_rq_merge', 'block_rq_complete', 'irq_softirq_raise',
  'net_socket_create', 'net_socket_sendmsg', 'net_socket_recvmsg', 'net_dev_stats', 'net_dev_receive',
];
const NEVER_TRACED = ['brd_transfer', 'fs_lookup_miss', 'kernel_task_dup', 'mem_read_zero'];

/** Events per name for n iterations. */
const traceCounts = (n: number): Record<string, number> => ({
  fs_open: 6 * n,
  fs_read: 5 * n,
  fs_read_done: 5 * n,
  fs_vfs_read: 5 * n,
  fs_simple_read: 3 * n, // the /etc/hostname reads; /dev/zero and /dev/port have their own read
  fs_lseek: 2 * n,
  fs_write: 2 * n,
  fs_close: 6 * n, // five by the fs worker, the socket by the net worker
  sched_set_nice: n,
  kernel_getpid: n,
  kernel_process_fork: 4 * n,
  kernel_process_exit: 4 * n,
  kernel_process_free: 4 * n,
  sched_cpu_init: 2, // at boot, one per CPU
  block_bio_queue: 4 * n,
  block_rq_merge: n,
  block_rq_complete: 3 * n,
  irq_softirq_raise: 4 * n, // three block completions, one packet
  net_socket_create: n,
  net_socket_sendmsg: n,
  net_socket_recvmsg: 2 * n,
  net_dev_stats: n + 1, // the net worker's, and net_show_stats at the end
  net_dev_receive: n,
});

/** Trace-mode values beyond `iteration`'s. */
function traceIteration(i: number): Record<string, string[][]> {
  return {
    ...iteration(i),
    fs_read_done: [['0', '6'], ['0', '0'], ['0', '2'], ['0', '16'], ['0', '2']],
    block_rq_merge: [['0', '8', '8']],
    block_rq_complete: [['0', '16', '0'], ['64', '1', '0'], ['0', '16', '0']],
    net_socket_sendmsg: [['0', '5', '0']],
    net_socket_recvmsg: [['0', '64', '-512'], ['0', '64', '5']],
    net_dev_receive: [['lo', '5']],
  };
}

const WITH_VALUES = ['fs_open', 'fs_read', 'fs_write', 'fs_lseek', 'sched_set_nice', 'kernel_getpid', 'net_socket_create', 'block_bio_queue', 'fs_read_done', 'block_rq_merge', 'block_rq_complete', 'net_socket_sendmsg', 'net_socket_recvmsg', 'net_dev_receive'];

const field = (e: TraceEvent, name: string): string => {
  const v = e.fields[name];
  if (v === undefined) throw new Error(`${e.name} has no field ${name}: ${JSON.stringify(e.fields)}`);
  return String(v);
};
const sorted = (values: readonly string[]): string[] => [...values].sort();

interface Traced {
  readonly run: ReturnType<typeof boot>;
  readonly events: TraceEvent[];
  readonly file: string;
}

function traceRun(b: Build, n: number, armed: readonly string[]): Traced {
  const file = join(temporary(`trace-${b.config}-${n}`), 'trace.bin');
  const r = check(boot(b, ['--iterations', String(n), '--arm', armed.join(','), '--trace', file]));
  expect(existsSync(file)).toBe(true);
  expect(existsSync(`${file}.tmp`)).toBe(false);
  const d = decode(file, b.catalog);
  expect(d.result.status, explain(d.result)).toBe(0);
  expect(d.result.stderr).toBe('');
  return { run: r, events: d.events, file };
}

describe.each(['trace', 'printk-trace'])('trace mode (%s.config)', (config) => {
  it.each([1, 3])('--iterations %i: kmark decode gives exactly the workload\'s events, for the armed markers only', async (n) => {
    const b = await built(config);
    const catalog = readCatalog(b.catalog);
    const { events } = traceRun(b, n, [...TRACED, ...NEVER_TRACED]);
    expect(countByName(events.map((e) => e.name))).toEqual(traceCounts(n));
    for (const e of events) {
      expect(e.thread).toBe(0); // the simulated CPUs run on one host thread
      expect(catalog.markers.some((m) => m.id === e.id && m.name === e.name), `${e.id} ${e.name}`).toBe(true);
      expect(Object.keys(e.fields)).toEqual(fieldNames(catalog, e.name));
    }
    for (const name of WITH_VALUES) expect(valuesOf(events, name), name).toEqual(over(n, name, traceIteration));

    const of = (name: string): TraceEvent[] => events.filter((e) => e.name === name);
    expect(of('sched_cpu_init').map((e) => [field(e, 'cpu'), field(e, 'idle_comm')])).toEqual([['0', 'swapper/0'], ['1', 'swapper/1']]);
    const pids = Array.from({ length: 4 * n }, (_, k) => String(k + 1));
    const comms = Array.from({ length: n }, () => ['kworker/fs', 'kworker/blk', 'kworker/mm', 'kworker/net']).flat();
    expect(of('kernel_process_fork').map((e) => [field(e, 'parent_pid'), field(e, 'child_pid'), field(e, 'comm')])).toEqual(pids.map((p, k) => ['0', p, comms[k]!]));
    expect(sorted(of('kernel_process_exit').map((e) => `${field(e, 'pid')} ${field(e, 'code')} ${String.fromCharCode(Number(field(e, 'state')))}`))).toEqual(sorted(pids.map((p) => `${p} 0 Z`)));
    expect(sorted(of('kernel_process_free').map((e) => Object.values(e.fields).map(String).join(' ')))).toEqual(sorted(pids.map((p, k) => `${p} ${comms[k]!}`)));
    expect(sorted(of('fs_close').map((e) => Object.values(e.fields).map(String).join(' ')))).toEqual(sorted(Array.from({ length: n }, () => ['0', '1', '0', '0', '0', '0']).flat()));
    expect(sorted(of('irq_softirq_raise').map((e) => field(e, 'vec')))).toEqual(sorted(Array.from({ length: n }, () => ['2', '2', '2', '1']).flat()));
    // vfs_read: the reads' counts and file positions (the inode numbers are the file system's business).
    expect(of('fs_vfs_read').map((e) => [field(e, 'count'), field(e, 'pos')])).toEqual(Array.from({ length: n }, () => [['64', '0'], ['64', '6'], ['2', '1'], ['16', '0'], ['2', '112']]).flat());
    expect(of('fs_simple_read').map((e) => Object.values(e.fields).map(String))).toEqual(Array.from({ length: n }, () => [['64', '0', '6'], ['64', '6', '6'], ['2', '1', '6']]).flat());
    expect(of('net_dev_stats').map((e) => Object.values(e.fields).map(String))).toEqual([
      ...Array.from({ length: n }, (_, k) => ['lo', String(k + 1), String(k + 1)]),
      ['lo', String(n), String(n)],
    ]);
    for (const name of NEVER_TRACED) expect(of(name), name).toEqual([]);
  }, 60_000);

  it('events appear only for armed markers; nothing armed, nothing recorded', async () => {
    const b = await built(config);
    const { events } = traceRun(b, 1, ['fs_write', 'block_rq_merge']);
    expect(countByName(events.map((e) => e.name))).toEqual({ fs_write: 2, block_rq_merge: 1 });
    const file = join(temporary(`trace-${config}-none`), 'none.bin');
    check(boot(b, ['--trace', file]));
    const d = decode(file, b.catalog);
    expect(d.result.status, explain(d.result)).toBe(0);
    expect(d.events).toEqual([]);
  });

  if (config === 'trace') {
    it('prints no marker line: the trace handler alone is configured', async () => {
      const b = await built(config);
      const { run: r } = traceRun(b, 1, [...TRACED, ...NEVER_TRACED]);
      expect(printkLines(r.stdout, readCatalog(b.catalog))).toEqual([]);
    });
  } else {
    it('prints the printk-capable armed markers, with the values their records hold', async () => {
      const b = await built(config);
      const catalog = readCatalog(b.catalog);
      const { run: r, events } = traceRun(b, 2, [...TRACED, ...NEVER_TRACED]);
      const lines = printkLines(r.stdout, catalog);
      const printing = new Set(catalog.markers.filter((m) => m.handlers.includes('printk')).map((m) => m.name));
      expect(new Set(lines.map((l) => l.name))).toEqual(new Set([...TRACED, ...NEVER_TRACED].filter((name) => printing.has(name) && !name.startsWith('mem_'))));
      // Same values in the records and on the console, for what both handle
      // (but %#lx and %c, which the JSON gives as raw numbers).
      for (const name of TRACED.filter((t) => printing.has(t) && !['kernel_process_fork', 'kernel_process_exit'].includes(t))) {
        expect(lines.filter((l) => l.name === name).map((l) => l.values), name).toEqual(valuesOf(events, name));
      }
      expect(over(2, 'brd_transfer')).toEqual(lines.filter((l) => l.name === 'brd_transfer').map((l) => l.values));
    });
  }
});

describe('kmark decode of damaged traces (trace.config)', () => {
  let whole: Traced;
  let dir: string;
  let catalog: string;

  beforeAll(async () => {
    const b = await built('trace');
    whole = traceRun(b, 1, ['fs_read', 'fs_open']);
    catalog = b.catalog;
    dir = temporary('damaged');
  }, 120_000);

  /** Byte offsets of the records of the file's buffers. */
  function recordOffsets(bytes: Buffer): number[] {
    const out: number[] = [];
    let at = bytes.readUInt32LE(16);
    for (let b = 0; b < bytes.readUInt32LE(12); b++) {
      const length = Number(bytes.readBigUInt64LE(at + 8));
      for (let r = at + 16; r < at + 16 + length; r += bytes.readUInt32LE(r)) out.push(r);
      at += 16 + length;
    }
    return out;
  }

  it('the whole trace is one buffer of 11 records', () => {
    const bytes = readFileSync(whole.file);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('KMTRACE1');
    expect(bytes.readUInt32LE(12)).toBe(1);
    expect(recordOffsets(bytes)).toHaveLength(11);
    expect(whole.events).toHaveLength(11);
  });

  it.each([
    ['in the middle of the last record', 5],
    ['inside the last record\'s header', -1],
    ['at the last record\'s start', 0],
  ])('a copy cut %s decodes up to the last whole record, says so on stderr and exits 1', (_what, cut) => {
    const bytes = readFileSync(whole.file);
    const offsets = recordOffsets(bytes);
    const last = offsets[offsets.length - 1]!;
    const end = cut === -1 ? last + 10 : cut === 0 ? last : bytes.length - cut;
    const file = join(dir, `cut-${end}.bin`);
    writeFileSync(file, bytes.subarray(0, end));
    const r = decode(file, catalog);
    expect(r.result.status, explain(r.result)).toBe(1);
    expect(r.events).toEqual(whole.events.slice(0, -1));
    expect(r.result.stderr).toMatch(/truncated/);
    expect(r.result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a copy cut inside the file header is refused with a message, not a stack', () => {
    const file = join(dir, 'header.bin');
    writeFileSync(file, readFileSync(whole.file).subarray(0, 10));
    const r = decode(file, catalog);
    expect(r.result.status, explain(r.result)).not.toBe(0);
    expect(r.result.status).not.toBeNull();
    expect(r.result.stderr).toMatch(/header\.bin/);
    expect(r.result.stderr).not.toMatch(/\n\s+at /);
    expect(r.events).toEqual([]);
  });

  it('a record whose event id is not in the catalog is reported and skipped; the others decode', () => {
    const bytes = Buffer.from(readFileSync(whole.file));
    const offsets = recordOffsets(bytes);
    bytes.writeBigUInt64LE(0x0123456789abcdefn, offsets[2]! + 8);
    const file = join(dir, 'bad-id.bin');
    writeFileSync(file, bytes);
    const r = decode(file, catalog);
    expect(r.result.status, explain(r.result)).toBe(1);
    expect(r.result.stderr).toContain(`offset ${offsets[2]!}`);
    expect(r.result.stderr).toMatch(/0x0123456789abcdef is not in the catalog/);
    expect(r.result.stderr).not.toMatch(/\n\s+at /);
    expect(r.events).toEqual([...whole.events.slice(0, 2), ...whole.events.slice(3)]);
  });
});

// --- 4. the .markers section ------------------------------------------------

// (--from-elf against the catalog from sources, for every configuration: configs.test.ts.)
describe('.markers (trace.config)', () => {
  it('the section split off with objcopy gives the same catalog; kmark catalog --validate accepts it', async () => {
    const b = await built('trace');
    const dir = temporary('objcopy');
    const side = join(dir, 'vmlinux.markers');
    check(run('objcopy', ['--only-section=.markers', b.vmlinux, side]));
    const fromSide = catalogFromElf(side);
    expect(fromSide.length).toBeGreaterThan(1000);
    expect(fromSide).toBe(catalogFromElf(b.vmlinux));
    expect(fromSide).toBe(readFileSync(b.catalog, 'utf8'));
    const out = join(dir, 'from-elf.json');
    writeFileSync(out, fromSide);
    expect(check(kmark(['catalog', '--validate', out])).stdout).toContain('valid');
    expect(check(kmark(['catalog', '--validate', b.catalog])).stdout).toContain('valid');
  });

  it('a binary without the section still runs, arms and traces; --from-elf says there is no section', async () => {
    const b = await built('trace');
    const dir = temporary('stripped');
    const stripped = join(dir, 'vmlinux');
    check(run('objcopy', ['--remove-section=.markers', b.vmlinux, stripped]));
    expect(check(run('objdump', ['-h', stripped])).stdout).not.toMatch(/\s\.markers\s/);
    const r = run(stripped, ['--iterations', '2'], { cwd: dir });
    expect(r.status, explain(r)).toBe(0);
    const trace = join(dir, 'trace.bin');
    check(run(stripped, ['--arm', 'fs_write', '--trace', trace], { cwd: dir }));
    const d = decode(trace, b.catalog);
    expect(d.result.status, explain(d.result)).toBe(0);
    expect(valuesOf(d.events, 'fs_write')).toEqual(over(1, 'fs_write'));
    const missing = kmark(['catalog', '--from-elf', stripped]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/no \.markers section/);
  });
});
