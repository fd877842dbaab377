/** Walking tree-sitter trees token by token, with literals kept whole. */
import type { SyntaxNode, TreeCursor } from '../c/parser.js';

/** Nodes read as one token: their inner pieces (quotes, escapes) never matter here. */
const ATOMIC = new Set(['string_literal', 'char_literal', 'system_lib_string', 'raw_string_literal', 'preproc_arg']);

const isAtom = (node: SyntaxNode): boolean => node.childCount === 0 || ATOMIC.has(node.type);

/** Zero-width MISSING nodes and comments are not tokens of the source. */
export const isToken = (node: SyntaxNode): boolean => node.startIndex !== node.endIndex && node.type !== 'comment';

/**
 * The nodes from the root down to `node`'s parent, found by descending a
 * cursor toward its offset: one step a level. Climbing with `parent` costs
 * the node's depth at each step (the binding searches from the root), which
 * made 8,000 nested braces take seconds; and the binding can give a
 * zero-width MISSING node the wrong parent, through which a climb cycles.
 */
export function ancestorsOf(node: SyntaxNode): SyntaxNode[] {
  const cursor = node.tree.walk();
  const chain: SyntaxNode[] = [];
  for (;;) {
    const current = cursor.currentNode;
    if (current.id === node.id) return chain;
    chain.push(current);
    if (current.startIndex > node.startIndex || !descendToward(cursor, node.startIndex)) break;
  }
  // The descent missed it (a zero-width node among siblings at its offset): climb instead.
  const climbed: SyntaxNode[] = [];
  for (let n = node.parent; n; n = n.parent) climbed.unshift(n);
  return climbed;
}

/** The binding returns the child's index, or null (its typings say a boolean, and index 0 is falsy). */
function descendToward(cursor: TreeCursor, index: number): boolean {
  return (cursor.gotoFirstChildForIndex(index) as unknown as number | null) !== null;
}

interface Frame {
  readonly children: SyntaxNode[];
  index: number;
}

/** The path from the root to `node`, as frames of (children, index of the child on the path). */
function pathTo(node: SyntaxNode): Frame[] {
  const chain = [...ancestorsOf(node), node];
  const frames: Frame[] = [];
  for (let k = 0; k + 1 < chain.length; k++) {
    const children = chain[k]!.children;
    const next = chain[k + 1]!;
    const index = children.findIndex((c) => c.id === next.id);
    if (index < 0) break;
    frames.push({ children, index });
  }
  return frames;
}

/** The tokens before `node`, nearest first, to the start of the file; atoms are not entered. */
export function* tokensBefore(node: SyntaxNode): Generator<SyntaxNode> {
  const frames = pathTo(node);
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!;
    frame.index--;
    const child = frame.children[frame.index];
    if (!child) {
      frames.pop();
      continue;
    }
    if (isAtom(child)) {
      if (isToken(child)) yield child;
    } else {
      const children = child.children;
      frames.push({ children, index: children.length });
    }
  }
}

/** The first token of `node` itself. */
export function firstToken(node: SyntaxNode): SyntaxNode {
  while (!isAtom(node)) node = node.firstChild!;
  return node;
}
