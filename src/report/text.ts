/**
 * gcc's layout (docs/diagnostics.md): `file:line:col: error: message [rule]`
 * with gcc's display column (a tab advances to the next multiple of 8), the
 * source line under a line-number gutter, the range with a caret, the fix
 * below it, and a closing count.
 */
import type { Formatter } from './formatter.js';
import { sortDiagnostics, summarize } from './formatter.js';
import { isActive, type Diagnostic } from '../model/diagnostic.js';
import type { SourceSpan } from '../model/location.js';

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
      const gutter = `${String(d.span.line).padStart(5)} | `;
      const blank = `${' '.repeat(5)} | `;
      lines.push(`${paint(COLORS.blue, gutter)}${expandTabs(source)}`);
      for (const row of underline(source, d)) lines.push(`${paint(COLORS.blue, blank)}${paint(COLORS.green, row)}`);
      if (d.fix && d.fix.span.line === d.span.line) lines.push(`${paint(COLORS.blue, blank)}${' '.repeat(displayColumn(source, d.fix.span.column) - 1)}${paint(COLORS.green, d.fix.text)}`);
    }
    if (d.fix) lines.push(`${paint(COLORS.bold, `${where}:`)} ${paint(COLORS.note, 'note:')} ${d.fix.message}`);
  }
  if (active.length === 0) return '';
  const { errors, warnings } = summarize(active);
  return `${lines.join('\n')}\n${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`;
};

interface Range {
  readonly from: number;
  /** Display columns, end exclusive. */
  readonly to: number;
}

/** A span's display columns on its first line (one column when it runs onto the next). */
function rangeOf(source: string, span: SourceSpan): Range {
  const from = displayColumn(source, span.column);
  return { from, to: span.endLine === span.line ? Math.max(from + 1, displayColumn(source, span.endColumn)) : from + 1 };
}

/**
 * The lines under the source, as gcc draws them: `^~~` under the finding's
 * range and `~` under each other labelled range of the line; then, for
 * labels, a line of `|`, and the label texts, right to left, each on the
 * first row where it ends a space before the texts already there, with
 * `|` above it in the rows before.
 */
function underline(source: string, d: Diagnostic): string[] {
  const primary = rangeOf(source, d.span);
  const marks: string[] = [];
  const put = (row: string[], column: number, text: string): void => {
    while (row.length < column - 1 + text.length) row.push(' ');
    for (let k = 0; k < text.length; k++) row[column - 1 + k] = text[k]!;
  };
  put(marks, primary.from, `^${'~'.repeat(primary.to - primary.from - 1)}`);
  const labels = (d.labels ?? [])
    .filter((l) => l.span.line === d.span.line && l.text !== '')
    .map((l) => ({ text: l.text, range: rangeOf(source, l.span) }))
    .sort((a, b) => b.range.from - a.range.from);
  for (const { range } of labels) if (range.to <= primary.from || range.from >= primary.to) put(marks, range.from, '~'.repeat(range.to - range.from));
  const rows: Array<{ column: number; text: string; row: number }> = [];
  for (const { text, range } of labels) {
    let row = 0;
    while (rows.some((placed) => placed.row === row && range.from + text.length >= placed.column)) row++;
    rows.push({ column: range.from, text, row });
  }
  const out = [marks.join('')];
  if (rows.length === 0) return out;
  const bars: string[] = [];
  for (const { column } of rows) put(bars, column, '|');
  out.push(bars.join(''));
  const last = Math.max(...rows.map((r) => r.row));
  for (let row = 0; row <= last; row++) {
    const line: string[] = [];
    for (const placed of rows) put(line, placed.column, placed.row === row ? placed.text : placed.row > row ? '|' : '');
    out.push(line.join('').trimEnd());
  }
  return out;
}
