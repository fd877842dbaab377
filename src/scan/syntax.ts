/** Walking tree-sitter trees token by token, with literals kept whole. */
import type { SyntaxNode } from './parser.js';

/** Nodes read as one token: their inner pieces (quotes, escapes) never matter here. */
const ATOMIC = new Set(['string_literal', 'char_literal', 'system_lib_string', 'raw_string_literal', 'preproc_arg']);

const isAtom = (node: SyntaxNode): boolean => node.childCount === 0 || ATOMIC.has(node.type);

/** Zero-width MISSING nodes and comments are not tokens of the source. */
export const isToken = (node: SyntaxNode): boolean => node.startIndex !== node.endIndex && node.type !== 'comment';

function firstAtom(node: SyntaxNode): SyntaxNode {
  while (!isAtom(node)) node = node.firstChild!;
  return node;
}

function lastAtom(node: SyntaxNode): SyntaxNode {
  while (!isAtom(node)) node = node.lastChild!;
  return node;
}

/** The tokens after `node`, in source order, to the end of the file. */
export function* tokensAfter(node: SyntaxNode): Generator<SyntaxNode> {
  let current: SyntaxNode | null = node;
  while (current) {
    const sibling: SyntaxNode | null = current.nextSibling;
    if (sibling) {
      current = firstAtom(sibling);
      if (isToken(current)) yield current;
    } else {
      current = current.parent;
    }
  }
}

/** The tokens before `node`, nearest first, to the start of the file. */
export function* tokensBefore(node: SyntaxNode): Generator<SyntaxNode> {
  let current: SyntaxNode | null = node;
  while (current) {
    const sibling: SyntaxNode | null = current.previousSibling;
    if (sibling) {
      current = lastAtom(sibling);
      if (isToken(current)) yield current;
    } else {
      current = current.parent;
    }
  }
}

/** The first token of `node` itself. */
export function firstToken(node: SyntaxNode): SyntaxNode {
  return firstAtom(node);
}

/** Splits tokens on top-level commas; `tokens` excludes the enclosing parentheses. */
export function splitOnCommas(tokens: readonly SyntaxNode[]): SyntaxNode[][] {
  const groups: SyntaxNode[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    const t = token.type;
    if (t === '(' || t === '[' || t === '{') depth++;
    else if (t === ')' || t === ']' || t === '}') depth--;
    if (t === ',' && depth === 0) groups.push([]);
    else groups[groups.length - 1]!.push(token);
  }
  return groups;
}
