/**
 * How an argument is stored in a trace record (docs/runtime.md): the
 * generated site writes it this way, `kmark decode` reads it back this way.
 */
import { unqualified, type CType } from './types.js';

export type Storage = 'signed' | 'unsigned' | 'pointer' | 'string' | 'double';

/** `stringValue`: the argument is printed with `%s`, so the record holds its characters. */
export function storageOf(type: CType, stringValue: boolean): Storage {
  const t = unqualified(type);
  if (t.kind === 'pointer' || t.kind === 'array') return stringValue ? 'string' : 'pointer';
  if (t.kind === 'floating') return 'double';
  if (t.kind === 'enum') return 'signed';
  return t.kind === 'integer' && !t.signed ? 'unsigned' : 'signed';
}

/** Bytes a stored value takes, strings aside (their length is in the record). */
export function storedSize(storage: Storage, size: number | undefined): number {
  return storage === 'pointer' || storage === 'double' ? 8 : (size ?? 0);
}
