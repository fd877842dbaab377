/**
 * gcc's layout (docs/diagnostics.md): `file:line:col: error: message [rule]`
 * with gcc's display column (a tab advances to the next multiple of 8), the
 * source line under a line-number gutter, the range with a caret, the fix
 * below it, and a closing count.
 */
import type { Formatter } from './formatter.js';
import { sortDiagnostics, summarize } from './formatter.js';
import { isActive } from '../model/diagnostic.js';

const COLORS = { error: '\x1b[1;31m', warning: '\x1b[1;35m', note: '\x1b[1;36m', bold: '\x1b[1m', green: '\x1b[1;32m', blue: '\x1b[34m', reset: '\x1b[0m' };
const TAB_STOP = 8;

/** The source line with tabs expanded, as gcc shows it. */
export const expandTabs = (line: string): string => line.replace(/[^\t]*\t/g, (chunk) => chunk.slice(0, -1).padEnd((Math.floor((chunk.length - 1) / TAB_STOP) + 1) * TAB_STOP));

/** gcc's display column of the 1-based character column `column`. */
export const displayColumn = (line: string, column: number): number => expandTabs(line.slice(0, column - 1)).length + 1;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const formatText: Formatter = ({ diagnostics, sourceLine, color }) => {
  const paint = (code: string, text: string): string => (color ? code + text + COLORS.reset : text);
  const lines: string[] = [];
  const active = sortDiagnostics(diagnostics).filter(isActive);
  for (const d of active) {
    const source = sourceLine?.(d.span.file, d.span.line);
    const column = source !== undefined ? displayColumn(source, d.span.column) : d.span.column;
    const where = `${d.span.file}:${d.span.line}:${column}`;
    lines.push(`${paint(COLORS.bold, `${where}:`)} ${paint(COLORS[d.severity], `${d.severity}:`)} ${d.message} [${d.rule}]`);
    if (source !== undefined) {
      const end = d.span.endLine === d.span.line ? displayColumn(source, d.span.endColumn) : column + 1;
      const gutter = `${String(d.span.line).padStart(5)} | `;
      const blank = `${' '.repeat(5)} | `;
      const under = ' '.repeat(column - 1);
      lines.push(`${paint(COLORS.blue, gutter)}${expandTabs(source)}`, `${paint(COLORS.blue, blank)}${under}${paint(COLORS.green, `^${'~'.repeat(Math.max(1, end - column) - 1)}`)}`);
      if (d.fix && d.fix.span.line === d.span.line) lines.push(`${paint(COLORS.blue, blank)}${' '.repeat(displayColumn(source, d.fix.span.column) - 1)}${paint(COLORS.green, d.fix.text)}`);
    }
    if (d.fix) lines.push(`${paint(COLORS.bold, `${where}:`)} ${paint(COLORS.note, 'note:')} ${d.fix.message}`);
  }
  if (active.length === 0) return '';
  const { errors, warnings } = summarize(active);
  return `${lines.join('\n')}\n${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`;
};
