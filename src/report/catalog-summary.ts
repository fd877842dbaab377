/** A person's view of a catalog: markers per subsystem (the first path component) and per form. */
import type { Catalog } from '../model/catalog.js';

export function catalogSummary(catalog: Catalog): string {
  const rows = new Map<string, { trace_mark: number; evmarker: number }>();
  for (const marker of catalog.markers) {
    const subsystem = marker.file.includes('/') ? marker.file.slice(0, marker.file.indexOf('/')) : '.';
    const row = rows.get(subsystem) ?? { trace_mark: 0, evmarker: 0 };
    row[marker.form]++;
    rows.set(subsystem, row);
  }
  const total = { trace_mark: 0, evmarker: 0 };
  const lines = [['subsystem', 'trace_mark', 'evmarker', 'total']];
  for (const [subsystem, row] of [...rows].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push([subsystem, String(row.trace_mark), String(row.evmarker), String(row.trace_mark + row.evmarker)]);
    total.trace_mark += row.trace_mark;
    total.evmarker += row.evmarker;
  }
  lines.push(['total', String(total.trace_mark), String(total.evmarker), String(total.trace_mark + total.evmarker)]);
  const widths = lines[0]!.map((_, k) => Math.max(...lines.map((l) => l[k]!.length)));
  return lines.map((l) => l.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join('  ')).join('\n') + '\n';
}
