import type { SourceSpan } from './location.js';

export type Severity = 'error' | 'warning' | 'note';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { note: 0, warning: 1, error: 2 };

/** A suggested edit: replace the text at `span` by `text`. */
export interface Fix {
  readonly message: string;
  readonly span: SourceSpan;
  readonly text: string;
}

/** A finding, as data: produced by the scanner and the checks, rendered by src/report. */
export interface Diagnostic {
  readonly rule: string;
  readonly severity: Severity;
  readonly span: SourceSpan;
  readonly message: string;
  readonly markerId?: string;
  readonly fix?: Fix;
}
