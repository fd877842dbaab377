/** FNV-1a over a string's UTF-16 code units: a 32-bit hash that JavaScript computes without a lookup. */
export function fnv1a(text: string): number {
  return fnv1aOf(text, 0, text.length);
}

/** fnv1a(text.slice(start, end)), without making the slice. */
export function fnv1aOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let k = start; k < end; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
  return hash >>> 0;
}
