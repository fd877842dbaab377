/**
 * The type of a C expression (docs/ctypes.md#what-is-modelled), the way gcc's C front end types it:
 * promotions and usual arithmetic conversions from ./arithmetic.ts, pointer
 * arithmetic, member access, calls through functions and function pointers,
 * literals with their suffixes.
 */
import type { SyntaxNode } from '../c/parser.js';
import { cTokens } from '../c/c-tokens.js';
import { misreadingsReread } from './ambiguity.js';
import { commonType, floatingLiteralType, floatingLiteralValue, integerLiteralType, isArithmetic, isInteger, promote, type Operand } from './arithmetic.js';
import { builtinFunctionReturn, isConstantBuiltin } from './builtins.js';
import { evaluateConstant } from './constant.js';
import { descriptorType } from './declarators.js';
import {
  assignmentTree,
  binaryTree,
  castTree,
  commaTree,
  conditionalTree,
  constantTree,
  floatingConstantTree,
  hasEffects,
  lvalueTree,
  nodeType,
  notTree,
  statementExpressionTree,
  treeOf,
  truthTree,
  unaryTree,
  valueTree,
  type Tree,
} from './gcc-tree.js';
import { isResolved, unresolved, type MacroArgument, type Place, type Resolver, type Typed } from './resolver.js';
import type { SourceFile } from './source-file.js';
import { canonical, compatibleTypes, int, joinQualifiers, PLAIN_CHAR, pointerTo, sameCanonicalType, sameType, unqualified, VOID, type CType, type Qualifiers } from './types.js';

/** Arrays and functions as values: a pointer to the first element, a pointer to the function. */
export function decay(typed: Typed): Typed {
  if (!isResolved(typed)) return typed;
  const type = decayType(typed);
  return type === typed.type ? typed : { type };
}

/** An array's elements are const when the array is, or the object holding it (a member of a const struct). */
function decayType(operand: Operand): CType {
  const t = unqualified(operand.type);
  if (t.kind === 'array') return pointerTo(t.of, t.constElements === true || operand.qualifiers?.includes('const') === true);
  if (t.kind === 'function') return pointerTo(operand.type);
  return operand.type;
}

const named = (node: SyntaxNode): SyntaxNode[] => node.namedChildren.filter((c) => c.type !== 'comment');

/**
 * The type of an expression. One with a cast tree-sitter read as a call or a
 * binary operator, a call it read as a cast, or a sign it read into a
 * subscripted number (./ambiguity.ts), is parsed again as gcc reads it and
 * typed in place.
 */
export function typeOfExpression(node: SyntaxNode, file: SourceFile, r: Resolver): Typed {
  const reread = misreadingsReread(node, file, r);
  return reread === null ? typeOf(node, file, r) : r.expressionText(reread, { node, file });
}

/** The type of an expression tree-sitter read as gcc does. */
function typeOf(node: SyntaxNode, file: SourceFile, r: Resolver): Typed {
  const place: Place = { node, file };
  const sub = (n: SyntaxNode | null | undefined): Typed => (n ? typeOf(n, file, r) : unresolved(`incomplete expression '${node.text}'`));
  switch (node.type) {
    case 'identifier':
      return identifier(node.text, place, r);
    case 'null':
      return { type: pointerTo(VOID) };
    case 'true':
    case 'false':
      return { type: int('int'), tree: constantTree({ type: int('int') }, node.type === 'true' ? 1n : 0n) };
    case 'number_literal':
      return constant(numberLiteral(node.text, r), place, r);
    case 'char_literal':
      return constant({ type: characterType(/^(u8|u|U|L)?'/.exec(node.text)?.[1], r) }, place, r);
    case 'string_literal':
    case 'concatenated_string':
      return stringLiteral(node, r);
    case 'parenthesized_expression': {
      const inner = named(node);
      if (inner.length !== 1) return unresolved(`cannot read '${node.text}'`);
      return inner[0]!.type === 'compound_statement' ? statementExpression(inner[0]!, file, r) : sub(inner[0]);
    }
    case 'extension_expression':
      return sub(named(node)[0]);
    case 'field_expression':
      return member(node, place, r);
    case 'subscript_expression':
      return subscript(node, file, r);
    case 'call_expression':
      return call(node, place, r);
    case 'pointer_expression': {
      const operand = sub(node.childForFieldName('argument'));
      return node.childForFieldName('operator')?.type === '&' ? addressOf(operand, node, r) : dereference(operand, node, r);
    }
    case 'unary_expression': {
      const operator = node.childForFieldName('operator')?.type;
      const operand = decay(sub(node.childForFieldName('argument')));
      if (operator === '!') return { type: int('int'), tree: isResolved(operand) ? notTree(treeOf(operand, r.abi)) : truthTree(false) };
      if (!isResolved(operand)) return operand;
      if (!isArithmetic(operand.type)) return unresolved(`'${operator}' on ${describe(operand.type)} in '${node.text}'`);
      return withTree(promote(operand, r.abi), unaryTree(operator === '-' || operator === '~' ? operator : '+', treeOf(operand, r.abi), r.abi));
    }
    case 'update_expression':
    case 'assignment_expression':
      return assignment(node, file, r);
    case 'binary_expression':
      return binary(node, file, r);
    case 'cast_expression':
    case 'compound_literal_expression': {
      const descriptor = node.childForFieldName('type');
      const typed = descriptor ? descriptorType(descriptor, { node: descriptor, file }, r) : unresolved(`cannot read the type in '${node.text}'`);
      if (!isResolved(typed)) return typed;
      // A compound literal is an object, built anew each time it is evaluated.
      if (node.type === 'compound_literal_expression') return { ...typed, tree: lvalueTree(nodeType(typed, r.abi), true, null) };
      const value = sub(node.childForFieldName('value'));
      return { type: typed.type, tree: isResolved(value) ? castTree(typed.type, treeOf(value, r.abi), r.abi) : valueTree({ type: typed.type }, false) };
    }
    case 'sizeof_expression':
    case 'alignof_expression':
    case 'offsetof_expression':
      return constant({ type: r.sizeType }, place, r);
    case 'conditional_expression':
      return conditional(node, file, r);
    case 'comma_expression': {
      const value = sub(node.childForFieldName('right'));
      return isResolved(value) ? withTree(value, commaTree(effectsOf(node.childForFieldName('left'), file, r), treeOf(value, r.abi))) : value;
    }
    case 'generic_expression':
      return generic(node, file, r);
    case 'gnu_asm_expression':
      return unresolved('an asm expression has no type kmark can know');
    default:
      return unresolved(`cannot read '${node.text.slice(0, 80)}' as an expression`);
  }
}

/** An operand with gcc's tree of its value (an lvalue's qualifiers are not the value's). */
function withTree(operand: Typed, tree: Tree): Typed {
  if (!isResolved(operand)) return operand;
  return operand.bitWidth === undefined ? { type: operand.type, tree } : { type: operand.type, bitWidth: operand.bitWidth, tree };
}

/** An lvalue read: gcc's tree of it, named by its text for operand_equal_p unless reading it has side effects. */
function lvalue(typed: Typed, node: SyntaxNode, effects: boolean, r: Resolver, qualifiers?: Qualifiers): Typed {
  if (!isResolved(typed)) return typed;
  const q = joinQualifiers(typed.qualifiers, qualifiers);
  const operand = { type: typed.type, ...(typed.bitWidth !== undefined ? { bitWidth: typed.bitWidth } : {}), ...(q ? { qualifiers: q } : {}) };
  return { ...operand, tree: lvalueTree(nodeType(operand, r.abi), effects, effects ? null : node.text.replace(/\s+/g, '')) };
}

/** A constant's value, when kmark can compute it, in gcc's tree. */
function constant(typed: Typed, place: Place, r: Resolver): Typed {
  if (!isResolved(typed)) return typed;
  const t = { type: typed.type };
  const floating = unqualified(typed.type).kind === 'floating';
  return { ...typed, tree: floating ? floatingConstantTree(t, floatingLiteralValue(place.node.text)) : constantTree(t, evaluateConstant(place.node, place, r)) };
}

/** The tree of an expression evaluated for its side effects only (a comma's left operand); one kmark cannot type may have any. */
function effectsOf(node: SyntaxNode | null, file: SourceFile, r: Resolver): Tree {
  const typed = node ? typeOf(node, file, r) : null;
  return typed && isResolved(typed) ? treeOf(typed, r.abi) : valueTree({ type: VOID }, true);
}

function describe(type: CType): string {
  const t = unqualified(type);
  return t.kind === 'record' ? (t.union ? 'a union' : 'a struct') : `a ${t.kind}`;
}

const FUNCTION_NAMES = new Set(['__func__', '__FUNCTION__', '__PRETTY_FUNCTION__']);

function identifier(name: string, place: Place, r: Resolver): Typed {
  if (FUNCTION_NAMES.has(name)) return { type: pointerTo(PLAIN_CHAR, true) };
  const found = r.value(name, place);
  if (found.kind === 'value') return lvalue(found.typed, place.node, false, r);
  if (found.kind === 'constant') return { type: found.type, tree: constantTree({ type: found.type }, found.value) };
  return r.macro(name, null, place) ?? unresolved(found.why);
}

function numberLiteral(text: string, r: Resolver): Typed {
  const sign = text[0] === '-' || text[0] === '+' ? text[0] : '';
  const magnitude = text.slice(sign.length);
  const type = floatingLiteralType(magnitude) ?? integerLiteralType(magnitude, r.abi);
  if (!type) return unresolved(`malformed number '${text}'`);
  return sign ? promote({ type }, r.abi) : { type };
}

/** The type of a character (or a wide string's element) by prefix: gcc gives wchar_t's integer type, not the typedef. */
function characterType(prefix: string | undefined, r: Resolver): CType {
  const name = prefix === 'L' ? 'wchar_t' : prefix === 'u' ? 'char16_t' : prefix === 'U' ? 'char32_t' : null;
  const type = name ? r.typedefType(name) : undefined;
  return type ? unqualified(type) : prefix === 'u8' ? PLAIN_CHAR : int('int');
}

function stringLiteral(node: SyntaxNode, r: Resolver): Typed {
  const text = node.type === 'concatenated_string' ? (node.namedChildren.find((c) => /^(u8|u|U|L)"/.test(c.text))?.text ?? '"') : node.text;
  const prefix = /^(u8|u|U|L)?"/.exec(text)?.[1];
  const element = prefix === undefined || prefix === 'u8' ? PLAIN_CHAR : characterType(prefix, r);
  return { type: { kind: 'array', of: element, length: null } };
}

/** `({ …; x; })`: the type of its last expression statement, in the scope of its own block; void otherwise. */
function statementExpression(block: SyntaxNode, file: SourceFile, r: Resolver): Typed {
  const statements = named(block);
  const last = statements[statements.length - 1];
  if (!last) return { type: VOID };
  if (last.type !== 'expression_statement') return { type: VOID };
  const expression = named(last)[0];
  if (!expression) return { type: VOID };
  const typed = typeOf(expression, file, r);
  return isResolved(typed) ? withTree(typed, statementExpressionTree(treeOf(typed, r.abi), statements.length === 1, r.abi)) : typed;
}

function member(node: SyntaxNode, place: Place, r: Resolver): Typed {
  const argument = node.childForFieldName('argument');
  const field = node.childForFieldName('field');
  if (!argument || !field) return unresolved(`cannot read '${node.text}'`);
  const arrow = node.childForFieldName('operator')?.type === '->';
  const base = typeOf(argument, place.file, r);
  if (!isResolved(base)) return base;
  let record: CType = base.type;
  // A member of a const or volatile struct is const or volatile too.
  let qualifiers = base.qualifiers;
  if (arrow) {
    const pointer = unqualified(decayType(base));
    if (pointer.kind !== 'pointer') return unresolved(`'->${field.text}' on ${describe(base.type)} in '${node.text}'`);
    record = pointer.to;
    qualifiers = pointer.constTarget ? 'const' : undefined;
  }
  const t = unqualified(record);
  if (t.kind !== 'record') return unresolved(`'${arrow ? '->' : '.'}${field.text}' on ${describe(record)} in '${node.text}'`);
  return lvalue(r.member(record, field.text, place), node, hasEffects(treeOf(base, r.abi)), r, qualifiers);
}

function subscript(node: SyntaxNode, file: SourceFile, r: Resolver): Typed {
  const argument = node.childForFieldName('argument');
  const index = node.childForFieldName('index');
  const base = decay(argument ? typeOf(argument, file, r) : unresolved(`cannot read '${node.text}'`));
  if (!isResolved(base)) return base;
  const other = decay(index ? typeOf(index, file, r) : unresolved(`cannot read '${node.text}'`));
  const effects = hasEffects(treeOf(base, r.abi)) || (isResolved(other) && hasEffects(treeOf(other, r.abi)));
  const element = (pointer: Extract<CType, { kind: 'pointer' }>): Typed => lvalue({ type: pointer.to }, node, effects, r, pointer.constTarget ? 'const' : undefined);
  const t = unqualified(base.type);
  if (t.kind === 'pointer') return element(t);
  // `i[p]` is `p[i]`.
  if (!isResolved(other)) return other;
  const o = unqualified(other.type);
  if (o.kind === 'pointer' && isInteger(base.type)) return element(o);
  return unresolved(`subscript of ${describe(base.type)} in '${node.text}'`);
}

function call(node: SyntaxNode, place: Place, r: Resolver): Typed {
  const callee = node.childForFieldName('function');
  if (!callee) return unresolved(`cannot read '${node.text}'`);
  let typed: Typed;
  if (callee.type === 'identifier') {
    const found = r.value(callee.text, { node: callee, file: place.file });
    if (found.kind === 'value') typed = found.typed;
    else {
      const builtin = builtinFunctionReturn(callee.text, r.abi);
      if (builtin) return { type: builtin, tree: builtinCallTree(callee.text, builtin, node, place, r) };
      const args = node.childForFieldName('arguments');
      const expanded = r.macro(callee.text, args ? argumentSpans(args.text, args.startIndex) : [], place);
      if (expanded) return expanded;
      return unresolved(found.kind === 'constant' ? `'${callee.text}' is not a function` : found.why.replace(/^unknown identifier/, 'unknown function'));
    }
  } else {
    typed = typeOf(callee, place.file, r);
  }
  if (!isResolved(typed)) return typed;
  let t = unqualified(typed.type);
  if (t.kind === 'pointer') t = unqualified(t.to);
  if (t.kind !== 'function') return unresolved(`'${callee.text}' is not a function`);
  return { type: t.returns, tree: valueTree({ type: t.returns }, true) };
}

/**
 * A builtin's value: the integer ones (`__builtin_popcount`, …) compute
 * without side effects, and gcc folds them to a constant when their
 * arguments are constants — some whatever their arguments are.
 */
function builtinCallTree(name: string, type: CType, node: SyntaxNode, place: Place, r: Resolver): Tree {
  if (!isInteger(type)) return valueTree({ type }, true);
  const args = node.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  const constantArguments = args.length > 0 && args.every((a) => evaluateConstant(a, { ...place, node: a }, r) !== null);
  return constantArguments || isConstantBuiltin(name) ? constantTree({ type }, null) : valueTree({ type }, false);
}

/** `(a, b)` → `['a', 'b']`: the text of each top-level argument. */
export function splitArguments(list: string): string[] {
  return argumentSpans(list, 0).map((argument) => argument.text);
}

/** Each top-level argument of `(a, b)`, with where it starts when the list starts at `offset`. */
export function argumentSpans(list: string, offset: number): MacroArgument[] {
  const open = list.indexOf('(');
  const close = list.lastIndexOf(')');
  if (open < 0 || close < open) return [];
  const inner = list.slice(open + 1, close);
  const args: MacroArgument[] = [];
  const add = (from: number, to: number): void => {
    const text = inner.slice(from, to);
    args.push({ text: text.trim(), offset: offset + open + 1 + from + (text.length - text.trimStart().length) });
  };
  let depth = 0;
  let start = 0;
  for (const token of cTokens(inner, 'tokens')) {
    if (token.text === '(' || token.text === '[' || token.text === '{') depth++;
    else if (token.text === ')' || token.text === ']' || token.text === '}') depth--;
    else if (token.text === ',' && depth === 0) {
      add(start, token.start);
      start = token.end;
    }
  }
  if (inner.slice(start).trim() !== '' || args.length > 0) add(start, inner.length);
  return args;
}

function addressOf(operand: Typed, node: SyntaxNode, r: Resolver): Typed {
  if (!isResolved(operand)) return operand;
  if (operand.bitWidth !== undefined) return unresolved(`cannot take the address of a bit-field in '${node.text}'`);
  const type = pointerTo(operand.type);
  return { type, tree: valueTree({ type }, hasEffects(treeOf(operand, r.abi))) };
}

function dereference(operand: Typed, node: SyntaxNode, r: Resolver): Typed {
  if (!isResolved(operand)) return operand;
  const t = unqualified(operand.type);
  if (t.kind === 'function') return operand;
  const pointer = unqualified(decayType(operand));
  if (pointer.kind === 'pointer') return lvalue({ type: pointer.to }, node, hasEffects(treeOf(operand, r.abi)), r, pointer.constTarget ? 'const' : undefined);
  return unresolved(`'*' on ${describe(operand.type)} in '${node.text}'`);
}

/** `x = v`, `x op= v`, `++x`, `x--`: a value of x's type, which gcc's tree may show as something else. */
function assignment(node: SyntaxNode, file: SourceFile, r: Resolver): Typed {
  const update = node.type === 'update_expression';
  const target = update ? node.childForFieldName('argument') : node.childForFieldName('left');
  const typed = target ? typeOf(target, file, r) : unresolved(`cannot read '${node.text}'`);
  if (!isResolved(typed)) return typed;
  const valueNode = update ? null : node.childForFieldName('right');
  const value = valueNode ? typeOf(valueNode, file, r) : null;
  const operator = node.childForFieldName('operator')?.type ?? '=';
  // A value kmark cannot type may have side effects.
  const source = value === null ? null : isResolved(value) ? treeOf(value, r.abi) : valueTree({ type: VOID }, true);
  return withTree(typed, assignmentTree(nodeType(typed, r.abi), update ? '++' : operator, source, r.abi));
}

const ALWAYS_INT = new Set(['&&', '||', '==', '!=', '<', '>', '<=', '>=']);

function binary(node: SyntaxNode, file: SourceFile, r: Resolver): Typed {
  const operator = node.childForFieldName('operator')?.type ?? '';
  const leftNode = node.childForFieldName('left');
  const rightNode = node.childForFieldName('right');
  if (ALWAYS_INT.has(operator)) return { type: int('int'), tree: binaryTree(operator, effectsOf(leftNode, file, r), effectsOf(rightNode, file, r), { type: int('int') }, r.abi) };
  const left = decay(leftNode ? typeOf(leftNode, file, r) : unresolved(`cannot read '${node.text}'`));
  if (!isResolved(left)) return left;
  const right = decay(rightNode ? typeOf(rightNode, file, r) : unresolved(`cannot read '${node.text}'`));
  const result = arithmeticResult(operator, left, right, node, r);
  if (!isResolved(result) || !isResolved(right)) return result;
  return withTree(result, binaryTree(operator, treeOf(left, r.abi), treeOf(right, r.abi), nodeType(result, r.abi), r.abi));
}

/** The type of `left op right` (the right operand may be unresolved for a shift: its type does not matter). */
function arithmeticResult(operator: string, left: Operand, right: Typed, node: SyntaxNode, r: Resolver): Typed {
  if (operator === '<<' || operator === '>>') {
    return isInteger(left.type) ? promote(left, r.abi) : unresolved(`'${operator}' on ${describe(left.type)} in '${node.text}'`);
  }
  if (!isResolved(right)) return right;
  const lp = unqualified(left.type).kind === 'pointer';
  const rp = unqualified(right.type).kind === 'pointer';
  if (operator === '+' && lp && isInteger(right.type)) return { type: left.type };
  if (operator === '+' && rp && isInteger(left.type)) return { type: right.type };
  if (operator === '-' && lp && rp) return { type: r.ptrdiffType };
  if (operator === '-' && lp && isInteger(right.type)) return { type: left.type };
  if (!isArithmetic(left.type) || !isArithmetic(right.type)) {
    return unresolved(`'${operator}' on ${describe(left.type)} and ${describe(right.type)} in '${node.text}'`);
  }
  return commonType(promote(left, r.abi), promote(right, r.abi), r.abi);
}

function stripParentheses(node: SyntaxNode): SyntaxNode {
  while (node.type === 'parenthesized_expression' && named(node).length === 1) node = named(node)[0]!;
  return node;
}

/** `0`, `NULL`, `(void *)0`. */
function isNullPointerConstant(node: SyntaxNode, typed: Operand, file: SourceFile, r: Resolver): boolean {
  const bare = stripParentheses(node);
  if (bare.type === 'null') return true;
  const value = bare.type === 'cast_expression' ? bare.childForFieldName('value') : bare;
  const pointerToVoid = bare.type === 'cast_expression' && /^void\s*\*$/.test(bare.childForFieldName('type')?.text ?? '');
  if (bare.type === 'cast_expression' && !pointerToVoid) return false;
  if (!pointerToVoid && !isInteger(typed.type)) return false;
  return value !== null && evaluateConstant(value, { node: value, file }, r) === 0n;
}

/** gcc's build_conditional_expr, for the operand types a marker argument meets. */
function conditional(node: SyntaxNode, file: SourceFile, r: Resolver): Typed {
  const consequenceNode = node.childForFieldName('consequence') ?? node.childForFieldName('condition');
  const alternativeNode = node.childForFieldName('alternative');
  if (!consequenceNode || !alternativeNode) return unresolved(`cannot read '${node.text}'`);
  const a = decay(typeOf(consequenceNode, file, r));
  const b = decay(typeOf(alternativeNode, file, r));
  if (!isResolved(a)) return a;
  if (!isResolved(b)) return b;
  const ta = unqualified(a.type);
  const tb = unqualified(b.type);
  if (ta.kind === 'void' || tb.kind === 'void') return { type: VOID };
  if (isArithmetic(a.type) && isArithmetic(b.type)) {
    const pa = promote(a, r.abi);
    const pb = promote(b, r.abi);
    const result = arithmeticConditional(pa, pb, r);
    return withTree(result, conditionalTree(conditionTree(node.childForFieldName('condition'), file, r), treeOf(a, r.abi), treeOf(b, r.abi), nodeType(result, r.abi), r.abi));
  }
  if (ta.kind === 'pointer' && tb.kind === 'pointer') {
    if (sameType(a.type, b.type)) return a;
    if (isNullPointerConstant(alternativeNode, b, file, r)) return a;
    if (isNullPointerConstant(consequenceNode, a, file, r)) return b;
    const constTarget = ta.constTarget === true || tb.constTarget === true;
    if (sameCanonicalType(ta.to, tb.to)) return { type: pointerTo(ta.to, constTarget) };
    // A `void *` side, or pointers to unrelated types (gcc: "pointer type mismatch"): `void *`.
    return { type: pointerTo(VOID, constTarget) };
  }
  if (ta.kind === 'pointer') return a;
  if (tb.kind === 'pointer') return b;
  if (sameCanonicalType(a.type, b.type)) return a;
  return unresolved(`the operands of '?:' in '${node.text}' have no common type`);
}

/** The type of `c ? a : b` with arithmetic arms, promoted: theirs when they have one. */
function arithmeticConditional(pa: Operand, pb: Operand, r: Resolver): Operand {
  if (pa.bitWidth === pb.bitWidth && sameType(pa.type, pb.type)) return pa;
  if (pa.bitWidth === undefined && pb.bitWidth === undefined && sameCanonicalType(pa.type, pb.type)) return { type: canonical(pa.type) };
  return commonType(pa, pb, r.abi);
}

/** The tree of a `?:` condition; one kmark cannot type may still be a constant gcc folds. */
function conditionTree(node: SyntaxNode | null, file: SourceFile, r: Resolver): Tree {
  const typed = node ? typeOf(node, file, r) : null;
  if (typed && isResolved(typed)) return treeOf(typed, r.abi);
  const value = node ? evaluateConstant(node, { node, file }, r) : null;
  return value !== null ? constantTree({ type: int('int') }, value) : valueTree({ type: int('int') }, false);
}

/** `_Generic(x, T1: e1, default: e2)`: the association whose type matches x's. */
function generic(node: SyntaxNode, file: SourceFile, r: Resolver): Typed {
  const parts = named(node);
  const controlling = parts[0];
  if (!controlling) return unresolved(`cannot read '${node.text}'`);
  const subject = decay(typeOf(controlling, file, r));
  if (!isResolved(subject)) return subject;
  let fallback: SyntaxNode | null = null;
  for (let k = 1; k + 1 < parts.length; k += 2) {
    const association = parts[k]!;
    const expression = parts[k + 1]!;
    // tree-sitter-c reads `default` as a type name.
    if (association.text === 'default') fallback = expression;
    else if (association.type === 'type_descriptor') {
      const typed = descriptorType(association, { node: association, file }, r);
      if (isResolved(typed) && compatibleTypes(typed.type, subject.type)) return typeOf(expression, file, r);
    }
  }
  return fallback ? typeOf(fallback, file, r) : unresolved(`no _Generic association matches in '${node.text.slice(0, 80)}'`);
}
