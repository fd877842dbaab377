/**
 * The parts of a function definition a marker's site needs: its header (to
 * the body's `{`), each marker call statement, and the closing `}`. The
 * rest of the body is left out of the parse (tree-sitter's included ranges
 * join the pieces; positions stay those of the file): a tree with a marker in
 * every function would otherwise parse the whole tree, at tree-sitter's ~3 MB/s
 * (docs/performance.md, "Markers everywhere"). Statements between the header
 * and a marker do not change which function encloses it; loop macros and
 * nested blocks around it are walked past by the naming anyway
 * (docs/scanning.md, "The enclosing function").
 *
 * Only a plain definition is cut: a header that ends in `)` (after
 * attributes) and holds no `=`, every marker a call statement ending in `;`
 * or inside a directive line. Anything else (an initializer, a K&R
 * definition, a marker used as an expression) is parsed whole.
 */
import { CLexer, endOfDirective, endOfLogicalLine, endOfQuoted } from '../c/c-tokens.js';
import type { Point, TextRange } from './regions.js';

const MARKER_NAMES = new Set(['trace_mark', 'evmarker']);

/** The pieces of `region` to parse, or null to parse it whole. `targets` are the marker-name offsets inside it, sorted. */
export function sparseRanges(text: string, region: TextRange, targets: readonly number[]): TextRange[] | null {
  const end = region.endIndex;
  if (targets.length === 0 || text.charCodeAt(end - 1) !== CLOSE_BRACE) return null;
  const cursor = new Cursor(text, region);
  // The comments and blank lines before the header are left out too.
  if (cursor.skipTrivia() < 0) return null;
  const headerStart = cursor.i;
  const headerPosition = cursor.point();
  const open = cursor.findBodyOpen(end);
  if (open === null || targets[0]! < open) return null;
  const ranges: TextRange[] = [cursor.range(headerStart, headerPosition, open + 1)];
  let next = 0;
  while (cursor.i < end - 1) {
    while (next < targets.length && targets[next]! < cursor.i) next++;
    if (next === targets.length) break;
    const piece = cursor.nextPiece(targets[next]!, end - 1);
    if (piece === null) return null;
    if (piece === 'none') continue;
    // A marker inside another's arguments: its own site needs the whole parse.
    while (next < targets.length && targets[next]! < piece.endIndex) if (targets[next++]! > piece.startIndex && text.charCodeAt(piece.startIndex) !== 35) return null;
    ranges.push(piece);
  }
  cursor.advanceTo(end - 1);
  ranges.push(cursor.range(end - 1, cursor.point(), end));
  return ranges;
}

const CLOSE_BRACE = 125;
const OPEN_BRACE = 123;

/** A character scanner over C text that knows its line and column. */
class Cursor {
  i: number;
  private row: number;
  private lineStart: number;
  private atLineStart: boolean;

  constructor(
    private readonly text: string,
    region: TextRange,
  ) {
    this.i = region.startIndex;
    this.row = region.startPosition.row;
    this.lineStart = region.startIndex - region.startPosition.column;
    this.atLineStart = region.startPosition.column === 0;
  }

  point(): Point {
    return { row: this.row, column: this.i - this.lineStart };
  }

  /** Moves to `to`, counting the lines passed. */
  advanceTo(to: number): void {
    for (let nl = this.text.indexOf('\n', this.i); nl >= 0 && nl < to; nl = this.text.indexOf('\n', nl + 1)) {
      this.row++;
      this.lineStart = nl + 1;
      this.atLineStart = true;
    }
    if (to > this.i) this.atLineStart = this.text.charCodeAt(to - 1) === 10;
    this.i = to;
  }

  /** The range [start, to), the cursor moved to `to`. */
  range(start: number, startPosition: Point, to: number): TextRange {
    this.advanceTo(to);
    return { startIndex: start, endIndex: to, startPosition, endPosition: this.point() };
  }

  /**
   * The offset of the body's `{` when the text from the cursor is a plain
   * definition's header: its last token `)`, no `=` at the top level.
   */
  findBodyOpen(end: number): number | null {
    let last = 0;
    let parens = 0;
    while (this.i < end) {
      const c = this.skipTrivia();
      if (c < 0) return null;
      if (c === OPEN_BRACE) return last === 41 && parens === 0 ? this.i : null;
      if (c === 35 && this.atLineStart) {
        this.advanceTo(endOfDirective(this.text, this.i));
        continue;
      }
      this.atLineStart = false;
      if (c === 34 || c === 39) {
        this.advanceTo(endOfQuoted(this.text, this.i));
        last = c;
        continue;
      }
      if (c === 40) parens++;
      else if (c === 41) parens--;
      else if (c === 61 && parens === 0) return null;
      last = c;
      this.i++;
    }
    return null;
  }

  /**
   * Scans to the marker name at `target` (or past it, when it is inside a
   * comment or literal) and returns the piece to parse for it: its call
   * statement, or the directive line holding it; 'none' when there is no
   * marker call at `target`; null when the body must be parsed whole.
   */
  nextPiece(target: number, end: number): TextRange | 'none' | null {
    while (this.i < end && this.i <= target) {
      this.skipPlainCode(target);
      const c = this.skipTrivia();
      if (c < 0 || this.i >= end) return 'none';
      if (c === 35 && this.atLineStart) {
        const start = this.i;
        const startPosition = this.point();
        const lineEnd = endOfDirective(this.text, start);
        if (target >= lineEnd) {
          this.advanceTo(lineEnd);
          continue;
        }
        return this.range(start, startPosition, Math.min(lineEnd + 1, end));
      }
      this.atLineStart = false;
      if (c === 34 || c === 39) {
        this.advanceTo(endOfQuoted(this.text, this.i));
      } else if (isIdentifierStart(c)) {
        const start = this.i;
        let k = start + 1;
        while (k < end && isIdentifierPart(this.text.charCodeAt(k))) k++;
        if (start === target && MARKER_NAMES.has(this.text.slice(start, k))) return this.callStatement(start, k, end);
        this.i = k;
      } else {
        this.i++;
      }
    }
    return 'none';
  }

  /**
   * Moves over text that cannot change what the scan is in (no quote, slash
   * or `#`) up to the identifier that holds `target`: character by
   * character, reaching a marker at the end of a long body was most of
   * the scan's own time with a marker in every function.
   */
  private skipPlainCode(target: number): void {
    const text = this.text;
    // From where the run of identifier characters that ends at `target` starts, the scan reads the identifiers as it would have.
    let run = target;
    while (run > this.i && isIdentifierPart(text.charCodeAt(run - 1))) run--;
    // Searched no further than that: markers with no quote or slash between them must not each search to the file's end.
    // search, not exec: it makes no match object.
    const special = text.slice(this.i, run).search(PLAIN_CODE_END);
    const to = special < 0 ? run : this.i + special;
    if (to <= this.i) return;
    const from = this.i;
    const atLineStart = this.atLineStart;
    this.advanceTo(to);
    // A `#` opens a directive only after blanks since the line's start.
    let k = to - 1;
    while (k >= from && isBlank(text.charCodeAt(k))) k--;
    this.atLineStart = k < from ? atLineStart : text.charCodeAt(k) === 10;
  }

  /** `NAME(…);` from `start`, or null when the call is not a statement of its own. */
  private callStatement(start: number, nameEnd: number, end: number): TextRange | 'none' | null {
    const startPosition = this.point();
    const lexer = new CLexer(this.text, nameEnd);
    if (!lexer.next() || !lexer.isPunct('(')) {
      this.i = nameEnd;
      return 'none';
    }
    let depth = 1;
    while (lexer.next()) {
      if (lexer.end > end || lexer.kind === 'directive') return null;
      if (lexer.isPunct('(')) depth++;
      else if (lexer.isPunct(')') && --depth === 0) {
        if (!lexer.next() || !lexer.isPunct(';') || lexer.end > end) return null;
        return this.range(start, startPosition, lexer.end);
      }
    }
    return null;
  }

  /** Skips blanks, newlines and comments; the character at the cursor, or -1 at the text's end. */
  skipTrivia(): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.i);
      if (Number.isNaN(c)) return -1;
      if (c === 10 || c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
        if (c === 10) this.advanceTo(this.i + 1);
        else this.i++;
      } else if (c === 92 && text.charCodeAt(this.i + 1) === 10) {
        this.advanceTo(this.i + 2);
      } else if (c === 47 && text.charCodeAt(this.i + 1) === 42) {
        const close = text.indexOf('*/', this.i + 2);
        this.advanceTo(close < 0 ? text.length : close + 2);
      } else if (c === 47 && text.charCodeAt(this.i + 1) === 47) {
        this.advanceTo(endOfLogicalLine(text, this.i));
      } else {
        return c;
      }
    }
  }
}

/** The characters after which the scan may be in a comment, a literal or a directive. */
const PLAIN_CODE_END = /["'/#]/;
const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 12 || c === 11;
const isIdentifierStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
const isIdentifierPart = (c: number): boolean => isIdentifierStart(c) || (c >= 48 && c <= 57);
