/** FNV-1a over a string's UTF-16 code units: a 32-bit hash that JavaScript computes without a lookup. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
  return hash >>> 0;
}
