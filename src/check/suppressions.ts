/**
 * Inline suppressions (docs/suppressions.md): a comment
 * `kmark-disable-next-line RULE[, RULE…] -- REASON` silences the named rules'
 * findings on the next marker after it, as ESLint's eslint-disable-next-line
 * or clang-tidy's NOLINTNEXTLINE. The reason is required: a comment without
 * one, or naming no known rule, silences nothing and is itself a finding.
 */
import type { Diagnostic, RuleLevel } from '../model/diagnostic.js';
import type { SourceSpan } from '../model/location.js';
import type { RuleMeta } from './rule.js';

export const SUPPRESSION_RULE_ID = 'suppression-comment';
export const SUPPRESSION_RULE: RuleMeta = {
  description: 'A kmark-disable-next-line comment must name known rules and give a reason after --.',
  severity: 'error',
};

const COMMENT = /(?:\/\/|\/\*)[ \t]*kmark-disable-next-line\b([^\n]*?)(?:\*\/|$)/gm;

interface Directive {
  readonly span: SourceSpan;
  readonly rules: readonly string[];
  readonly reason: string;
}

/**
 * Marks the findings that a comment silences and adds the findings about
 * malformed comments. Only files with findings are read (`source`), so a
 * malformed comment in a clean file goes unremarked: it silences nothing.
 * `siteSpansIn` gives the spans of a file's marker sites, each a whole call:
 * asked only of those files.
 */
export function applyInlineSuppressions(diagnostics: readonly Diagnostic[], siteSpansIn: (file: string) => readonly SourceSpan[], knownRules: ReadonlySet<string>, source: (file: string) => string | undefined): Diagnostic[] {
  const files = new Set(diagnostics.map((d) => d.span.file));
  const result = [...diagnostics];
  for (const file of files) {
    const text = source(file);
    if (text === undefined || !text.includes('kmark-disable-next-line')) continue;
    const fileSpans = [...siteSpansIn(file)].sort(compare);
    for (const directive of directives(file, text)) {
      const unknown = directive.rules.filter((r) => !knownRules.has(r));
      const problem =
        directive.rules.length === 0
          ? 'names no rule'
          : unknown.length > 0
            ? `names unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.map((r) => `'${r}'`).join(', ')}`
            : directive.reason === ''
              ? 'gives no reason: write one after --'
              : null;
      if (problem !== null) {
        result.push({ rule: SUPPRESSION_RULE_ID, severity: SUPPRESSION_RULE.severity, span: directive.span, message: `kmark-disable-next-line ${problem}; it silences nothing` });
        continue;
      }
      // The site the comment stands before: the first whose call starts after the comment ends.
      const site = fileSpans.find((span) => compare(span, directive.span, 'end') > 0);
      if (!site) continue;
      for (const [k, d] of result.entries()) {
        if (d.suppression === undefined && directive.rules.includes(d.rule) && d.span.file === file && within(d.span, site)) {
          result[k] = { ...d, suppression: { kind: 'inSource', justification: directive.reason } };
        }
      }
    }
  }
  return result;
}

function* directives(file: string, text: string): Generator<Directive> {
  for (const match of text.matchAll(COMMENT)) {
    const body = match[1]!;
    const dashes = body.indexOf('--');
    const names = (dashes >= 0 ? body.slice(0, dashes) : body).split(/[\s,]+/).filter((n) => n !== '');
    const reason = dashes >= 0 ? body.slice(dashes + 2).trim() : '';
    const start = position(text, match.index);
    const end = position(text, match.index + match[0].length);
    yield { span: { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column }, rules: names, reason };
  }
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** Orders by start; with `end`, compares a's start with b's end. */
function compare(a: SourceSpan, b: SourceSpan, of: 'start' | 'end' = 'start'): number {
  const [line, column] = of === 'end' ? [b.endLine, b.endColumn] : [b.line, b.column];
  return a.line - line || a.column - column;
}

const within = (inner: SourceSpan, outer: SourceSpan): boolean => compare(inner, outer) >= 0 && (inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn));

export type { RuleLevel } from '../model/diagnostic.js';

/** The configured severities: `off` drops a rule's findings, any other level replaces theirs. */
export function applyRuleLevels(diagnostics: readonly Diagnostic[], levels: Readonly<Record<string, RuleLevel>>): Diagnostic[] {
  return diagnostics.flatMap((d) => {
    const level = levels[d.rule];
    if (level === undefined) return [d];
    return level === 'off' ? [] : [{ ...d, severity: level }];
  });
}

/** The findings whose fingerprints the baseline holds are silenced (`external`): only new ones count. */
export function applyBaseline(diagnostics: readonly Diagnostic[], prints: readonly string[], baseline: ReadonlySet<string>, file: string): Diagnostic[] {
  return diagnostics.map((d, k) => (d.suppression === undefined && baseline.has(prints[k]!) ? { ...d, suppression: { kind: 'external', justification: `in the baseline ${file}` } } : d));
}
