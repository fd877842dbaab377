/**
 * The parts of a file worth parsing. A marker's identity needs only the
 * top-level definition around it, so a file is cut at its top-level
 * boundaries (after a `;`, after a `}` that closes depth 0, after a
 * preprocessor line) and only the pieces holding a marker are parsed, through
 * tree-sitter's included ranges: positions stay those of the whole file. When
 * the braces do not balance (an `#if` branch opening a brace its `#else` opens
 * again) the cut cannot be trusted, and the whole file is parsed.
 */

import { endOfLogicalLine, endOfQuoted } from './c-tokens.js';

export interface Point {
  readonly row: number;
  readonly column: number;
}

export interface TextRange {
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: Point;
  readonly endPosition: Point;
}

interface Boundary extends Point {
  readonly index: number;
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

/** The depth-0 cut points of the text, from 0 to its end; null when its braces do not balance. */
function topLevelBoundaries(text: string): Boundary[] | null {
  const n = text.length;
  const boundaries: Boundary[] = [{ index: 0, row: 0, column: 0 }];
  let depth = 0;
  let row = 0;
  let lineStart = 0;
  let atLineStart = true;
  let i = 0;
  const cutAt = (index: number): void => {
    boundaries.push({ index, row, column: index - lineStart });
  };
  // Skips a comment, literal or directive, keeping the line count.
  const skipTo = (end: number): void => {
    for (let nl = text.indexOf('\n', i); nl >= 0 && nl < end; nl = text.indexOf('\n', nl + 1)) {
      row++;
      lineStart = nl + 1;
    }
    i = end;
  };
  while (i < n) {
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
      skipTo(endOfLogicalLine(text, i));
      if (depth === 0) cutAt(i);
    } else if (c === 34 || c === 39) {
      atLineStart = false;
      skipTo(endOfQuoted(text, i));
    } else {
      atLineStart = false;
      if (c === 123) depth++;
      else if (c === 125) {
        if (--depth < 0) return null;
        if (depth === 0) cutAt(i + 1);
      } else if (c === 59 && depth === 0) cutAt(i + 1);
      i++;
    }
  }
  if (depth !== 0) return null;
  if (boundaries[boundaries.length - 1]!.index !== n) cutAt(n);
  return boundaries;
}
