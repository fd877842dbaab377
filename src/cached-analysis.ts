/**
 * The pipeline's result, remembered between runs (docs/performance.md,
 * "Repeated runs"). A run of `scan` or `lint` is stored whole, keyed as
 * git's index keys a file: every listed file's path, size, mtime and ctime
 * (nanoseconds) and inode. It is used again only when kmark itself (its
 * version and bundle), the command, its options and configuration, the file
 * list and every file's stamp are the same, and, for lint, every header the
 * type model read outside the tree and every place a missing header was
 * looked for. A file's result depends on the annotation macros of the
 * others (src/c/annotations.ts), so nothing less than the whole tree
 * keys it.
 *
 * One file per tree, command and paths under `$XDG_CACHE_HOME/kmark/`
 * (`~/.cache/kmark/`), never in the source tree; written atomically
 * (src/io/write.ts); one that cannot be read or does not match is ignored
 * and written again.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { AnalyzeOptions } from './analyze.js';
import type { TypeModel } from './ctypes/index.js';
import { replayRecorder } from './io/replay-recorder.js';
import { IoProblem } from './io/errors.js';
import { nowNs, sameStamps, stampsOf } from './io/stamps.js';
import { writeIfChanged } from './io/write.js';
import { catalogOf, type Catalog } from './model/catalog.js';
import { eventIdOfMd5, markerId } from './model/identity.js';
import type { Marker } from './model/marker.js';
import type { Diagnostic } from './model/diagnostic.js';
import { listCFiles, type FileList } from './scan/files.js';
import { includeCandidates } from './c/includes.js';
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
const FORMAT = 3;

interface Entry {
  readonly format: number;
  readonly key: string;
  /** The listed files, `\0`-joined, then the walk's problems. */
  readonly files: string;
  readonly stamps: BigInt64Array;
  readonly dependencies: string[];
  readonly dependencyStamps: BigInt64Array;
  readonly result: StoredResult;
}

/**
 * A StoredAnalysis as written: its catalog as its markers' rows, whose
 * document catalogOf makes again (a tree's catalog has no build id, and its
 * digest is computed only if read), its problems as plain data.
 */
interface StoredResult extends Omit<StoredAnalysis, 'catalog' | 'problems'> {
  readonly markers: MarkerRow[];
  readonly problems: Array<{ readonly path: string; readonly message: string }>;
}

/**
 * A marker stored as an array of its fields in Marker's order, less `id` and
 * `eventId`, which the others give (model/identity.ts): half the bytes of
 * objects, whose every key V8 writes out, and read back in half the time
 * (docs/performance.md, "Fifth round").
 */
type MarkerRow = [Marker['md5'], Marker['name'], Marker['form'], Marker['file'], Marker['line'], Marker['column'], Marker['function'], Marker['ordinal'], Marker['handlers'], Marker['format'], Marker['fields'], Marker['enabledByDefault']];

const rowOf = (m: Marker): MarkerRow => [m.md5, m.name, m.form, m.file, m.line, m.column, m.function, m.ordinal, m.handlers, m.format, m.fields, m.enabledByDefault];

function markerOfRow([md5, name, form, file, line, column, fn, ordinal, handlers, format, fields, enabledByDefault]: MarkerRow): Marker {
  return { id: markerId(file, fn, ordinal), md5, eventId: eventIdOfMd5(md5), name, form, file, line, column, function: fn, ordinal, handlers, format, fields, enabledByDefault };
}

/** The result of `analyze`, from the cache when nothing it depends on changed. */
export async function analyzeCached(paths: readonly string[], options: AnalyzeOptions, request: CacheRequest, version: string): Promise<StoredAnalysis> {
  const listed = listCFiles(paths);
  const location = cacheFile(request.command, options.root, paths);
  const key = digest([FORMAT, request.tool ?? toolIdentity(version), request.command, resolve(options.root), paths.map((p) => resolve(p)), request.settings, optionsKey(options)]);
  const files = [listed.files.join('\0'), ...listed.problems.map(String)].join('\n');
  const startedAt = nowNs();
  const recorder = replayRecorder();
  if (listed.problems.length > 0) recorder?.refuse();
  recorder?.watch(listed.directories);
  if (request.read && location !== null) {
    // Every file is stat'ed only when an entry may be used; a run without one stamps each file as it reads it.
    let stamped: BigInt64Array | undefined;
    const hit = lookUp(location, key, files, () => (stamped = stampsOf(listed.files, startedAt)));
    if (hit) {
      recorder?.stamped(listed.files, stamped!);
      recorder?.watch(hit.dependencies);
      return hit.result;
    }
  }

  const { result, model, stamps } = await freshAnalysis(paths, { ...options, stampsAt: startedAt }, listed);
  recorder?.stamped(listed.files, stamps);
  if (location !== null) {
    const dependencies = model ? typeModelInputs(model, result.catalog, options) : [];
    recorder?.watch(dependencies);
    store(location, { format: FORMAT, key, files, stamps, dependencies, dependencyStamps: stampsOf(dependencies, startedAt), result });
  }
  return result;
}

/**
 * The pipeline run afresh, and the part of its result that is stored. Its
 * own function, so that what the pipeline holds to its end beyond the result
 * (the sites as the rules across files read them) is let go when it
 * returns, before the result is serialized: a local of the caller would hold
 * it until it ends (docs/performance.md).
 */
async function freshAnalysis(paths: readonly string[], options: AnalyzeOptions & { readonly stampsAt: bigint }, listed: FileList): Promise<{ result: StoredAnalysis; model: TypeModel | undefined; stamps: BigInt64Array }> {
  // Loaded only now: a cache hit needs none of the pipeline's modules.
  const { analyzeInParts } = await import('./analyze.js');
  let model: TypeModel | undefined;
  const typeModel = options.typeModel;
  const analysis = await analyzeInParts(paths, {
    ...options,
    files: listed,
    ...(typeModel ? { typeModel: (o: Parameters<typeof typeModel>[0]) => (model = typeModel(o)) } : {}),
  });
  const stamps = analysis.stamps ?? stampsOf(listed.files, options.stampsAt);
  return { result: { catalog: analysis.catalog, diagnostics: analysis.diagnostics, problems: analysis.problems, stats: analysis.stats, cached: false }, model, stamps };
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

function lookUp(location: string, key: string, files: string, stamps: () => BigInt64Array): { result: StoredAnalysis; dependencies: string[] } | null {
  let entry: Entry;
  try {
    entry = deserialize(readFileSync(location)) as Entry;
  } catch {
    return null;
  }
  if (typeof entry !== 'object' || entry === null || entry.format !== FORMAT || entry.key !== key || entry.files !== files) return null;
  if (!(entry.stamps instanceof BigInt64Array) || !sameStamps(entry.stamps, stamps())) return null;
  if (!(entry.dependencyStamps instanceof BigInt64Array) || !sameStamps(entry.dependencyStamps, stampsOf(entry.dependencies, nowNs()))) return null;
  const { markers, problems, diagnostics, stats } = entry.result;
  const result = { catalog: catalogOf(markers.map(markerOfRow)), diagnostics, problems: problems.map((p) => new IoProblem(p.path, p.message)), stats, cached: true };
  return { result, dependencies: entry.dependencies };
}

function store(location: string, fresh: Omit<Entry, 'result'> & { readonly result: StoredAnalysis }): void {
  const { catalog, problems, diagnostics, stats, cached } = fresh.result;
  const result: StoredResult = { markers: catalog.markers.map(rowOf), diagnostics, problems: problems.map((p) => ({ path: p.path, message: p.message })), stats, cached };
  try {
    writeIfChanged(location, serialize({ ...fresh, result }));
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
