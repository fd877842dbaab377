/**
 * What the format rules share: a site's format, resolved and parsed when a
 * rule asks. Not kept per site: a cache held ~60 MB through the checks of a
 * kernel tree with a marker in every function, and parsing a format again
 * costs no time that shows (docs/performance.md, "Third round").
 */
import { resolvedFormat } from '../format/pri.js';
import type { SourceSpan } from '../model/location.js';
import type { MarkerSite } from '../model/marker.js';
import { parseFormat, type ParsedFormat } from '../format/parse.js';
import type { Abi } from '../model/abi.js';

export interface SiteFormat {
  readonly text: string;
  readonly parsed: ParsedFormat;
}

/** `MARK_NOARGS` is no format string, so not an empty one (gcc's -Wformat-zero-length): nothing to read or report. */
const NO_ARGS: SiteFormat = { text: '', parsed: { conversions: [], problems: [] } };

/** The parsed format of a trace_mark site, or null when it has none that can be known. */
export function siteFormat(site: MarkerSite, abi: Abi): SiteFormat | null {
  if (!site.format) return null;
  if (site.format.noArgs) return NO_ARGS;
  const text = resolvedFormat(site.format, abi);
  return text === null ? null : { text, parsed: parseFormat(text) };
}

/**
 * The span of format characters [start, end) when the format is one plain
 * literal on one line, so a finding can point at the conversion itself;
 * otherwise (or for an empty range) the whole format argument.
 */
export function spanInFormat(site: MarkerSite, start: number, end: number): SourceSpan {
  const format = site.format!;
  const span = format.span;
  const single = format.pieces.length === 1 && span.line === span.endLine && !/\\/.test(format.pieces[0]!.kind === 'literal' ? format.pieces[0]!.value : '');
  if (!single || start === end) return span;
  const column = span.column + 1 + start;
  return { ...span, column, endColumn: span.column + 1 + end };
}
