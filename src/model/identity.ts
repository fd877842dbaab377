import { createHash } from 'node:crypto';

/** `PATH:FUNCTION:ORDINAL`, docs/scanning.md#identity. */
export function markerId(file: string, fn: string, ordinal: number): string {
  return `${file}:${fn}:${ordinal}`;
}

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** The first 8 bytes of the md5 digest as a big-endian integer, written `0x` + 16 hex digits. */
export function eventIdOfMd5(md5: string): string {
  return `0x${md5.slice(0, 16)}`;
}

export function identityOf(id: string): { id: string; md5: string; eventId: string } {
  const md5 = md5Hex(id);
  return { id, md5, eventId: eventIdOfMd5(md5) };
}
