/**
 * check: the rule registry. A rule is one file exporting `{ id, meta, run }`;
 * adding one is adding its file and its line here. `runChecks` turns reports
 * into diagnostics; nothing here prints.
 */
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import { RULES_DOC_URI } from '../model/project.js';
import { SCANNER_RULES as SCANNER_RULE_TABLE, type ScannerRuleId } from '../model/scanner-rules.js';
import type { CheckContext, Rule, RuleMeta } from './rule.js';
import { evmarkerHandlers } from './rules/evmarker-handlers.js';
import { evmarkerNr } from './rules/evmarker-nr.js';
import { evmarkerType } from './rules/evmarker-type.js';
import { formatArgCount } from './rules/format-arg-count.js';
import { formatConflict } from './rules/format-conflict.js';
import { formatInvalid } from './rules/format-invalid.js';
import { formatNotLiteral } from './rules/format-not-literal.js';
import { formatType } from './rules/format-type.js';
import { idCollision } from './rules/id-collision.js';
import { markerArgLimit } from './rules/marker-arg-limit.js';
import { markerInMacro } from './rules/marker-in-macro.js';
import { markerOutsideFunction } from './rules/marker-outside-function.js';
import { markerSameLine } from './rules/marker-same-line.js';
import { nameConvention } from './rules/name-convention.js';
import { typeUnresolved } from './rules/type-unresolved.js';
import { SUPPRESSION_RULE, SUPPRESSION_RULE_ID } from './suppressions.js';

export const RULES: readonly Rule[] = [
  markerOutsideFunction,
  markerInMacro,
  markerSameLine,
  markerArgLimit,
  nameConvention,
  idCollision,
  evmarkerNr,
  evmarkerHandlers,
  evmarkerType,
  formatNotLiteral,
  formatInvalid,
  formatArgCount,
  formatType,
  formatConflict,
  typeUnresolved,
];

/** The rules that span translation units, run again by `kmark link` on the merged catalog: they read `placed` alone. */
export const LINK_RULES: readonly Rule[] = [idCollision, formatConflict];

/** Codes the scanner itself reports, listed with the rules for --list-rules, SARIF and the docs. */
export const SCANNER_RULES: Readonly<Record<ScannerRuleId, RuleMeta>> = SCANNER_RULE_TABLE;

/** A rule as the outside world sees it: --list-rules, SARIF's rule descriptors, docs/rules.md. */
export interface RuleInfo {
  readonly id: string;
  readonly description: string;
  readonly severity: Severity;
  /** Its section of docs/rules.md, with a failing and a passing example. */
  readonly helpUri: string;
}

/** Every rule code kmark can report, checks and scanner alike, sorted by id: the one list of rule metadata. */
export function ruleInfos(): RuleInfo[] {
  const info = (id: string, meta: RuleMeta): RuleInfo => ({ id, description: meta.description, severity: meta.severity, helpUri: `${RULES_DOC_URI}#${id}` });
  return [...RULES.map((r) => info(r.id, r.meta)), ...Object.entries(SCANNER_RULES).map(([id, meta]) => info(id, meta)), info(SUPPRESSION_RULE_ID, SUPPRESSION_RULE)].sort((a, b) => (a.id < b.id ? -1 : 1));
}

export function runChecks(context: CheckContext, rules: readonly Rule[] = RULES): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    for (const report of rule.run(context)) {
      diagnostics.push({
        rule: rule.id,
        severity: report.severity ?? rule.meta.severity,
        span: report.span,
        message: report.message,
        ...(report.markerId !== undefined ? { markerId: report.markerId } : {}),
        ...(report.fix !== undefined ? { fix: report.fix } : {}),
        ...(report.labels !== undefined ? { labels: report.labels } : {}),
      });
    }
  }
  return diagnostics;
}
