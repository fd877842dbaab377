/**
 * A finding's fingerprint, stable across unrelated line moves: the marker's
 * identity (or, outside any marker, the file), the rule and the message,
 * never a line number; a repeat of the same three is told apart by its rank.
 * SARIF's partialFingerprints and the baseline file both use it.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic } from './diagnostic.js';

/** The fingerprints of `diagnostics`, in their order (which must be a stable one, such as sortDiagnostics'). */
export function fingerprints(diagnostics: readonly Diagnostic[]): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const key = `${d.markerId ?? d.span.file}\0${d.rule}\0${d.message}`;
    const rank = seen.get(key) ?? 0;
    seen.set(key, rank + 1);
    return createHash('sha256').update(`${key}\0${rank}`).digest('hex').slice(0, 32);
  });
}
