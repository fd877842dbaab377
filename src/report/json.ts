/** One JSON document: `{ diagnostics: [...], summary: {...} }`, 1-based lines and columns. */
import type { Formatter } from './formatter.js';
import { sortDiagnostics, summarize } from './formatter.js';
import { isActive } from '../model/diagnostic.js';

export const formatJson: Formatter = ({ diagnostics }) => {
  const sorted = sortDiagnostics(diagnostics);
  const document = {
    diagnostics: sorted.filter(isActive).map((d) => ({
      file: d.span.file,
      line: d.span.line,
      column: d.span.column,
      endLine: d.span.endLine,
      endColumn: d.span.endColumn,
      severity: d.severity,
      rule: d.rule,
      message: d.message,
      ...(d.markerId !== undefined ? { markerId: d.markerId } : {}),
      ...(d.labels !== undefined ? { labels: d.labels.map((l) => ({ text: l.text, line: l.span.line, column: l.span.column, endLine: l.span.endLine, endColumn: l.span.endColumn })) } : {}),
      ...(d.fix !== undefined ? { fix: { message: d.fix.message, text: d.fix.text, line: d.fix.span.line, column: d.fix.span.column, endLine: d.fix.span.endLine, endColumn: d.fix.span.endColumn } } : {}),
    })),
    summary: summarize(sorted),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
};
