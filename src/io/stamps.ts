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
  const stamps = new BigInt64Array(paths.length * STAMP_FIELDS).fill(-1n);
  paths.forEach((path, k) => {
    let stat: BigIntStats | undefined;
    try {
      stat = statSync(path, { bigint: true, throwIfNoEntry: false });
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

export function sameStamps(a: BigInt64Array, b: BigInt64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k] || (k % STAMP_FIELDS === 0 && a[k]! === -2n)) return false;
  return true;
}
