import type { SourceSpan } from './location.js';

export type Severity = 'error' | 'warning' | 'note';

/** A rule's level in kmark.config.json's `rules`: a severity, or off. */
export type RuleLevel = Severity | 'off';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { note: 0, warning: 1, error: 2 };

/** A suggested edit: replace the text at `span` by `text`. */
export interface Fix {
  readonly message: string;
  readonly span: SourceSpan;
  readonly text: string;
}

/** A range of the source with a short text under it, as gcc labels a conversion and its argument with their types. */
export interface Label {
  readonly span: SourceSpan;
  readonly text: string;
}

/** Why a finding is silenced: a comment at the marker (inSource) or the baseline file (external), as SARIF records it. */
export interface Suppression {
  readonly kind: 'inSource' | 'external';
  readonly justification: string;
}

/** A finding, as data: produced by the scanner and the checks, rendered by src/report. */
export interface Diagnostic {
  readonly rule: string;
  readonly severity: Severity;
  readonly span: SourceSpan;
  readonly message: string;
  readonly markerId?: string;
  readonly fix?: Fix;
  /** Ranges shown under the source line with their texts (text output; the machine formats carry them as data). */
  readonly labels?: readonly Label[];
  /** Set when the finding is silenced: formatters other than SARIF leave it out, and it never fails the run. */
  readonly suppression?: Suppression;
}

export const isActive = (d: Diagnostic): boolean => d.suppression === undefined;
