/**
 * The keys that more than one item has. The rules that compare markers
 * across the whole tree (id-collision, format-conflict) look only at the
 * markers that share a key with another: with a marker in every function
 * nearly every key is its own, and keeping a list for each was most of those
 * rules' time and garbage (docs/performance.md).
 */
export function repeatedKeys<T>(items: Iterable<T>, keyOf: (item: T) => string): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const item of items) {
    const key = keyOf(item);
    // One lookup, not has() then add(): the sets are as large as the tree's markers.
    const before = seen.size;
    if (seen.add(key).size === before) repeated.add(key);
  }
  return repeated;
}
