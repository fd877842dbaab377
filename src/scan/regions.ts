/**
 * The parts of a file worth parsing. A marker's identity needs only the
 * top-level definition around it, so a file is cut at its top-level
 * boundaries (after a `;`, after a `}` that closes depth 0, after a
 * preprocessor line that stands between two declarations) and only the
 * pieces holding a marker are parsed, each on its own (docs/scanning.md):
 * positions stay those of the whole file. Braces are counted as the
 * preprocessor would see the first branch of each `#if`: every `#else` and
 * `#elif` branch starts again from the depth its `#if` had, so braces that
 * balance only per branch still give true boundaries. When they do not
 * balance even so, the cut cannot be trusted, and the whole file is parsed.
 */

import { cTokens, endOfDirective, endOfLogicalLine, endOfQuoted, type Token } from '../c/c-tokens.js';
import type { Point, TextRange } from '../c/parser.js';

export type { Point, TextRange } from '../c/parser.js';

interface Boundary extends Point {
  readonly index: number;
  /** What made the cut: only a `;` or a directive may be taken back (K&R parameter declarations). */
  readonly after: 'start' | 'semicolon' | 'brace' | 'directive' | 'end';
}

/** The merged ranges that hold every offset of `targets`, or null when the whole file must be parsed. */
export function regionsAround(text: string, targets: readonly number[]): TextRange[] | null {
  const boundaries = topLevelBoundaries(text);
  if (boundaries === null) return null;
  const ranges: TextRange[] = [];
  for (const target of [...targets].sort((a, b) => a - b)) {
    const after = firstBoundaryAfter(boundaries, target);
    const start = boundaries[after - 1]!;
    const end = boundaries[after]!;
    const last = ranges[ranges.length - 1];
    if (last && last.startIndex === start.index) continue;
    ranges.push({ startIndex: start.index, endIndex: end.index, startPosition: pointOf(start), endPosition: pointOf(end) });
  }
  return ranges;
}

/** One parse: its ranges (none: the whole text) and the marker offsets in them. */
export interface ParsePart {
  readonly ranges?: readonly TextRange[];
  readonly targets: readonly number[];
}

/**
 * Each region is parsed on its own: tree-sitter reads included ranges as one
 * text, so an error in one region (a brace-less loop macro) would spill into
 * the next, and a marker's name would depend on the markers around it.
 */
export function partsToParse(regions: readonly TextRange[] | null, targets: readonly number[]): ParsePart[] {
  if (regions === null) return [{ targets }];
  return regions.map((region) => ({
    ranges: [region],
    targets: targets.filter((t) => t >= region.startIndex && t < region.endIndex),
  }));
}

/**
 * `text` with the directives inside a function's header replaced by spaces
 * (line breaks kept): `f(int irq, void *dev_id` / `#if …` / `, struct pt_regs *regs` /
 * `#endif` / `)`. tree-sitter cannot read a directive there and loses the
 * whole definition; without them it reads every branch's parameters, which
 * is all the name needs. Only the regions' headers are looked at.
 */
export function blankHeaderDirectives(text: string, regions: readonly TextRange[] | null): string {
  const spans: Array<[number, number]> = [];
  for (const region of regions ?? []) {
    let inHeader = false;
    for (const token of headerTokens(text, region)) {
      if (token.kind !== 'directive') inHeader = true;
      else if (inHeader) spans.push([token.start, token.end]);
    }
  }
  let out = '';
  let last = 0;
  for (const [start, end] of spans) {
    out += text.slice(last, start) + text.slice(start, end).replace(/[^\n]/g, ' ');
    last = end;
  }
  return spans.length === 0 ? text : out + text.slice(last);
}

/** The tokens of a region before its first `{`, directives whole. */
function* headerTokens(text: string, region: TextRange): Generator<Token> {
  for (const token of cTokens(text, 'whole', region.startIndex)) {
    if (token.start >= region.endIndex || token.text === '{') return;
    yield token;
  }
}

/** The offset of the `{` that opens the region's body, or -1 when it has none. */
export function bodyOpening(text: string, region: TextRange): number {
  for (const token of cTokens(text, 'whole', region.startIndex)) {
    if (token.start >= region.endIndex) break;
    if (token.text === '{') return token.start;
  }
  return -1;
}

const pointOf = ({ row, column }: Boundary): Point => ({ row, column });

/** Index of the first boundary strictly after `offset` (there is always one: the end of the text). */
function firstBoundaryAfter(boundaries: readonly Boundary[], offset: number): number {
  let lo = 1;
  let hi = boundaries.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (boundaries[mid]!.index > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** An open `#if`: the depth it started at, and the depth its first branch ended at. */
interface Conditional {
  readonly depthAtIf: number;
  depthAfterFirst: number | null;
}

const CONDITIONAL = /^#\s*(if|ifdef|ifndef|elif|else|endif)\b/;
const IN_BODY_STOP = /[{}"'/#]/g;
const AT_TOP_STOP = /[\n;{}"'/#]/g;
const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 12 || c === 11;

/** The depth-0 cut points of the text, from 0 to its end; null when its braces do not balance. */
function topLevelBoundaries(text: string): Boundary[] | null {
  const n = text.length;
  const boundaries: Boundary[] = [{ index: 0, row: 0, column: 0, after: 'start' }];
  const conditionals: Conditional[] = [];
  let depth = 0;
  let row = 0;
  let lineStart = 0;
  let atLineStart = true;
  // Whether the last token at depth 0 ended a declaration: a directive cuts only then, never inside a header.
  let betweenDeclarations = true;
  let i = 0;
  const cutAt = (index: number, after: Boundary['after']): void => {
    boundaries.push({ index, row, column: index - lineStart, after });
  };
  // Skips a comment, literal or directive, keeping the line count.
  const skipTo = (end: number): void => {
    for (let nl = text.indexOf('\n', i); nl >= 0 && nl < end; nl = text.indexOf('\n', nl + 1)) {
      row++;
      lineStart = nl + 1;
    }
    i = end;
  };
  const conditional = (directive: string): void => {
    const kind = CONDITIONAL.exec(directive)?.[1];
    if (kind === undefined) return;
    if (kind.startsWith('if')) conditionals.push({ depthAtIf: depth, depthAfterFirst: null });
    const open = conditionals[conditionals.length - 1];
    if (!open) return;
    if (kind === 'elif' || kind === 'else') {
      open.depthAfterFirst ??= depth;
      depth = open.depthAtIf;
    } else if (kind === 'endif') {
      depth = open.depthAfterFirst ?? depth;
      conditionals.pop();
    }
  };
  while (i < n) {
    // Inside a body only braces, comments, literals and directives matter: the rest is passed in one step.
    if (depth > 0) {
      IN_BODY_STOP.lastIndex = i;
      const from = i;
      // test, not exec: it makes no match object, one per brace, literal and comment of every body.
      skipTo(IN_BODY_STOP.test(text) ? IN_BODY_STOP.lastIndex - 1 : n);
      let k = i - 1;
      while (k >= from && isBlank(text.charCodeAt(k))) k--;
      if (k >= from) atLineStart = text.charCodeAt(k) === 10;
      if (i >= n) break;
    }
    const c = text.charCodeAt(i);
    if (c === 10) {
      row++;
      lineStart = i + 1;
      atLineStart = true;
      i++;
    } else if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      skipTo(close < 0 ? n : close + 2);
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      skipTo(endOfLogicalLine(text, i));
    } else if (c === 35 && atLineStart) {
      const start = i;
      skipTo(endOfDirective(text, i));
      conditional(text.slice(start, Math.min(i, start + 16)));
      if (depth === 0 && betweenDeclarations) cutAt(i, 'directive');
    } else if (c === 34 || c === 39) {
      atLineStart = false;
      if (depth === 0) betweenDeclarations = false;
      skipTo(endOfQuoted(text, i));
    } else {
      atLineStart = false;
      if (c === 123) {
        if (depth === 0 && betweenDeclarations) joinOldStyleParameters(text, boundaries);
        depth++;
      } else if (c === 125) {
        if (--depth < 0) return null;
        if (depth === 0) {
          cutAt(i + 1, 'brace');
          betweenDeclarations = true;
        }
      } else if (c === 59 && depth === 0) {
        cutAt(i + 1, 'semicolon');
        betweenDeclarations = true;
      } else if (depth === 0) {
        betweenDeclarations = false;
        // The rest of a declaration up to the next character that matters, in one step.
        AT_TOP_STOP.lastIndex = i + 1;
        i = (AT_TOP_STOP.test(text) ? AT_TOP_STOP.lastIndex - 1 : n) - 1;
      }
      i++;
    }
  }
  if (depth !== 0) return null;
  if (boundaries[boundaries.length - 1]!.index !== n) cutAt(n, 'end');
  return boundaries;
}

/**
 * A body that opens right after a `;` belongs to a K&R definition,
 * `int f(x) int x; {`: the cuts after its parameter declarations are taken
 * back to the one before the header, the first piece that holds a `(`.
 */
function joinOldStyleParameters(text: string, boundaries: Boundary[]): void {
  while (boundaries.length > 1) {
    const last = boundaries[boundaries.length - 1]!;
    if (last.after !== 'semicolon' && last.after !== 'directive') return;
    const piece = text.slice(boundaries[boundaries.length - 2]!.index, last.index);
    boundaries.pop();
    if (piece.includes('(')) return;
  }
}
