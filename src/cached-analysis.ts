/**
 * The pipeline's result, remembered between runs (docs/performance.md,
 * "Repeated runs"). A run of `scan` or `lint` is stored whole, keyed as
 * git's index keys a file: every listed file's path, size, mtime and ctime
 * (nanoseconds) and inode. It is used again only when kmark itself (its
 * version and bundle), the command, its options and configuration, the file
 * list and every file's stamp are the same, and, for lint, every header the
 * type model read outside the tree and every place a missing header was
 * looked for. A file's result depends on the annotation macros of the
 * others (src/scan/annotations.ts), so nothing less than the whole tree
 * keys it.
 *
 * One file per tree, command and paths under `$XDG_CACHE_HOME/kmark/`
 * (`~/.cache/kmark/`), never in the source tree; written atomically
 * (src/io/write.ts); one that cannot be read or does not match is ignored
 * and written again.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync, type BigIntStats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { AnalyzeOptions } from './analyze.js';
import type { TypeModel } from './ctypes/index.js';
import { IoProblem } from './io/errors.js';
import { writeIfChanged } from './io/write.js';
import type { Catalog } from './model/catalog.js';
import type { Diagnostic } from './model/diagnostic.js';
import { listCFiles } from './scan/files.js';
import { includeCandidates } from './scan/includes.js';
import type { ScanStats } from './scan/index.js';

/** What a command renders: the part of an Analysis that is stored. */
export interface StoredAnalysis {
  readonly catalog: Catalog;
  readonly diagnostics: Diagnostic[];
  readonly problems: IoProblem[];
  readonly stats: ScanStats;
  /** Whether it is the stored result of an earlier run. */
  readonly cached: boolean;
}

export interface CacheRequest {
  /** The command (`scan`, `lint`): each has its own entry. */
  readonly command: string;
  /** false for `--no-cache`: a cold run, whose result is stored for the next one. */
  readonly read: boolean;
  /** Whatever else decides the result (the configuration): compared as JSON. */
  readonly settings: unknown;
  /** Tool identity, for tests; default: kmark's version and bundle (toolIdentity). */
  readonly tool?: string;
}

/** Bumped when what is stored changes shape. */
const FORMAT = 1;

interface Entry {
  readonly format: number;
  readonly key: string;
  /** The listed files, `\0`-joined, then the walk's problems. */
  readonly files: string;
  readonly stamps: BigInt64Array;
  readonly dependencies: string[];
  readonly dependencyStamps: BigInt64Array;
  readonly result: StoredAnalysis;
}

/** The result of `analyze`, from the cache when nothing it depends on changed. */
export async function analyzeCached(paths: readonly string[], options: AnalyzeOptions, request: CacheRequest, version: string): Promise<StoredAnalysis> {
  const listed = listCFiles(paths);
  const location = cacheFile(request.command, options.root, paths);
  const key = digest([FORMAT, request.tool ?? toolIdentity(version), request.command, resolve(options.root), paths.map((p) => resolve(p)), request.settings, optionsKey(options)]);
  const files = [listed.files.join('\0'), ...listed.problems.map(String)].join('\n');
  const startedAt = BigInt(Date.now()) * 1_000_000n;
  const stamps = stampsOf(listed.files, startedAt);
  if (request.read && location !== null) {
    const hit = lookUp(location, key, files, stamps);
    if (hit) return hit;
  }

  // Loaded only now: a cache hit needs none of the pipeline's modules.
  const { analyzeYielding } = await import('./analyze.js');
  let model: TypeModel | undefined;
  const typeModel = options.typeModel;
  const analysis = await analyzeYielding(paths, {
    ...options,
    files: listed,
    ...(typeModel ? { typeModel: (o: Parameters<typeof typeModel>[0]) => (model = typeModel(o)) } : {}),
  });
  const result: StoredAnalysis = { catalog: analysis.catalog, diagnostics: analysis.diagnostics, problems: analysis.problems, stats: analysis.stats, cached: false };
  if (location !== null) {
    const dependencies = model ? typeModelInputs(model, analysis.catalog, options) : [];
    const entry: Entry = { format: FORMAT, key, files, stamps, dependencies, dependencyStamps: stampsOf(dependencies, startedAt), result };
    store(location, entry);
  }
  return result;
}

/** The options that decide a result; callbacks and thread counts do not. */
function optionsKey(options: AnalyzeOptions): unknown {
  return {
    abi: options.abi,
    annotationMacros: options.annotationMacros,
    functionMacros: options.functionMacros && [...options.functionMacros],
    includePaths: options.includePaths,
    strict: options.strict,
    signedness: options.signedness,
    typeModel: options.typeModel !== undefined,
    rules: options.rules?.map((r) => r.id),
    alternatives: options.alternatives,
    conditions: options.conditions,
  };
}

/**
 * The files the type model's answers came from, beyond the tree: every header
 * a marker file's unit read, and every place a header it did not find was
 * looked for (a header created there changes the answer).
 */
function typeModelInputs(model: TypeModel, catalog: Catalog, options: AnalyzeOptions): string[] {
  const inputs = new Set<string>();
  for (const file of new Set(catalog.markers.map((m) => m.file))) {
    const headers = model.headersOf(file);
    for (const header of headers) inputs.add(header);
    const directories = [...new Set([resolve(options.root, file), ...headers].map((f) => dirname(f))), ...(options.includePaths ?? [])];
    for (const name of model.missingHeadersOf(file)) for (const candidate of includeCandidates(name.replace(/^[<"]|[>"]$/g, ''), directories)) inputs.add(candidate);
  }
  return [...inputs].sort();
}

const STAMP_FIELDS = 5;

/**
 * size, mtime, ctime, inode, device per file; -1 for a file that cannot be
 * stat'ed. A file changed within the same clock tick as the run's start could
 * keep its stamp (git's "racily clean" entries): such a stamp is stored as
 * never matching, so the next run reads the file again.
 */
function stampsOf(files: readonly string[], startedAt: bigint): BigInt64Array {
  const stamps = new BigInt64Array(files.length * STAMP_FIELDS).fill(-1n);
  files.forEach((file, k) => {
    let stat: BigIntStats | undefined;
    try {
      stat = statSync(file, { bigint: true, throwIfNoEntry: false });
    } catch {
      return;
    }
    if (!stat) return;
    const at = k * STAMP_FIELDS;
    const racy = stat.mtimeNs >= startedAt - RACY_NS || stat.ctimeNs >= startedAt - RACY_NS;
    stamps[at] = racy ? -2n : stat.size;
    stamps[at + 1] = stat.mtimeNs;
    stamps[at + 2] = stat.ctimeNs;
    stamps[at + 3] = stat.ino;
    stamps[at + 4] = stat.dev;
  });
  return stamps;
}

/** How close to the run's start a change may not be seen by a stamp: coarser than any clock tick of a file system's times. */
const RACY_NS = 100_000_000n;

function sameStamps(a: BigInt64Array, b: BigInt64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k] || (k % STAMP_FIELDS === 0 && a[k]! === -2n)) return false;
  return true;
}

function lookUp(location: string, key: string, files: string, stamps: BigInt64Array): StoredAnalysis | null {
  let entry: Entry;
  try {
    entry = deserialize(readFileSync(location)) as Entry;
  } catch {
    return null;
  }
  if (typeof entry !== 'object' || entry === null || entry.format !== FORMAT || entry.key !== key || entry.files !== files) return null;
  if (!(entry.stamps instanceof BigInt64Array) || !sameStamps(entry.stamps, stamps)) return null;
  if (!(entry.dependencyStamps instanceof BigInt64Array) || !sameStamps(entry.dependencyStamps, stampsOf(entry.dependencies, BigInt(Date.now()) * 1_000_000n))) return null;
  const { result } = entry;
  return { ...result, problems: result.problems.map((p) => new IoProblem(p.path, p.message)), cached: true };
}

function store(location: string, entry: Entry): void {
  const plain = { ...entry, result: { ...entry.result, problems: entry.result.problems.map((p) => ({ path: p.path, message: p.message })) } };
  try {
    writeIfChanged(location, serialize(plain));
  } catch {
    // A cache that cannot be written (a read-only home) only costs the next run its speed.
  }
}

/** `$XDG_CACHE_HOME/kmark/<digest of command, root and paths>.v8`, or null when there is no home to put it in. */
function cacheFile(command: string, root: string, paths: readonly string[]): string | null {
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : '');
  if (!base) return null;
  return join(resolve(base), 'kmark', `${command}-${digest([resolve(root), paths.map((p) => resolve(p))]).slice(0, 24)}.v8`);
}

/**
 * kmark's version and the bytes of the running bundle (dist/cli/main.cjs,
 * which holds all of kmark's code) and of its reading worker: any change of
 * kmark changes them. Node's version too, as it decides v8.serialize's format.
 */
function toolIdentity(version: string): string {
  const main = process.argv[1] ? resolve(process.argv[1]) : '';
  const hash = createHash('sha1').update(`${version}\0${process.version}\0`);
  for (const entry of [main, join(dirname(main), '../scan/prefilter-worker.js')]) {
    try {
      hash.update(readFileSync(entry));
    } catch {
      hash.update('-');
    }
  }
  return hash.digest('hex');
}

const digest = (value: unknown): string => createHash('sha1').update(JSON.stringify(value)).digest('hex');
