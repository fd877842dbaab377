/**
 * Building and running the sample kernel for the end-to-end tests of the
 * build (test/build/*.test.ts): out-of-tree builds with `make O=DIR`, runs of
 * the resulting vmlinux, `kmark decode` of its traces, and copies of the
 * sample kernel's sources for tests that edit them.
 *
 * Every command goes through `run` (spawnSync: short commands) or
 * `runAsync` (spawn: builds, which take seconds; a worker that blocks its
 * event loop that long can miss vitest's RPC deadlines), and `check` turns
 * a failed one into an error that shows the command, its status and its
 * output.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const KERNEL = join(REPO, 'sample-kernel');
/**
 * The kmark under test: the checkout's bin/kmark, or KMARK_BIN from the
 * environment (then handed to every make as KMARK=..., e.g. to test a
 * build of another revision while the checkout's dist/ is being rebuilt).
 */
const KMARK_BIN = process.env['KMARK_BIN'];
export const KMARK = KMARK_BIN !== undefined && KMARK_BIN !== '' ? KMARK_BIN : join(REPO, 'bin', 'kmark');
const KMARK_GIVEN = KMARK !== join(REPO, 'bin', 'kmark');

/** The configurations in sample-kernel/configs, by name ("trace" for trace.config). */
export const ALL_CONFIGS: readonly string[] = readdirSync(join(KERNEL, 'configs'))
  .filter((f) => f.endsWith('.config'))
  .map((f) => f.slice(0, -'.config'.length))
  .sort();

/** Those to test: all of them, or those KMARK_CONFIGS names (comma-separated), for a quicker run. */
export const CONFIGS: readonly string[] = ((): readonly string[] => {
  const only = process.env['KMARK_CONFIGS'];
  if (only === undefined || only.trim() === '') return ALL_CONFIGS;
  const names = only.split(',').map((n) => n.trim());
  for (const n of names) if (!ALL_CONFIGS.includes(n)) throw new Error(`KMARK_CONFIGS: no sample-kernel/configs/${n}.config`);
  return ALL_CONFIGS.filter((c) => names.includes(c));
})();

export interface Result {
  readonly command: string;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeout?: number;
  /** Standard input (run only). */
  readonly input?: string;
}

const quote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const commandLine = (file: string, args: readonly string[], cwd: string | undefined): string =>
  `${cwd !== undefined ? `(cd ${quote(cwd)} && ` : ''}${[file, ...args].map(quote).join(' ')}${cwd !== undefined ? ')' : ''}`;

const tail = (text: string, lines = 60): string => {
  const all = text.split('\n');
  return all.length > lines ? `[... ${all.length - lines} lines]\n${all.slice(-lines).join('\n')}` : text;
};

/** A readable account of a command's result, for failure messages. */
export function explain(result: Result): string {
  const how = result.signal !== null ? `killed by ${result.signal}` : `exit ${result.status}`;
  return `$ ${result.command}\n${how} after ${result.ms} ms\n--- stderr ---\n${tail(result.stderr)}\n--- stdout ---\n${tail(result.stdout)}`;
}

const env = (extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv => ({ ...process.env, NO_COLOR: '1', LC_ALL: 'C', MAKEFLAGS: '', MFLAGS: '', ...extra });

export function run(file: string, args: readonly string[], options: RunOptions = {}): Result {
  const started = Date.now();
  const r = spawnSync(file, args, { cwd: options.cwd, env: env(options.env), encoding: 'utf8', timeout: options.timeout ?? 120_000, maxBuffer: 256 * 1024 * 1024, input: options.input });
  if (r.error !== undefined && r.status === null && r.signal === null) throw new Error(`cannot run ${commandLine(file, args, options.cwd)}: ${r.error.message}`);
  return { command: commandLine(file, args, options.cwd), status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

export function runAsync(file: string, args: readonly string[], options: RunOptions = {}): Promise<Result> {
  const started = Date.now();
  const command = commandLine(file, args, options.cwd);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: env(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 300_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${error.message}`));
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ command, status, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The result, when the command exited with `status` (0 by default); else an error describing it. */
export function check(result: Result, status = 0): Result {
  if (result.status !== status) throw new Error(`expected exit ${status}\n${explain(result)}`);
  return result;
}

export const kmark = (args: readonly string[], options: RunOptions = {}): Result => run(KMARK, args, { cwd: REPO, ...options });

// --- temporary directories ----------------------------------------------

const temporaries: string[] = [];

/** A fresh directory under the system's temp dir, removed by `removeTemporaries` (kept when KMARK_KEEP_BUILDS=1). */
export function temporary(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kmark-${prefix}-`));
  temporaries.push(dir);
  return dir;
}

export function removeTemporaries(): void {
  if (process.env['KMARK_KEEP_BUILDS'] === '1') {
    if (temporaries.length > 0) console.log(`kept: ${temporaries.join(' ')}`);
    return;
  }
  for (const dir of temporaries.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Every file below `dir`, relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

// --- the sample kernel's sources ---------------------------------------

/** What a build leaves in the source tree (an in-tree `make`): never copied. */
const BUILD_PRODUCT = /(\.o|\.d|\.cmd|\.tmp|\.kmark\.h|\.kmark\.json|\.kmark\.stamp|\.kmark\.stamp\.d)$|^\.config$|^vmlinux$|^catalog\.json$|^markers\.S$/;

/**
 * Copies the sample kernel's sources (not what an in-tree build left there)
 * to DEST/sample-kernel, for tests that edit them; returns that directory.
 * Such a copy has no ../bin/kmark: build it with `kmark: KMARK`.
 */
export function copyKernel(dest: string): string {
  const to = join(dest, 'sample-kernel');
  cpSync(KERNEL, to, {
    recursive: true,
    filter: (source) => {
      const rel = relative(KERNEL, source);
      if (rel === '') return true;
      if (rel === join('include', 'generated')) return false;
      const name = rel.split('/').pop() ?? rel;
      return statSync(source).isDirectory() || !BUILD_PRODUCT.test(name) || rel.startsWith('configs/') || rel.startsWith('scripts/');
    },
  });
  return to;
}

// --- building ----------------------------------------------------------

export interface MakeOptions {
  /** The source tree (default: the repository's sample-kernel). */
  readonly src?: string;
  /** KMARK=... on the command line (needed for a copy of the sources). */
  readonly kmark?: string;
  readonly timeout?: number;
  /** More environment for make and what it runs (CCACHE_DIR, DISTCC_HOSTS, ...). */
  readonly env?: NodeJS.ProcessEnv;
}

/** `make O=obj ARGS` in the source tree (no -C, so no "Entering directory" lines). */
export function make(obj: string, args: readonly string[], options: MakeOptions = {}): Promise<Result> {
  const kmarkPath = options.kmark ?? (KMARK_GIVEN ? KMARK : undefined);
  const extra = kmarkPath !== undefined ? [`KMARK=${kmarkPath}`] : [];
  return runAsync('make', [`O=${obj}`, ...extra, ...args], { cwd: options.src ?? KERNEL, timeout: options.timeout ?? 300_000, ...(options.env !== undefined ? { env: options.env } : {}) });
}

/** What `make` printed, one step a line, without make's own chatter. */
export function steps(result: Result): string[] {
  return result.stdout
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^make(\[\d+\])?: (Entering|Leaving) directory/.test(l))
    .map((l) => l.trim().replace(/\s+/g, ' '));
}

export interface Build {
  readonly config: string;
  readonly src: string;
  readonly dir: string;
  readonly vmlinux: string;
  readonly catalog: string;
  /** The build's output (quiet steps), and how long it took. */
  readonly log: Result;
}

/** A clean build of configs/CONFIG.config in a fresh O= directory, with -j2. */
export async function build(config: string, options: MakeOptions & { readonly dir?: string; readonly args?: readonly string[] } = {}): Promise<Build> {
  const dir = options.dir ?? temporary(`build-${config}`);
  check(await make(dir, [`${config}_defconfig`], options));
  const log = check(await make(dir, ['-j2', ...(options.args ?? [])], options));
  return { config, src: options.src ?? KERNEL, dir, vmlinux: join(dir, 'vmlinux'), catalog: join(dir, 'catalog.json'), log };
}

const builds = new Map<string, Promise<Build>>();

/** One build per configuration per test file (memoized), from the repository's sample-kernel. */
export function sharedBuild(config: string): Promise<Build> {
  let b = builds.get(config);
  if (b === undefined) {
    b = build(config);
    builds.set(config, b);
  }
  return b;
}

// --- running -----------------------------------------------------------

export function boot(b: Build, args: readonly string[], timeout = 60_000): Result {
  return run(b.vmlinux, args, { cwd: b.dir, timeout });
}

// --- the catalog and traces ---------------------------------------------

export interface CatalogField {
  readonly name: string;
  readonly ctype?: string;
  readonly conversion?: string;
}

export interface CatalogMarker {
  readonly id: string;
  readonly name: string;
  readonly form: 'trace_mark' | 'evmarker';
  readonly file: string;
  readonly line: number;
  readonly handlers: readonly string[];
  readonly fields: readonly CatalogField[];
  readonly format: string | null;
  /** How the build marks the site up, when the catalog records it. */
  readonly markup?: string;
}

export interface Catalog {
  readonly markers: readonly CatalogMarker[];
}

export const readCatalog = (path: string): Catalog => JSON.parse(readFileSync(path, 'utf8')) as Catalog;

export type FieldValue = number | string;

export interface TraceEvent {
  readonly timestamp: string;
  readonly thread: number;
  readonly name: string;
  readonly id: string;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

/** The first line of `decode --format json`: the trace as a whole. */
export interface TraceSummary {
  readonly version: number;
  readonly mode: 'discard' | 'overwrite';
  readonly lost: number;
  readonly buffers: ReadonlyArray<{ readonly thread: number; readonly lost: number }>;
  readonly clock?: { readonly frequency: string; readonly offsetNs: string };
  readonly buildId?: string;
  readonly catalogDigest?: string;
}

export interface Decoded {
  readonly result: Result;
  readonly trace: TraceSummary | undefined;
  readonly events: TraceEvent[];
}

/** `kmark decode TRACE --catalog CATALOG --format json`, parsed; the exit status is the caller's to check. */
export function decode(trace: string, catalog: string, extra: readonly string[] = []): Decoded {
  const result = kmark(['decode', trace, '--catalog', catalog, '--format', 'json', ...extra]);
  const lines = result.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as TraceEvent | { trace: TraceSummary });
  const summary = lines[0] !== undefined && 'trace' in lines[0] ? lines[0].trace : undefined;
  return { result, trace: summary, events: lines.filter((l): l is TraceEvent => !('trace' in l)) };
}

/**
 * `kmark catalog --from-elf FILE`, without the build-id it reads from the
 * binary (which the link step's catalog.json cannot know): checked first
 * against readelf's, when the file has one.
 */
export function catalogFromElf(file: string): string {
  const text = check(kmark(['catalog', '--from-elf', file])).stdout;
  const catalog = JSON.parse(text) as { image?: { digest: string; buildId?: string } };
  // readelf complains (exit 1) about a side file's dangling program headers, and still lists its notes.
  const readelf = /Build ID: ([0-9a-f]+)/.exec(run('readelf', ['-n', file]).stdout)?.[1];
  expect(catalog.image?.buildId).toBe(readelf);
  if (catalog.image !== undefined) delete catalog.image.buildId;
  return `${JSON.stringify(catalog, null, 2)}\n`;
}

/**
 * A build's catalog (catalog.json, or what --from-elf rebuilt) against
 * `kmark catalog` of its sources: byte for byte. A build that records how it
 * marks its sites up (a "markup" per marker, from its CONFIG_MARK_*) has
 * something the sources alone cannot know: then the same catalog but for
 * that field, one markup throughout, the configuration's when it names one.
 */
export function expectCatalogOfSources(catalog: string, fromSources: string, dotConfig: string): void {
  expect(catalog.length).toBeGreaterThan(1000);
  const markups = new Set((JSON.parse(catalog) as Catalog).markers.map((m) => m.markup));
  if (markups.size === 1 && markups.has(undefined)) {
    expect(catalog).toBe(fromSources);
    return;
  }
  // The digest is of the markers as written, markup and all.
  expect([...markups]).toHaveLength(1);
  const chosen = /^CONFIG_MARK_([A-Z_]+)=y$/m.exec(dotConfig)?.[1]?.toLowerCase().replace(/_/g, '-');
  if (chosen !== undefined) expect([...markups]).toEqual([chosen]);
  const withoutBuildOnly = (text: string): unknown => JSON.parse(text, (key: string, value: unknown) => (key === 'markup' || key === 'digest' ? undefined : value)) as unknown;
  expect(withoutBuildOnly(catalog)).toEqual(withoutBuildOnly(fromSources));
}

/** How many records a trace file holds (its buffers' records, counted from their sizes). */
export function traceRecords(path: string): number {
  const bytes = readFileSync(path);
  if (bytes.length < 16 || bytes.toString('latin1', 0, 8) !== 'KMTRACE1') throw new Error(`${path}: not a trace file`);
  let records = 0;
  // Version 2 says its header's size (docs/runtime.md).
  let at = bytes.readUInt32LE(8) === 1 ? 16 : bytes.readUInt32LE(16);
  for (let b = bytes.readUInt32LE(12); b > 0; b--) {
    const end = at + 16 + Number(bytes.readBigUInt64LE(at + 8));
    for (let r = at + 16; r < end; r += bytes.readUInt32LE(r)) records++;
    at = end;
  }
  return records;
}

/** How many of each name. */
export function countByName(names: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of names) counts[n] = (counts[n] ?? 0) + 1;
  return counts;
}

/** The field values of a marker's events (or printk lines), in order, each as a string. */
export const valuesOf = (events: readonly TraceEvent[], name: string): string[][] =>
  events.filter((e) => e.name === name).map((e) => Object.values(e.fields).map(String));

/**
 * The `NAME: field=value ...` lines of a printk-mode run whose NAME is a
 * marker of the catalog, as [name, [values...]] with the field names
 * checked against the catalog's.
 */
export function printkLines(stdout: string, catalog: Catalog): Array<{ name: string; fields: string[]; values: string[]; line: string }> {
  const names = new Set(catalog.markers.map((m) => m.name));
  const out: Array<{ name: string; fields: string[]; values: string[]; line: string }> = [];
  for (const line of stdout.split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*): (.*)$/.exec(line);
    if (m === null || !names.has(m[1]!)) continue;
    const pairs = m[2]!.split(' ').map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
    });
    out.push({ name: m[1]!, fields: pairs.map((p) => p[0]!), values: pairs.map((p) => p[1]!), line });
  }
  return out;
}

/** The field names the catalog gives a marker (the first site of the name). */
export function fieldNames(catalog: Catalog, name: string): string[] {
  const marker = catalog.markers.find((m) => m.name === name);
  if (marker === undefined) throw new Error(`no marker named ${name} in the catalog`);
  return marker.fields.map((f) => f.name);
}

export const exists = (path: string): boolean => existsSync(path);
