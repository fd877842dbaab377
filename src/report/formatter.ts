/** A formatter turns diagnostics into one printable document: `(input) => string`, one per file. */
import type { RuleInfo } from '../check/index.js';
import { isActive, type Diagnostic } from '../model/diagnostic.js';

export interface ReportInput {
  readonly diagnostics: readonly Diagnostic[];
  /** Reads a source line for code frames; undefined when it cannot be read. */
  readonly sourceLine?: (file: string, line: number) => string | undefined;
  readonly color: boolean;
  readonly toolVersion: string;
  /** Every rule that can report, for formats that describe them (SARIF). */
  readonly rules: readonly RuleInfo[];
  /** False when some input could not be read: the findings are then incomplete (SARIF's invocation). */
  readonly executionSuccessful?: boolean;
}

export type Formatter = (input: ReportInput) => string;

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) || a.span.line - b.span.line || a.span.column - b.span.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

/** Counts of the active findings; silenced ones are counted apart. */
export function summarize(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number; notes: number; suppressed: number } {
  const count = (s: Diagnostic['severity']): number => diagnostics.filter((d) => isActive(d) && d.severity === s).length;
  return { errors: count('error'), warnings: count('warning'), notes: count('note'), suppressed: diagnostics.filter((d) => !isActive(d)).length };
}
