/** gcc style: `file:line:col: error: message [rule]`, then the source line and a caret. */
import type { Formatter } from './formatter.js';
import { sortDiagnostics } from './formatter.js';
import { isActive } from '../model/diagnostic.js';

const COLORS = { error: '\x1b[1;31m', warning: '\x1b[1;35m', note: '\x1b[1;36m', bold: '\x1b[1m', green: '\x1b[1;32m', reset: '\x1b[0m' };

export const formatText: Formatter = ({ diagnostics, sourceLine, color }) => {
  const paint = (code: string, text: string): string => (color ? code + text + COLORS.reset : text);
  const lines: string[] = [];
  for (const d of sortDiagnostics(diagnostics).filter(isActive)) {
    const where = `${d.span.file}:${d.span.line}:${d.span.column}`;
    lines.push(`${paint(COLORS.bold, `${where}:`)} ${paint(COLORS[d.severity], `${d.severity}:`)} ${d.message} [${d.rule}]`);
    const source = sourceLine?.(d.span.file, d.span.line);
    if (source !== undefined) {
      const width = d.span.endLine === d.span.line ? Math.max(1, d.span.endColumn - d.span.column) : 1;
      const indent = source.slice(0, d.span.column - 1).replace(/[^\t]/g, ' ');
      lines.push(` ${source}`, ` ${indent}${paint(COLORS.green, `^${'~'.repeat(width - 1)}`)}`);
    }
    if (d.fix) lines.push(`${paint(COLORS.bold, `${where}:`)} ${paint(COLORS.note, 'note:')} ${d.fix.message}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
