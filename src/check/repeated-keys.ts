import { fnv1a } from '../model/string-hash.js';

/**
 * The keys that more than one item has. The rules that compare markers
 * across the whole tree (id-collision, format-conflict) look only at the
 * markers that share a key with another: with a marker in every function
 * nearly every key is its own, and keeping a list for each was most of those
 * rules' time and garbage (docs/performance.md).
 *
 * Keys are first told apart by a 32-bit hash, sorted as numbers: only the
 * keys whose hash another key has go into a Set. A Set of every key, as
 * large as the tree's markers, was a twentieth of a scan with a marker in
 * every function (docs/performance.md, "Seventh round").
 */
export function repeatedKeys<T>(items: readonly T[], keyOf: (item: T) => string): Set<string> {
  const hashes = new Uint32Array(items.length);
  for (let k = 0; k < items.length; k++) hashes[k] = fnv1a(keyOf(items[k]!));
  const sorted = hashes.slice().sort();
  const sharedHashes = new Set<number>();
  for (let k = 1; k < sorted.length; k++) if (sorted[k] === sorted[k - 1]) sharedHashes.add(sorted[k]!);
  const seen = new Set<string>();
  const repeated = new Set<string>();
  if (sharedHashes.size === 0) return repeated;
  for (let k = 0; k < items.length; k++) {
    if (!sharedHashes.has(hashes[k]!)) continue;
    const key = keyOf(items[k]!);
    // One lookup, not has() then add().
    const before = seen.size;
    if (seen.add(key).size === before) repeated.add(key);
  }
  return repeated;
}
