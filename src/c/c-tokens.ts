/**
 * A preprocessing-token reader, for the few jobs the C preprocessor itself
 * would do before parsing: reading `#define` bodies, blanking annotation
 * macros, delimiting a marker call and splitting its arguments (which are
 * macro arguments, not expressions). Markers are never found with it;
 * tree-sitter does that.
 */

export type TokenKind = 'identifier' | 'number' | 'string' | 'char' | 'punct' | 'directive';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const isIdentStart = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
const isIdentPart = (code: number): boolean => isIdentStart(code) || (code >= 48 && code <= 57);

/**
 * Yields the tokens of `text`, from offset `from` on. Comments are skipped; a
 * preprocessor directive (with its continuation lines) is one `directive`
 * token unless `directives` is 'tokens'.
 */
export function* cTokens(text: string, directives: 'whole' | 'tokens' = 'whole', from = 0): Generator<Token> {
  const lexer = new CLexer(text, from, text.length, directives);
  while (lexer.next()) yield lexer.token();
}

/**
 * The tokens of text[from, to) as `cTokens(text.slice(from, to))` reads
 * them (a line starts at `from`), at their offsets in `text`, without
 * copying the slice.
 */
export function tokensIn(text: string, from: number, to: number, directives: 'whole' | 'tokens' = 'whole'): Token[] {
  const lexer = new CLexer(text, from, to, directives, true);
  const tokens: Token[] = [];
  while (lexer.next()) tokens.push(lexer.token());
  return tokens;
}

/**
 * cTokens' reader, one token at a time, as text[…, limit) were the whole
 * text: `kind`, `start` and `end` describe the token `next()` moved to, and
 * no object is made unless `token()` is asked. The scan reads a header and
 * each marker call with it; its token objects and the generator's results
 * were most of the scan's garbage with a marker in every function.
 */
export class CLexer {
  kind: TokenKind = 'punct';
  start = 0;
  end = 0;
  private i: number;

  constructor(
    private readonly text: string,
    from: number,
    private readonly limit = text.length,
    private readonly directives: 'whole' | 'tokens' = 'whole',
    private lineStart = from === 0 || text.charCodeAt(from - 1) === 10,
  ) {
    this.i = from;
  }

  /** Moves to the next token: false at the end. */
  next(): boolean {
    const text = this.text;
    const n = this.limit;
    let i = this.i;
    while (i < n) {
      const code = text.charCodeAt(i);
      if (code === 10) {
        this.lineStart = true;
        i++;
        continue;
      }
      if (code === 32 || code === 9 || code === 13 || code === 12 || code === 11) {
        i++;
        continue;
      }
      const following = i + 1 < n ? text.charCodeAt(i + 1) : -1;
      if (code === 92 && following === 10) {
        i += 2;
        continue;
      }
      const start = i;
      if (code === 47 && following === 42) {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 || close + 2 > n ? n : close + 2;
        continue;
      }
      if (code === 47 && following === 47) {
        i = Math.min(endOfLogicalLine(text, i), n);
        continue;
      }
      if (code === 35 && this.lineStart && this.directives === 'whole') {
        return this.found('directive', start, Math.min(endOfDirective(text, i), n));
      }
      this.lineStart = false;
      if (isIdentStart(code)) {
        while (i < n && isIdentPart(text.charCodeAt(i))) i++;
        // An encoding prefix belongs to the literal that follows it (L"x", u8"x").
        const next = i < n ? text.charCodeAt(i) : -1;
        if ((next === 34 || next === 39) && isEncodingPrefix(text, start, i)) return this.found(next === 34 ? 'string' : 'char', start, Math.min(endOfQuoted(text, i), n));
        return this.found('identifier', start, i);
      }
      if ((code >= 48 && code <= 57) || (code === 46 && following >= 48 && following <= 57)) {
        i++;
        while (i < n && (isIdentPart(text.charCodeAt(i)) || text.charCodeAt(i) === 46 || isExponentSign(text, i))) i++;
        return this.found('number', start, i);
      }
      if (code === 34 || code === 39) return this.found(code === 34 ? 'string' : 'char', start, Math.min(endOfQuoted(text, i), n));
      return this.found('punct', start, i + 1);
    }
    this.i = n;
    return false;
  }

  /** The token the lexer is at, as an object. */
  token(): Token {
    const { kind, start, end } = this;
    return { kind, text: kind === 'punct' ? this.text[start]! : this.text.slice(start, end), start, end };
  }

  /** Whether the token is the punctuator `char`. */
  isPunct(char: string): boolean {
    return this.kind === 'punct' && this.text[this.start] === char;
  }

  private found(kind: TokenKind, start: number, end: number): true {
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.i = end;
    return true;
  }
}

/** `L`, `u`, `U` or `u8` from `start` to `end`. */
function isEncodingPrefix(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  if (end - start === 1) return first === 76 || first === 117 || first === 85;
  return end - start === 2 && first === 117 && text.charCodeAt(start + 1) === 56;
}

/**
 * The `directive` tokens of `text`, as `cTokens` yields them, without making
 * the other tokens: a build reads the #includes of every header it meets,
 * and making every token of them was a tenth of a build step (a test checks
 * both agree).
 */
export function directiveTokens(text: string): Token[] {
  const found: Token[] = [];
  let lineStart = true;
  const n = text.length;
  for (let i = 0; i < n;) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      lineStart = true;
      i++;
    } else if (code === 32 || code === 9 || code === 13 || code === 12 || code === 11) {
      i++;
    } else if (code === 92 && text.charCodeAt(i + 1) === 10) {
      i += 2;
    } else if (code === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (code === 47 && text.charCodeAt(i + 1) === 47) {
      i = endOfLogicalLine(text, i);
    } else if (code === 35 && lineStart) {
      const start = i;
      i = endOfDirective(text, i);
      found.push({ kind: 'directive', text: text.slice(start, i), start, end: i });
    } else {
      lineStart = false;
      i = code === 34 || code === 39 ? endOfQuoted(text, i) : i + 1;
    }
  }
  return found;
}

/**
 * Splits tokens on top-level commas, as the preprocessor splits a macro's
 * arguments; `tokens` excludes the enclosing parentheses. Tokens of either
 * reader (these, or tree-sitter's leaves) are told apart by their text.
 */
export function splitOnCommas<T extends { readonly text: string }>(tokens: readonly T[]): T[][] {
  const groups: T[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    const t = token.text;
    if (t === '(' || t === '[' || t === '{') depth++;
    else if (t === ')' || t === ']' || t === '}') depth--;
    if (t === ',' && depth === 0) groups.push([]);
    else groups[groups.length - 1]!.push(token);
  }
  return groups;
}

function isExponentSign(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c === 43 || c === 45) && /[eEpP]/.test(text[i - 1] ?? '');
}

/** The index just past the closing quote (or the end of the line, for an unterminated literal). */
export function endOfQuoted(text: string, open: number): number {
  const quote = text.charCodeAt(open);
  let i = open + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92) i += 2;
    else if (c === quote) return i + 1;
    else if (c === 10) return i;
    else i++;
  }
  return text.length;
}

/**
 * The index of the newline ending the directive whose `#` is at `i`: its
 * logical line, and the lines of a block comment opened on it, which the
 * preprocessor replaces by one space before it reads directives
 * (`#define TS_USEDFPU 1 /* used in ⏎ this quantum (SMP) *\/`: the second
 * line is no code). Quotes are skipped, so a `/*` in a string opens nothing.
 */
export function endOfDirective(text: string, i: number): number {
  let end = endOfLogicalLine(text, i);
  for (let k = i; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 34 || c === 39) k = endOfQuoted(text, k) - 1;
    else if (c === 47 && text.charCodeAt(k + 1) === 47) return end;
    else if (c === 47 && text.charCodeAt(k + 1) === 42) {
      const close = text.indexOf('*/', k + 2);
      if (close < 0) return text.length;
      k = close + 1;
      if (close + 2 > end) end = endOfLogicalLine(text, close + 2);
    }
  }
  return end;
}

/** The index of the newline ending the logical line that holds `i` (backslash continuations joined). */
export function endOfLogicalLine(text: string, i: number): number {
  for (;;) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return text.length;
    let k = nl - 1;
    if (text.charCodeAt(k) === 13) k--;
    if (text.charCodeAt(k) !== 92) return nl;
    i = nl + 1;
  }
}
