/**
 * C's typedef-name ambiguity. Whether `(x)(y)` is a cast or a call, `(x)-y` a
 * cast or a subtraction, `x (*y)(int);` a declaration or a call, depends on
 * what `x` names where it stands: gcc's parser asks its symbol table (a
 * typedef name in scope, not hidden by a variable of that name, makes a type
 * name). tree-sitter-c has no symbol table and guesses: `(u32)(v)` and
 * `(u32)-v` become a call and a subtraction, `(getfp())(9)` sometimes a cast
 * to a type `getfp()`, a block-scope `u32 (*fp)(int);` a call. Here: finding
 * those misreadings (and one of tree-sitter's own, a sign read into a number
 * literal), and text that tree-sitter reads the way gcc does, to be parsed
 * again.
 */
import type { SyntaxNode } from '../c/parser.js';
import { TYPEOF } from './declarators.js';
import type { Resolver } from './resolver.js';
import type { SourceFile } from './source-file.js';

/** Binary operators that are unary ones too: after a parenthesized type name, the cast of a unary expression. */
const ALSO_UNARY = new Set(['+', '-', '*', '&']);

/** `)` then, past blanks and comments, `(`, `-`, `+`, `*` or `&`. */
const CLOSE_THEN_OPERAND = /\)(?:\s|\/\*[\s\S]*?\*\/|\/\/.*)*[-+*&(]/;

/** A keyword type tree-sitter reads as an identifier inside parentheses. */
const KEYWORD_TYPE = '_Bool';

interface Edit {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

const isTypeof = (node: SyntaxNode): boolean => node.type === 'call_expression' && TYPEOF.has(node.childForFieldName('function')?.text ?? '');

/** `u32`, `_Bool` or `typeof(…)` read as an expression, where it names a type. */
function namesType(node: SyntaxNode, file: SourceFile, r: Resolver): boolean {
  if (node.type === 'identifier') return node.text === KEYWORD_TYPE || r.nameKind(node.text, { node, file }) === 'type';
  return isTypeof(node);
}

const named = (node: SyntaxNode): SyntaxNode[] => node.namedChildren.filter((c) => c.type !== 'comment');

/** `(T)` read as an expression, with T a type name: the parenthesis of a cast. */
function isParenthesizedType(node: SyntaxNode | null, file: SourceFile, r: Resolver): node is SyntaxNode {
  if (node?.type !== 'parenthesized_expression') return false;
  const inner = named(node);
  return inner.length === 1 && namesType(inner[0]!, file, r);
}

/** The name a cast's type starts with, when it is no keyword (`getfp` in a cast to `getfp()`). */
function castTypeName(cast: SyntaxNode): SyntaxNode | null {
  const specifier = cast.childForFieldName('type')?.childForFieldName('type');
  if (specifier?.type === 'type_identifier') return specifier;
  return specifier?.type === 'macro_type_specifier' ? specifier.childForFieldName('name') : null;
}

/**
 * How to make tree-sitter read the casts gcc reads in the expression `node`,
 * and not read the casts gcc does not: `const` added to a parenthesized type
 * name (a qualifier makes it a type name, and a cast's type is unqualified:
 * C11 6.5.4), parentheses added around what is read as a cast to a type named
 * by a variable or function (`((getfp()))(9)`). Empty when tree-sitter read
 * the expression as gcc does.
 */
function castEdits(node: SyntaxNode, file: SourceFile, r: Resolver): Edit[] {
  // Either way, a parenthesis closes before one of `( - + * &`: most expressions need no walk.
  if (!CLOSE_THEN_OPERAND.test(node.text)) return [];
  const edits: Edit[] = [];
  for (const n of node.descendantsOfType(['call_expression', 'binary_expression', 'cast_expression'])) {
    if (n.type === 'call_expression' || n.type === 'binary_expression') {
      const call = n.type === 'call_expression';
      const operand = n.childForFieldName(call ? 'function' : 'left');
      if ((call || ALSO_UNARY.has(n.childForFieldName('operator')?.type ?? '')) && isParenthesizedType(operand, file, r)) {
        const open = operand.startIndex + 1;
        edits.push({ from: open, to: open, text: 'const ' });
      }
    } else {
      const name = castTypeName(n);
      const descriptor = n.childForFieldName('type')!;
      if (name && r.nameKind(name.text, { node: name, file }) === 'value') {
        edits.push({ from: descriptor.startIndex, to: descriptor.startIndex, text: '(' }, { from: descriptor.endIndex, to: descriptor.endIndex, text: ')' });
      }
    }
  }
  return edits;
}

/**
 * tree-sitter-c's number literal takes a leading sign, so `-1[p]` and
 * `+0[p]` read as subscripts of `-1` and `+0`; in C the sign is a unary
 * operator on `1[p]`. A blank after the sign makes it one.
 */
function signEdits(node: SyntaxNode): Edit[] {
  if (!/[-+]\d/.test(node.text)) return [];
  return node.descendantsOfType('subscript_expression').flatMap((n) => {
    const argument = n.childForFieldName('argument');
    return argument?.type === 'number_literal' && /^[-+]/.test(argument.text) ? [{ from: argument.startIndex + 1, to: argument.startIndex + 1, text: ' ' }] : [];
  });
}

/**
 * The text of `node` as gcc reads it — its casts (see castEdits), the sign
 * before a subscripted number (signEdits) — or null when tree-sitter already
 * read it so. A cast applies to the whole unary expression after it
 * (`(u16)-x * 2` is `((u16)-x) * 2`, `(u8)(a)[1]` is `(u8)((a)[1])`), which
 * only a new parse gets right.
 */
export function misreadingsReread(node: SyntaxNode, file: SourceFile, r: Resolver): string | null {
  const edits = [...castEdits(node, file, r), ...signEdits(node)];
  return edits.length === 0 ? null : written(node, file, edits);
}

/**
 * For an expression statement that is a declaration to gcc — it starts with a
 * type name and one parenthesized declarator: `u32 (*fp)(int);`, `u32 (a)[3];`,
 * `_Bool (*p)(int) = 0, q;` — the text tree-sitter reads as that declaration
 * (a storage class makes it see one, and changes no type); null for an
 * expression.
 */
export function declarationReread(statement: SyntaxNode, file: SourceFile, r: Resolver): string | null {
  // Down the leftmost operands to the call of the first name, whose one argument is the declarator: `u32 (*fp)` in `u32 (*fp)(int) = 0`.
  for (let n = named(statement)[0]; n?.startIndex === statement.startIndex; n = named(n)[0]) {
    const callee = n.type === 'call_expression' ? n.childForFieldName('function') : null;
    const args = n.childForFieldName('arguments');
    if (!callee || !args || callee.startIndex !== statement.startIndex || named(args).length !== 1) continue;
    if (callee.type === 'identifier' || isTypeof(callee)) return namesType(callee, file, r) ? `static ${written(statement, file, [])}` : null;
  }
  return null;
}

/** The text of a node with the edits made (`typeof(…)` placeholders stay: they are names of the whole unit). */
function written(node: SyntaxNode, file: SourceFile, edits: readonly Edit[]): string {
  const all = [...edits];
  // An insertion before a replacement at the same place: `(const typeof(x))`.
  all.sort((a, b) => a.from - b.from || a.to - b.to);
  const text = file.text;
  let out = '';
  let at = node.startIndex;
  for (const edit of all) {
    out += text.slice(at, edit.from) + edit.text;
    at = edit.to;
  }
  return out + text.slice(at, node.endIndex);
}
