/**
 * The findings the scanner reports itself, before any rule of src/check/
 * runs: their codes, each with what `--list-rules`, SARIF and docs/rules.md
 * say of it, and the severity it is raised with.
 */
import type { Severity } from './diagnostic.js';

export const SCANNER_RULES = {
  /** src/scan/extract.ts */
  'marker-syntax': { description: 'A marker call the scanner cannot split into its parts.', severity: 'error' },
  /** src/c/source.ts */
  encoding: { description: 'A file that is not valid UTF-8 (read as Latin-1).', severity: 'warning' },
  /** src/c/source.ts */
  'binary-file': { description: 'A file with NUL bytes, skipped.', severity: 'warning' },
} as const satisfies Record<string, { readonly description: string; readonly severity: Severity }>;

export type ScannerRuleId = keyof typeof SCANNER_RULES;
