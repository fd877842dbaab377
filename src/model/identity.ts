import * as crypto from 'node:crypto';

/** `PATH:FUNCTION:ORDINAL`, docs/scanning.md#identity. */
export function markerId(file: string, fn: string, ordinal: number): string {
  return `${file}:${fn}:${ordinal}`;
}

/**
 * One-shot crypto.hash where Node has it (20.12 and later): a Hash stream
 * per marker was a fifth of placing a tree's markers, in time and garbage
 * (docs/performance.md).
 */
export const md5Hex: (text: string) => string = typeof crypto.hash === 'function' ? (text) => crypto.hash('md5', text, 'hex') : (text) => crypto.createHash('md5').update(text, 'utf8').digest('hex');

/** The first 8 bytes of the md5 digest as a big-endian integer, written `0x` + 16 hex digits. */
export function eventIdOfMd5(md5: string): string {
  return `0x${md5.slice(0, 16)}`;
}

export function identityOf(id: string): { id: string; md5: string; eventId: string } {
  const md5 = md5Hex(id);
  return { id, md5, eventId: eventIdOfMd5(md5) };
}
