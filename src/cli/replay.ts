/**
 * kmark's entry point (dist/cli/kmark.cjs): a repeated `kmark scan` or
 * `kmark lint` whose inputs did not change prints the output it printed
 * last time, before Node compiles the CLI, yargs or the pipeline
 * (docs/performance.md, "Repeated runs"). Anything else, and a miss, runs the
 * CLI (dist/cli/main.cjs; `kmark gen`, the build step's dist/cli/build-step.cjs),
 * recording what it prints and what it read
 * (src/io/replay-recorder.ts): every listed file's stamp, as the result cache
 * keys it (src/cached-analysis.ts), and the stamp of every directory walked
 * instead of the walk, as git's untracked cache does, since a file added,
 * removed or renamed changes its directory's mtime.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { nowNs, sameStamps, stampsOf } from '../io/stamps.js';
import { writeIfChanged } from '../io/write.js';
import { installReplayRecorder } from '../io/replay-recorder.js';
import { guardStandardStreams } from './standard-streams.js';
import { startBundle } from './start-bundle.js';

/** Bumped when what is stored changes shape. */
const FORMAT = 1;

interface Entry {
  readonly format: number;
  readonly key: string;
  readonly paths: string[];
  readonly stamps: BigInt64Array;
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
  readonly code: number;
}

/**
 * scan and lint, unless told to read afresh, to write a baseline or to say
 * how much they read (a replayed `--stats` would repeat the cold run's figures).
 */
function replayable(argv: readonly string[]): boolean {
  const [command, ...rest] = argv;
  if (command !== 'scan' && command !== 'lint') return false;
  return !rest.some((arg, k) => /^(-h|--help|--version|--no-cache|--cache=false|--stats|--update-baseline)(=.*)?$/.test(arg) || (arg === '--cache' && rest[k + 1] === 'false'));
}

/**
 * What decides the output besides the files: kmark's bundles, Node, the
 * command line, the directory it runs in, whether it prints to a terminal,
 * and the environment variables kmark or its colours read.
 */
function keyOf(argv: readonly string[], bundle: string): string {
  const hash = createHash('sha1').update(`${FORMAT}\0${process.version}\0`);
  for (const file of [bundle, join(dirname(bundle), 'main.cjs'), join(dirname(bundle), '../scan/prefilter-worker.js')]) {
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update('-');
    }
  }
  const environment = ['HOME', 'XDG_CACHE_HOME', 'NO_COLOR', 'FORCE_COLOR', 'TERM', 'KMARK_DEBUG'].map((name) => process.env[name] ?? null);
  return hash.update(JSON.stringify([process.cwd(), argv, environment, process.stdout.isTTY ?? false, process.stderr.isTTY ?? false, process.stdout.columns ?? 0])).digest('hex');
}

function entryFile(key: string): string | null {
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : '');
  return base ? join(resolve(base), 'kmark', `replay-${key.slice(0, 24)}.v8`) : null;
}

function replay(location: string, key: string): boolean {
  let entry: Entry;
  try {
    entry = deserialize(readFileSync(location)) as Entry;
  } catch {
    return false;
  }
  if (typeof entry !== 'object' || entry === null || entry.format !== FORMAT || entry.key !== key || !(entry.stamps instanceof BigInt64Array)) return false;
  if (!sameStamps(entry.stamps, stampsOf(entry.paths, nowNs()))) return false;
  process.stdout.write(entry.stdout);
  process.stderr.write(entry.stderr);
  process.exitCode = entry.code;
  return true;
}

/** Keeps what the run prints and what it read; stores it when the run ends with a result (exit 0 or 1). */
function record(location: string, key: string): void {
  const startedAt = nowNs();
  const printed = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = process[name];
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      printed[name].push(typeof chunk === 'string' ? Buffer.from(chunk, typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : 'utf8') : Buffer.from(chunk));
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  const stamped: { paths: string[]; stamps: BigInt64Array[] } = { paths: [], stamps: [] };
  const watched: string[] = [];
  let refused = false;
  installReplayRecorder({
    stamped: (paths, stamps) => {
      stamped.paths.push(...paths);
      stamped.stamps.push(stamps);
    },
    watch: (paths) => watched.push(...paths),
    refuse: () => (refused = true),
  });
  process.on('exit', (code) => {
    if (refused || stamped.stamps.length === 0 || (code !== 0 && code !== 1)) return;
    const later = stampsOf(watched, startedAt);
    const stamps = new BigInt64Array(stamped.stamps.reduce((n, s) => n + s.length, 0) + later.length);
    let at = 0;
    for (const part of [...stamped.stamps, later]) {
      stamps.set(part, at);
      at += part.length;
    }
    const entry: Entry = { format: FORMAT, key, paths: [...stamped.paths, ...watched], stamps, stdout: Buffer.concat(printed.stdout), stderr: Buffer.concat(printed.stderr), code };
    try {
      writeIfChanged(location, serialize(entry));
    } catch {
      // A cache that cannot be written only costs the next run its speed.
    }
  });
}

guardStandardStreams();
const argv = process.argv.slice(2);
const bundle = resolve(process.argv[1] ?? '');
const key = replayable(argv) ? keyOf(argv, bundle) : null;
const location = key !== null ? entryFile(key) : null;
if (key === null || location === null || !replay(location, key)) {
  if (key !== null && location !== null) record(location, key);
  // The build step has a smaller bundle of its own (src/cli/build-step.ts).
  startBundle(join(dirname(bundle), argv[0] === 'gen' ? 'build-step.cjs' : 'main.cjs'));
}
