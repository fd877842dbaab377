/**
 * A file's stamp as git's index keeps it: size, mtime and ctime
 * (nanoseconds), inode and device. Equal stamps mean an unchanged file
 * (docs/performance.md, "Repeated runs"); shared by the result cache
 * (src/cached-analysis.ts) and the replay of a whole run (src/cli/replay.ts).
 */
import { statSync, type BigIntStats } from 'node:fs';

export const STAMP_FIELDS = 5;

/** How close to the run's start a change may not be seen by a stamp: coarser than any clock tick of a file system's times. */
const RACY_NS = 100_000_000n;

/** Now, in the nanoseconds of a file's times. */
export const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

/**
 * size, mtime, ctime, inode, device per path; -1 for a path that cannot be
 * stat'ed. A file changed within the same clock tick as the run's start could
 * keep its stamp (git's "racily clean" entries): such a stamp is stored as
 * never matching, so the next run reads the file again.
 */
export function stampsOf(paths: readonly string[], startedAt: bigint): BigInt64Array {
  const stamps = noStamps(paths.length);
  paths.forEach((path, k) => stampPath(stamps, k, path, startedAt));
  return stamps;
}

/** Stamps for `count` paths, none taken yet; in memory that threads share when `shared`. */
export const noStamps = (count: number, shared = false): BigInt64Array => {
  const bytes = count * STAMP_FIELDS * BigInt64Array.BYTES_PER_ELEMENT;
  return new BigInt64Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)).fill(-1n);
};

/** Stamps the k-th path by stat'ing it; leaves -1 when it cannot be. */
export function stampPath(stamps: BigInt64Array, k: number, path: string, startedAt: bigint): void {
  let stat: BigIntStats | undefined;
  try {
    stat = statSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return;
  }
  if (stat) stampOf(stamps, k, stat, startedAt);
}

/** Stamps the k-th path from what stat or fstat said of it: a scan stamps each file as it reads it (src/scan/prefilter.ts). */
export function stampOf(stamps: BigInt64Array, k: number, stat: BigIntStats, startedAt: bigint): void {
  const at = k * STAMP_FIELDS;
  const racy = stat.mtimeNs >= startedAt - RACY_NS || stat.ctimeNs >= startedAt - RACY_NS;
  stamps[at] = racy ? -2n : stat.size;
  stamps[at + 1] = stat.mtimeNs;
  stamps[at + 2] = stat.ctimeNs;
  stamps[at + 3] = stat.ino;
  stamps[at + 4] = stat.dev;
}

export function sameStamps(a: BigInt64Array, b: BigInt64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k] || (k % STAMP_FIELDS === 0 && a[k]! === -2n)) return false;
  return true;
}
