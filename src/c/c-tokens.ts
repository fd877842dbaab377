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
  let i = from;
  let lineStart = from === 0 || text.charCodeAt(from - 1) === 10;
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      lineStart = true;
      i++;
      continue;
    }
    if (code === 32 || code === 9 || code === 13 || code === 12 || code === 11) {
      i++;
      continue;
    }
    if (code === 92 && text.charCodeAt(i + 1) === 10) {
      i += 2;
      continue;
    }
    const start = i;
    if (code === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (code === 47 && text.charCodeAt(i + 1) === 47) {
      i = endOfLogicalLine(text, i);
      continue;
    }
    if (code === 35 && lineStart && directives === 'whole') {
      i = endOfLogicalLine(text, i);
      yield { kind: 'directive', text: text.slice(start, i), start, end: i };
      continue;
    }
    lineStart = false;
    if (isIdentStart(code)) {
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      // An encoding prefix belongs to the literal that follows it (L"x", u8"x").
      const next = text.charCodeAt(i);
      if ((next === 34 || next === 39) && /^(L|u|U|u8)$/.test(text.slice(start, i))) {
        i = endOfQuoted(text, i);
        yield { kind: next === 34 ? 'string' : 'char', text: text.slice(start, i), start, end: i };
        continue;
      }
      yield { kind: 'identifier', text: text.slice(start, i), start, end: i };
      continue;
    }
    if ((code >= 48 && code <= 57) || (code === 46 && isDigitAt(text, i + 1))) {
      i++;
      while (i < n && (isIdentPart(text.charCodeAt(i)) || text.charCodeAt(i) === 46 || isExponentSign(text, i))) i++;
      yield { kind: 'number', text: text.slice(start, i), start, end: i };
      continue;
    }
    if (code === 34 || code === 39) {
      i = endOfQuoted(text, i);
      yield { kind: code === 34 ? 'string' : 'char', text: text.slice(start, i), start, end: i };
      continue;
    }
    i++;
    yield { kind: 'punct', text: text[start]!, start, end: i };
  }
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
      i = endOfLogicalLine(text, i);
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

function isDigitAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
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
