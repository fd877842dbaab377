/**
 * The baseline file: the fingerprints (src/model/fingerprint.ts) of the
 * findings a tree had when it adopted the lint, so that only new ones fail
 * (docs/suppressions.md). Rule and message are kept for the reader.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { KmarkError } from './errors.js';
import { readJsonFile } from './read.js';
import { writeIfChanged } from './write.js';

interface BaselineFile {
  readonly version: 1;
  readonly findings: ReadonlyArray<{ readonly fingerprint: string; readonly rule: string; readonly file: string; readonly message: string }>;
}

export function readBaseline(path: string): Set<string> {
  const value = readJsonFile(path) as Partial<BaselineFile> | null;
  if (value?.version !== 1 || !Array.isArray(value.findings) || !value.findings.every((f) => typeof f?.fingerprint === 'string')) {
    throw new KmarkError(`${path}: not a kmark baseline (write one with kmark lint --update-baseline)`);
  }
  return new Set(value.findings.map((f) => f.fingerprint));
}

/** `diagnostics` in a stable order with their fingerprints; returns how many were written. */
export function writeBaseline(path: string, diagnostics: readonly Diagnostic[], prints: readonly string[]): number {
  const findings = diagnostics.map((d, k) => ({ fingerprint: prints[k]!, rule: d.rule, file: d.span.file, message: d.message }));
  writeIfChanged(path, `${JSON.stringify({ version: 1, findings } satisfies BaselineFile, null, 2)}\n`);
  return findings.length;
}
