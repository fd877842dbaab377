/**
 * The first pass of a scan: read every file once and keep what the second
 * needs — which files may hold a marker, and the `#define`s of those and of
 * the headers — so that a file without a marker costs a read and a byte
 * search. A header's `#define`s are cut only once some file was found that
 * may hold a marker: a tree without one never needs them, and cutting them
 * was half of its scan. The headers are read last (readingOrder), so that
 * only a tree whose marker files are all headers reads some of them again
 * (src/scan/index.ts, headerDefinitions). The bytes are not kept: the second
 * pass reads each marker file again, one at a time, as holding a tree's
 * marker files all at once cost more in memory and page faults than reading
 * them twice (docs/performance.md). With more than one job
 * (readingThreads), worker threads share the files with the calling thread;
 * the result is the same, in file order.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { BigIntStats } from 'node:fs';
import { describeFsError } from '../io/errors.js';
import { noStamps, stampOf, stampPath } from '../io/stamps.js';
import { FileReader } from '../io/read.js';
import { macroDefinitions, type FileDefinitions } from '../c/annotations.js';
import { mayHoldMarkers, withoutByteOrderMark } from '../c/source.js';

/** A file that may hold a marker. */
export interface Candidate {
  readonly file: string;
  /** Its `#define`s, which every marker file's scan needs (none for a binary file). */
  readonly definitions: FileDefinitions;
}

export interface PrefilterResult {
  readonly bytesRead: number;
  /** Each file's stamp, when asked for (prefilter's stampsAt). */
  readonly stamps?: BigInt64Array;
  /** The headers whose `#define`s were cut, with them: those read once a file that may hold a marker was found. */
  readonly headers: Array<{ readonly file: string; readonly definitions: FileDefinitions }>;
  /** Threads that read at least one file: the calling one and the workers that started in time. */
  readonly threads: number;
  /** In file order. */
  readonly candidates: Candidate[];
  /** Files that could not be read: path and reason, in file order. */
  readonly unreadable: Array<{ readonly file: string; readonly reason: string }>;
}

/** A file's `#define`s as a thread cut them, with the file's index so the threads' parts merge in order. */
interface CutFile {
  index: number;
  definitions: FileDefinitions;
}

/** What one thread found, each item with its file's index. */
export interface PrefilterPart {
  filesRead: number;
  bytesRead: number;
  candidates: CutFile[];
  headers: CutFile[];
  unreadable: Array<{ index: number; reason: string }>;
}

/**
 * The shared state of a parallel pass, in an Int32Array over shared memory:
 * the next file to claim, and each worker's state, so that the calling
 * thread can wait for the workers without an event loop (scan stays
 * synchronous) and never for one that did not start.
 */
const NEXT_FILE = 0;
/** Non-zero once a thread has read a file that may hold a marker: from then on every thread cuts the headers' `#define`s. */
const MARKER_FILE_SEEN = 1;
const WORKER_STATE = 2;
export const WorkerState = {
  Pending: 0,
  Running: 1,
  Done: 2,
  /** The calling thread finished every file before this worker started: it must not start. */
  Abandoned: 3,
} as const;

/**
 * How many threads read, the calling one included. `jobs` is taken as
 * given; 'auto' is one per core, but only as many as the tree has
 * AUTO_FILES_PER_THREAD files for: a worker takes ~90 ms to start and to
 * run its code hot, and on the 2-core machine measured (docs/performance.md)
 * a second thread cost 50 ms on 2,000 files (100 MB) and saved between
 * nothing and 14% on 10,000.
 */
export type Jobs = number | 'auto';

const AUTO_FILES_PER_THREAD = 5_000;

function readingThreads(jobs: Jobs, files: number): number {
  const threads = jobs === 'auto' ? Math.min(availableParallelism(), Math.floor(files / AUTO_FILES_PER_THREAD)) : jobs;
  return Math.max(1, Math.min(threads, files));
}

/** What every reading thread shares: the files, the counters, and where to stamp the files when asked to. */
export interface SharedPass {
  readonly files: readonly string[];
  /** NEXT_FILE, MARKER_FILE_SEEN, then one state per worker. */
  readonly shared: Int32Array;
  /** Each file's stamp, taken from the fstat of its read (src/io/stamps.ts), with the run's start. */
  readonly stamping?: { readonly stamps: BigInt64Array; readonly startedAt: bigint };
}

/** Reads `files[i]` for each index claimed from the shared counter, into `part`. */
export function prefilterClaimed({ files, shared, stamping }: SharedPass, part: PrefilterPart, onFile?: () => void): void {
  const reader = new FileReader();
  const order = readingOrder(files);
  let markerFileSeen = false;
  let index = 0;
  const stamp = stamping && ((stats: BigIntStats) => stampOf(stamping.stamps, index, stats, stamping.startedAt));
  for (let next = Atomics.add(shared, NEXT_FILE, 1); next < files.length; next = Atomics.add(shared, NEXT_FILE, 1)) {
    index = order[next]!;
    const file = files[index]!;
    part.filesRead++;
    let bytes: Buffer;
    try {
      bytes = reader.read(file, stamp);
    } catch (error) {
      part.unreadable.push({ index, reason: describeFsError(error) });
      // A file that cannot be opened may still be stat'ed (no read permission): its stamp is what stat says.
      if (stamping) stampPath(stamping.stamps, index, file, stamping.startedAt);
      continue;
    }
    part.bytesRead += bytes.length;
    if (mayHoldMarkers(bytes)) {
      part.candidates.push({ index, definitions: definitionsIn(bytes) });
      if (!markerFileSeen) Atomics.store(shared, MARKER_FILE_SEEN, 1);
      markerFileSeen = true;
    } else if (file.endsWith('.h') && (markerFileSeen ||= Atomics.load(shared, MARKER_FILE_SEEN) !== 0)) {
      part.headers.push({ index, definitions: definitionsIn(bytes) });
    }
    onFile?.();
  }
}

/** The indices of `files` in the order the threads claim them: every other file, then the headers. The same in every thread. */
function readingOrder(files: readonly string[]): Int32Array {
  const order = new Int32Array(files.length);
  let next = 0;
  for (const headers of [false, true]) {
    for (let index = 0; index < files.length; index++) if (files[index]!.endsWith('.h') === headers) order[next++] = index;
  }
  return order;
}

/** A file's `#define`s, read from its bytes, as the text is decoded only in the second pass: a binary file has none, a byte-order mark is skipped (source.ts). */
export const definitionsIn = (bytes: Buffer): FileDefinitions => macroDefinitions(withoutByteOrderMark(bytes));

export const emptyPart = (): PrefilterPart => ({ filesRead: 0, bytesRead: 0, candidates: [], headers: [], unreadable: [] });

/** The first pass over `files`; with `stampsAt` (the run's start), each file is stamped as it is read. */
export function prefilter(files: readonly string[], jobs: Jobs, onProgress?: (done: number, total: number) => void, stampsAt?: bigint): PrefilterResult {
  const workerCount = readingThreads(jobs, files.length) - 1;
  const pass: SharedPass = {
    files,
    shared: new Int32Array(new SharedArrayBuffer(4 * (WORKER_STATE + workerCount))),
    ...(stampsAt !== undefined && { stamping: { stamps: noStamps(files.length, true), startedAt: stampsAt } }),
  };
  const workers = Array.from({ length: workerCount }, (_, k) => startWorker(pass, WORKER_STATE + k));
  const own = emptyPart();
  // Files claimed by every thread so far: the progress of the whole pass.
  const claimed = (): number => Math.min(Atomics.load(pass.shared, NEXT_FILE), files.length);
  prefilterClaimed(pass, own, onProgress && (() => onProgress(claimed(), files.length)));
  const parts = [own, ...workers.map((worker) => worker.finish())];
  onProgress?.(files.length, files.length);
  // Copied out of the shared memory, which V8's serializer does not take (the result cache stores them).
  return { ...merge(files, parts), stamps: pass.stamping?.stamps.slice() };
}

interface StartedWorker {
  /** Waits for the worker's part (none if it never started), and lets it go. */
  finish(): PrefilterPart;
}

function startWorker(pass: SharedPass, stateSlot: number): StartedWorker {
  const { shared } = pass;
  const { port1, port2 } = new MessageChannel();
  // Beside this module in src/ and in the bundle (dist/scan/): see the Makefile's build.
  const worker = new Worker(new URL('../scan/prefilter-worker.js', import.meta.url), {
    workerData: { pass, stateSlot, port: port2 },
    transferList: [port2],
  });
  // A worker that cannot start (its script is not built when kmark runs from
  // its sources) leaves its files to the calling thread: not an error.
  worker.on('error', () => {});
  worker.unref();
  return {
    finish(): PrefilterPart {
      if (Atomics.compareExchange(shared, stateSlot, WorkerState.Pending, WorkerState.Abandoned) !== WorkerState.Pending) {
        while (Atomics.load(shared, stateSlot) === WorkerState.Running) Atomics.wait(shared, stateSlot, WorkerState.Running);
      }
      const message = receiveMessageOnPort(port1);
      port1.close();
      void worker.terminate();
      if (!message) return emptyPart();
      const reply = message.message as PrefilterPart | { error: string };
      if ('error' in reply) throw new Error(`reading worker: ${reply.error}`);
      return reply;
    },
  };
}

function merge(files: readonly string[], parts: readonly PrefilterPart[]): Omit<PrefilterResult, 'stamps'> {
  const byIndex = <T extends { index: number }>(pick: (part: PrefilterPart) => T[]): T[] => parts.flatMap(pick).sort((a, b) => a.index - b.index);
  return {
    bytesRead: parts.reduce((sum, part) => sum + part.bytesRead, 0),
    threads: parts.filter((part) => part.filesRead > 0).length,
    candidates: byIndex((part) => part.candidates).map(({ index, definitions }) => ({ file: files[index]!, definitions })),
    headers: byIndex((part) => part.headers).map(({ index, definitions }) => ({ file: files[index]!, definitions })),
    unreadable: byIndex((part) => part.unreadable).map(({ index, reason }) => ({ file: files[index]!, reason })),
  };
}
