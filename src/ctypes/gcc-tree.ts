/**
 * gcc's trees for integer values, as far as -Wformat-signedness looks into
 * them.
 *
 * With -Wformat-signedness gcc still accepts an `int` argument for `%u` (for
 * any unsigned conversion) when the argument's tree is a NOP_EXPR widening a
 * value of an unsigned type that promotes to `int` (c-format.cc,
 * check_format_types): `%u` with an `unsigned char` passes, with a `_Bool` it
 * does not, because gcc widens a 1-bit type that changes signedness with a
 * CONVERT_EXPR. So the verdict follows the tree gcc's C front end builds for
 * the argument (c-typeck.cc, c-convert.cc) and folds (fold-const.cc, match.pd)
 * before checking it: `u8 / 3` is computed in `unsigned char` and widened
 * (gcc's shortening), `c ? v : v` folds to `v`, `(f(), v)` keeps the comma on
 * top, a `const _Bool` is read through a NOP_EXPR that the widening then
 * folds into.
 *
 * This module models those trees for what C expressions are made of: the
 * C front end's conversions, promotions, shortening and operators (`build*`),
 * and the folds that change what the top of a tree is (`fold`). Types are
 * kmark's, with gcc's distinctions that matter here: a typedef name or a
 * qualifier makes a distinct type node (a "variant"), and a bit-field of no
 * standard width has a type of its own precision.
 */
import type { Abi } from '../model/abi.js';
import { bitFieldType, enumInteger, integerPrecision, type Operand } from './arithmetic.js';
import { evaluateBinary } from './constant.js';
import { canonical, int, sameCanonicalType, sameType, unqualified, type CType, type Qualifiers } from './types.js';

/** The type of a tree node. */
export interface NodeType {
  /** Typedef names kept: `u8` is a variant of `unsigned char`. */
  readonly type: CType;
  /** A bit-field's precision when gcc gives it a type of its own (`unsigned x:3`). */
  readonly bits?: number;
  readonly qualifiers?: Qualifiers;
}

export type Tree =
  /** What gcc does not look into: a variable, a member, a call. `key` identifies a side-effect-free lvalue (operand_equal_p). */
  | { readonly kind: 'value'; readonly t: NodeType; readonly effects: boolean; readonly key: string | null }
  /**
   * An INTEGER_CST, or a floating constant (REAL_CST), which conversions to an
   * integer type fold: its `value` is then that integer, and `nonzero` its
   * truth. `value` null when kmark cannot compute it.
   */
  | { readonly kind: 'constant'; readonly t: NodeType; readonly value: bigint | null; readonly nonzero?: boolean }
  /** NOP_EXPR (`nop`) or CONVERT_EXPR. */
  | { readonly kind: 'conversion'; readonly t: NodeType; readonly nop: boolean; readonly of: Tree }
  /** A comparison, `&&`, `||`: a truth value. */
  | { readonly kind: 'truth'; readonly t: NodeType; readonly effects: boolean }
  /** TRUTH_NOT_EXPR: `!x` as built, an `int`; folded, of a `_Bool` x, a `_Bool`. */
  | { readonly kind: 'not'; readonly t: NodeType; readonly of: Tree }
  | { readonly kind: 'unary'; readonly t: NodeType; readonly op: '-' | '~'; readonly of: Tree }
  | { readonly kind: 'binary'; readonly t: NodeType; readonly op: string; readonly left: Tree; readonly right: Tree }
  | { readonly kind: 'cond'; readonly t: NodeType; readonly condition: Tree; readonly then: Tree; readonly else: Tree }
  /** A COMPOUND_EXPR: `first` evaluated for its side effects, then `value`. */
  | { readonly kind: 'compound'; readonly t: NodeType; readonly first: Tree; readonly value: Tree };

const INT: NodeType = { type: int('int') };
const BOOL: NodeType = { type: int('_Bool', false) };

// ---------------------------------------------------------------------------
// Types as tree nodes have them

/** The node type of a value: a bit-field has gcc's type for its width (c_build_bitfield_integer_type). */
export function nodeType(operand: Operand, abi: Abi): NodeType {
  const q = operand.qualifiers ? { qualifiers: operand.qualifiers } : {};
  if (operand.bitWidth === undefined) return { type: operand.type, ...q };
  const standard = bitFieldType(operand.type, operand.bitWidth, abi);
  return standard ? { type: standard, ...q } : { type: operand.type, bits: operand.bitWidth, ...q };
}

function integerOf(t: NodeType): Extract<CType, { kind: 'integer' }> | null {
  const u = unqualified(t.type);
  if (u.kind === 'integer') return u;
  if (u.kind !== 'enum') return null;
  const i = unqualified(enumInteger(u));
  return i.kind === 'integer' ? i : null;
}

const isIntegral = (t: NodeType): boolean => integerOf(t) !== null;
const isEnum = (t: NodeType): boolean => t.bits === undefined && unqualified(t.type).kind === 'enum';
const isBoolean = (t: NodeType): boolean => t.bits === undefined && integerOf(t)?.name === '_Bool' && !isEnum(t);

/** A type's precision (a pointer's or a floating type's does not matter here: the widest). */
function precision(t: NodeType, abi: Abi): number {
  if (t.bits !== undefined) return t.bits;
  const i = integerOf(t);
  return i ? integerPrecision(i.name, abi) : 64;
}

function isUnsigned(t: NodeType): boolean {
  const i = integerOf(t);
  return i !== null && (i.name === '_Bool' || !i.signed);
}

/** The precision of the machine mode: a `_Bool` or a 3-bit field lives in 8 bits. */
function modePrecision(t: NodeType, abi: Abi): number {
  const p = precision(t, abi);
  return [8, 16, 32, 64].find((m) => m >= p) ?? p;
}

/** One type node: the same type, typedef name, qualifiers and bit-field precision. */
function sameNode(a: NodeType, b: NodeType): boolean {
  return a.qualifiers === b.qualifiers && sameMainShape(a, b) && (a.bits !== undefined || sameType(a.type, b.type));
}

/** The same main variant (TYPE_MAIN_VARIANT): typedef names and qualifiers aside. */
function sameMain(a: NodeType, b: NodeType): boolean {
  return sameMainShape(a, b) && (a.bits !== undefined || sameCanonicalType(a.type, b.type));
}

function sameMainShape(a: NodeType, b: NodeType): boolean {
  return a.bits === b.bits && (a.bits === undefined || isUnsigned(a) === isUnsigned(b));
}

function mainVariant(t: NodeType): NodeType {
  return t.bits !== undefined ? { type: t.type, bits: t.bits } : { type: canonical(t.type) };
}

/** c_common_signed_or_unsigned_type: the standard type of the other signedness, or the type itself when it has it. */
function withSignedness(unsigned: boolean, t: NodeType, abi: Abi): NodeType {
  const i = integerOf(t);
  if (i && t.bits === undefined && !isEnum(t) && i.name !== '_Bool') return { type: int(i.name, !unsigned) };
  if (isUnsigned(t) === unsigned) return t;
  return t.bits !== undefined ? { type: int('int', !unsigned), bits: t.bits } : { type: int(standardName(precision(t, abi), abi), !unsigned) };
}

function standardName(bits: number, abi: Abi): 'char' | 'short' | 'int' | 'long' | 'long long' {
  if (bits <= 8) return 'char';
  if (bits <= 16) return 'short';
  if (bits <= 32) return 'int';
  return abi === 'lp64' ? 'long' : 'long long';
}

/** C's common_type of two integer types of one precision (shorten_binary_op's): _Bool with _Bool, else the unsigned one. */
function commonOfSamePrecision(a: NodeType, b: NodeType): NodeType {
  if (isBoolean(a) && isBoolean(b)) return { type: int('_Bool', false) };
  if (sameMain(a, b) || isUnsigned(a)) return mainVariant(a);
  return mainVariant(b);
}

/** A value reduced to the type's precision and signedness. */
function wrap(value: bigint | null, t: NodeType, abi: Abi): bigint | null {
  if (value === null) return null;
  if (isBoolean(t)) return value === 0n ? 0n : 1n;
  const bits = BigInt(precision(t, abi));
  return isUnsigned(t) ? BigInt.asUintN(Number(bits), value) : BigInt.asIntN(Number(bits), value);
}

const fits = (value: bigint | null, t: NodeType, abi: Abi): boolean => value !== null && wrap(value, t, abi) === value;

// ---------------------------------------------------------------------------
// Leaves

export const valueTree = (t: NodeType, effects: boolean, key: string | null = null): Tree => ({ kind: 'value', t, effects, key });
export const constantTree = (t: NodeType, value: bigint | null): Tree => ({ kind: 'constant', t, value });

export const truthTree = (effects: boolean): Tree => ({ kind: 'truth', t: INT, effects });

/** A floating constant: its truth, and the integer a conversion makes of it. */
export function floatingConstantTree(t: NodeType, value: number | null): Tree {
  if (value === null) return constantTree(t, null);
  return { kind: 'constant', t, value: Number.isFinite(value) ? BigInt(Math.trunc(value)) : null, nonzero: value !== 0 };
}

type Constant = Extract<Tree, { kind: 'constant' }>;

/** Whether a constant is nonzero, when known. */
function truthOf(c: Constant): boolean | null {
  return c.nonzero ?? (c.value === null ? null : c.value !== 0n);
}

/** A constant as a `_Bool`. */
function truthValueOf(c: Constant): bigint | null {
  const truth = truthOf(c);
  return truth === null ? null : truth ? 1n : 0n;
}

/**
 * An lvalue read as a value: a qualified one through a NOP_EXPR to its
 * unqualified type (C11 6.3.2.1p2, gcc's convert_lvalue_to_rvalue). Reading
 * a volatile object is a side effect.
 */
export function lvalueTree(t: NodeType, effects: boolean, key: string | null): Tree {
  const object = valueTree(t, effects || (t.qualifiers?.includes('volatile') ?? false), key);
  return t.qualifiers ? { kind: 'conversion', t: unqualifiedNode(t), nop: true, of: object } : object;
}

/** An operand's tree: the one built for it, else a value of its type (qualified lvalues are read through a conversion). */
export function treeOf(operand: Operand, abi: Abi): Tree {
  return operand.tree ?? lvalueTree(nodeType(operand, abi), false, null);
}

export function hasEffects(x: Tree): boolean {
  switch (x.kind) {
    case 'value':
    case 'truth':
      return x.effects;
    case 'constant':
      return false;
    case 'conversion':
    case 'not':
    case 'unary':
      return hasEffects(x.of);
    case 'binary':
      return hasEffects(x.left) || hasEffects(x.right);
    case 'cond':
      return hasEffects(x.condition) || hasEffects(x.then) || hasEffects(x.else);
    case 'compound':
      return hasEffects(x.first) || hasEffects(x.value);
  }
}

/** operand_equal_p: the same computation without side effects. */
function sameValue(a: Tree, b: Tree): boolean {
  if (hasEffects(a) || hasEffects(b)) return false;
  switch (a.kind) {
    case 'value':
      return b.kind === 'value' && a.key !== null && a.key === b.key && sameNode(a.t, b.t);
    case 'constant':
      return b.kind === 'constant' && a.value !== null && a.value === b.value && sameNode(a.t, b.t);
    case 'conversion':
      return b.kind === 'conversion' && a.nop === b.nop && sameNode(a.t, b.t) && sameValue(a.of, b.of);
    case 'not':
      return b.kind === 'not' && sameNode(a.t, b.t) && sameValue(a.of, b.of);
    case 'unary':
      return b.kind === 'unary' && a.op === b.op && sameNode(a.t, b.t) && sameValue(a.of, b.of);
    case 'binary':
      return b.kind === 'binary' && a.op === b.op && sameNode(a.t, b.t) && sameValue(a.left, b.left) && sameValue(a.right, b.right);
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// Conversions (c-convert.cc convert, convert_to_integer_1; fold_unary)

/** gcc's convert of a tree to type `to`, folded as fold_build1 folds it. */
function convert(x: Tree, to: NodeType, abi: Abi): Tree {
  if (sameNode(x.t, to)) return x;
  // (T)(a, b) is (a, (T)b).
  if (x.kind === 'compound') return { kind: 'compound', t: to, first: x.first, value: convert(x.value, to, abi) };
  if (x.kind === 'constant') return isBoolean(to) ? constantTree(to, truthValueOf(x)) : constantTree(to, isIntegral(to) ? wrap(x.value, to, abi) : null);
  // Pointers and floating values converted: nothing -Wformat-signedness looks into.
  if (!isIntegral(to) || !isIntegral(x.t)) return valueTree(to, hasEffects(x));
  // A conversion between variants of one type (a typedef name, a qualifier) is a NOP_EXPR.
  if (sameMain(x.t, to)) return foldConversion(true, to, x, abi);
  // To _Bool, a value becomes its truth value (`x != 0`); a comparison just takes the new type.
  if (isBoolean(to)) return truthValue(x, to, abi);
  if (x.kind === 'truth') return { ...x, t: to };
  const from = x.t;
  const widening = precision(to, abi) >= precision(from, abi);
  // A widening that changes signedness from a type narrower than its mode (`_Bool`, a 3-bit field) is a CONVERT_EXPR; so is a truncation.
  const nop = widening && !(isUnsigned(to) !== isUnsigned(from) && precision(from, abi) !== modePrecision(from, abi));
  return foldConversion(nop, to, x, abi);
}

/**
 * `x` as a `_Bool` (c_common_truthvalue_conversion): a comparison takes the
 * type; a `_Bool` value (widened or not) is itself; anything else is
 * `x != 0`.
 */
function truthValue(x: Tree, to: NodeType, abi: Abi): Tree {
  const v = unwidened(x, abi);
  if (isTruthValue(v) && !isBoolean(v.t)) return { kind: 'truth', t: to, effects: hasEffects(v) };
  return isBoolean(v.t) ? v : { kind: 'truth', t: to, effects: hasEffects(x) };
}

/** What a value widens: its truth is that of the narrower value. */
function unwidened(x: Tree, abi: Abi): Tree {
  let v = x;
  while (v.kind === 'conversion' && precision(v.t, abi) >= precision(v.of.t, abi)) v = v.of;
  return v;
}

/** gcc's truth_value_p: a comparison, `&&`, `||`, `!`. */
const isTruthValue = (x: Tree): boolean => x.kind === 'truth' || x.kind === 'not';

/** fold_convert: a NOP_EXPR, folded, whatever the signedness and precision. */
function foldConvert(x: Tree, to: NodeType, abi: Abi): Tree {
  return sameNode(x.t, to) ? x : foldConversion(true, to, x, abi);
}

/** fold_unary on a conversion of `x`. */
function foldConversion(nop: boolean, to: NodeType, x: Tree, abi: Abi): Tree {
  switch (x.kind) {
    case 'constant':
      return constantTree(to, wrap(x.value, to, abi));
    case 'compound':
      return { kind: 'compound', t: to, first: x.first, value: foldConversion(nop, to, x.value, abi) };
    case 'cond':
      return convertedConditional(nop, to, x, abi);
    case 'conversion':
      if (dropsIntermediate(x.of.t, x.t, to, abi)) return sameNode(x.of.t, to) ? x.of : foldConversion(true, to, x.of, abi);
      break;
    case 'binary':
      // (T)(x & c) is (T)x & (T)c for an INTEGER_TYPE T.
      if (x.op === '&' && x.right.kind === 'constant' && !isBoolean(to) && !isEnum(to)) {
        const c = x.right.value;
        if (isUnsigned(x.t) || precision(to, abi) <= precision(x.t, abi) || (c !== null && c >= 0n)) {
          return foldBinary('&', to, foldConvert(x.left, to, abi), foldConvert(x.right, to, abi), abi);
        }
      }
      break;
  }
  return { kind: 'conversion', t: to, nop, of: x };
}

/**
 * match.pd's "two conversions in a row": whether (final)(inter)x is
 * (final)x. Not when the intermediate type is narrower than both, nor when it
 * changes the signedness of what a wider final type then extends — except a
 * zero-extended value sign-extended, which is one zero-extension.
 */
function dropsIntermediate(inside: NodeType, inter: NodeType, final: NodeType, abi: Abi): boolean {
  if (!isIntegral(inside)) return false;
  const [p0, p1, p2] = [precision(inside, abi), precision(inter, abi), precision(final, abi)];
  const [u0, u1] = [isUnsigned(inside), isUnsigned(inter)];
  if (sameMain(final, inside) && p1 >= p2) return true;
  if ((p0 < p1 && p1 < p2 && u0 && !u1) || p2 === p1) return true;
  return !(p1 < p0 && p1 < p2) && !(u1 !== u0 && p1 < p2);
}

/**
 * A conversion of `c ? a : b` goes into both arms; when both come out as the
 * same kind of conversion from one type, gcc takes it back out
 * (fold_unary's COND_EXPR case, under -fsyntax-only as the oracle runs gcc).
 */
function convertedConditional(nop: boolean, to: NodeType, x: Extract<Tree, { kind: 'cond' }>, abi: Abi): Tree {
  const then = foldConversion(nop, to, x.then, abi);
  const otherwise = foldConversion(nop, to, x.else, abi);
  if (then.kind === 'conversion' && otherwise.kind === 'conversion' && then.nop === nop && otherwise.nop === nop && sameNode(then.of.t, otherwise.of.t)) {
    return { kind: 'conversion', t: to, nop, of: { kind: 'cond', t: then.of.t, condition: x.condition, then: then.of, else: otherwise.of } };
  }
  return { kind: 'cond', t: to, condition: x.condition, then, else: otherwise };
}

/** The default argument promotions of an integer (perform_integral_promotions): to `int`, an enum to its integer type. */
function promote(x: Tree, abi: Abi): Tree {
  const u = unqualified(x.t.type);
  if (u.kind === 'enum' && x.t.bits === undefined) return convert(x, { type: enumInteger(u) }, abi);
  return isIntegral(x.t) && precision(x.t, abi) < precision(INT, abi) ? convert(x, INT, abi) : x;
}

// ---------------------------------------------------------------------------
// Operators (c-typeck.cc build_c_cast, build_unary_op, build_binary_op, …)

/** `(T)x`: gcc converts to T's main variant (build_c_cast). */
export function castTree(to: CType, x: Tree, abi: Abi): Tree {
  return convert(x, { type: canonical(to) }, abi);
}

/** `-x`, `~x`, `+x` (which only promotes). */
export function unaryTree(op: '-' | '~' | '+', x: Tree, abi: Abi): Tree {
  const operand = promote(x, abi);
  if (op === '+') return operand;
  if (operand.kind === 'constant') {
    const value = operand.value === null ? null : wrap(op === '-' ? -operand.value : ~operand.value, operand.t, abi);
    return operand.nonzero === undefined ? constantTree(operand.t, value) : { kind: 'constant', t: operand.t, value, nonzero: operand.nonzero };
  }
  if (!isIntegral(operand.t)) return valueTree(operand.t, hasEffects(operand));
  return { kind: 'unary', t: operand.t, op, of: operand };
}

/** `!x`, as built: an `int` TRUTH_NOT_EXPR, which folding resolves (foldNot). */
export function notTree(x: Tree): Tree {
  return { kind: 'not', t: INT, of: x };
}

/**
 * `!x` folded: the inverted truth value of x (c_objc_common_truthvalue_conversion,
 * invert_truthvalue). Of a `_Bool` it stays a `_Bool`, which gcc widens to
 * `int` with a NOP_EXPR: `%u` with `!b` passes; anything else inverts to a
 * comparison (`!!b` is `b != 0`, `!(a ^ b)` is `a == b`).
 */
function foldNot(x: Tree, abi: Abi): Tree {
  const v = unwidened(fold(x, abi), abi);
  if (v.kind === 'constant') {
    const truth = truthOf(v);
    return constantTree(INT, truth === null ? null : truth ? 0n : 1n);
  }
  const comparison = isTruthValue(v) || (v.kind === 'binary' && v.op === '^');
  if (isBoolean(v.t) && !comparison) return { kind: 'conversion', t: INT, nop: true, of: { kind: 'not', t: v.t, of: v } };
  return truthTree(hasEffects(v));
}

const TRUTH_OPERATORS = new Set(['==', '!=', '<', '>', '<=', '>=', '&&', '||']);

/**
 * `a op b` of type `result` (the usual arithmetic conversions' type, or the
 * promoted left operand's for a shift). gcc computes `/`, `%`, `&`, `|`,
 * `^` in a narrower type when both operands are extended from it, or one is
 * and the other a constant that fits (shorten_binary_op), and `x >> c` in x's
 * unpromoted type when c is below its precision, then widens the result.
 */
export function binaryTree(op: string, a: Tree, b: Tree, result: NodeType, abi: Abi): Tree {
  if (TRUTH_OPERATORS.has(op)) return truthTree(hasEffects(a) || hasEffects(b));
  const pa = promote(a, abi);
  const pb = promote(b, abi);
  if (!isIntegral(pa.t) || !isIntegral(pb.t) || !isIntegral(result)) return valueTree(result, hasEffects(a) || hasEffects(b));
  if (op === '<<') return build(op, result, pa, pb, abi);
  if (op === '>>') return shiftRight(result, pa, pb, abi);
  const op0 = convert(pa, result, abi);
  const op1 = convert(pb, result, abi);
  const bitwise = op === '&' || op === '|' || op === '^';
  // gcc 12 shortens a division by anything but -1 (a constant), or of an unsigned dividend.
  const division = (op === '/' || op === '%') && (isUnsigned(a.t) || (pb.kind === 'constant' && pb.value !== null && wrap(pb.value, pb.t, abi) !== wrap(-1n, pb.t, abi)));
  if (!bitwise && !division) return build(op, result, op0, op1, abi);
  const short = shortenedType(result, op0, op1, bitwise, abi);
  if (sameNode(short, result)) return build(op, result, op0, op1, abi);
  return convert(build(op, short, convert(op0, short, abi), convert(op1, short, abi), abi), result, abi);
}

/** build_binary_op's short_shift. */
function shiftRight(result: NodeType, op0: Tree, count: Tree, abi: Abi): Tree {
  const n = count.kind === 'constant' ? count.value : null;
  if (n !== null && n > 0n) {
    const narrower = getNarrower(op0, abi);
    const unsignedArgument = narrower.win === op0 && sameNode(result, op0.t) ? isUnsigned(op0.t) : narrower.unsigned;
    const p = precision(narrower.win.t, abi);
    if (p < precision(result, abi) && n < BigInt(p) && (!isUnsigned(result) || unsignedArgument)) {
      const short = withSignedness(unsignedArgument, narrower.win.t, abi);
      return convert(build('>>', short, convert(op0, short, abi), count, abi), result, abi);
    }
  }
  return build('>>', result, op0, count, abi);
}

/** build2, or fold_build2 when both operands are constants. */
function build(op: string, t: NodeType, left: Tree, right: Tree, abi: Abi): Tree {
  if (left.kind === 'constant' && right.kind === 'constant') return foldBinary(op, t, left, right, abi);
  return { kind: 'binary', t, op, left, right };
}

/** tree.cc get_narrower: the narrowest value `op` extends through NOP_EXPRs, and whether as a zero-extension. */
function getNarrower(op: Tree, abi: Abi): { readonly win: Tree; readonly unsigned: boolean } {
  if (op.kind === 'compound') {
    const inner = getNarrower(op.value, abi);
    return inner.win === op.value ? { win: op, unsigned: inner.unsigned } : { win: { kind: 'compound', t: inner.win.t, first: op.first, value: inner.win }, unsigned: inner.unsigned };
  }
  let unsigned = false;
  let first = true;
  let win: Tree = op;
  while (win.kind === 'conversion' && win.nop) {
    const change = precision(win.t, abi) - precision(win.of.t, abi);
    // A truncation cannot be undone.
    if (change < 0) break;
    if (change > 0) {
      // An extension: the first one says zero- or sign-extension; later ones must be the same kind.
      if (first) unsigned = isUnsigned(win.of.t);
      else if (unsigned !== isUnsigned(win.of.t)) break;
    } else if (first) {
      // A change of nominal type keeps the signedness it had.
      unsigned = isUnsigned(win.t);
    }
    first = false;
    win = win.of;
  }
  return { win, unsigned };
}

/** c-common.cc shorten_binary_op: the type gcc computes `op0 op op1` in, both already converted to `result`. */
function shortenedType(result: NodeType, op0: Tree, op1: Tree, bitwise: boolean, abi: Abi): NodeType {
  const n0 = getNarrower(op0, abi);
  const n1 = getNarrower(op1, abi);
  const [arg0, arg1] = [n0.win, n1.win];
  const [p0, p1, p] = [precision(arg0.t, abi), precision(arg1.t, abi), precision(result, abi)];
  // An operand that contains no conversion but needs one extends by its own signedness.
  const u0 = precision(op0.t, abi) === p0 && !sameNode(op0.t, result) ? isUnsigned(op0.t) : n0.unsigned;
  const u1 = precision(op1.t, abi) === p1 && !sameNode(op1.t, result) ? isUnsigned(op1.t) : n1.unsigned;
  // For bitwise operations only how the operands were extended matters.
  const unsignedOperation = bitwise ? u0 : isUnsigned(result);
  if (p0 < p && p1 === p0 && u0 === u1 && (u0 || !unsignedOperation)) return withSignedness(u0, commonOfSamePrecision(arg0.t, arg1.t), abi);
  if (arg0.kind === 'constant' && (u1 || !unsignedOperation) && p1 < p) {
    const t = withSignedness(u1, arg1.t, abi);
    if (fits(arg0.value, t, abi)) return t;
  }
  if (arg1.kind === 'constant' && (u0 || !unsignedOperation) && p0 < p) {
    const t = withSignedness(u0, arg0.t, abi);
    if (fits(arg1.value, t, abi)) return t;
  }
  return result;
}

/** `c ? a : b` of integer type `result`: both arms promoted, then converted to it (build_conditional_expr). */
export function conditionalTree(condition: Tree, a: Tree, b: Tree, result: NodeType, abi: Abi): Tree {
  if (!isIntegral(result)) return valueTree(result, hasEffects(condition) || hasEffects(a) || hasEffects(b));
  return { kind: 'cond', t: result, condition, then: convert(promote(a, abi), result, abi), else: convert(promote(b, abi), result, abi) };
}

/** `(a, b)`. */
export function commaTree(first: Tree, value: Tree): Tree {
  return { kind: 'compound', t: value.t, first, value };
}

/**
 * `x = v`, `x op= v`, `x++` (`value` null): the stored value, of x's type —
 * but `x = constant` is that constant, and `x op= v` with side effects in v
 * evaluates v first, in a COMPOUND_EXPR (build_modify_expr).
 */
export function assignmentTree(target: NodeType, op: string, value: Tree | null, abi: Abi): Tree {
  const stored = valueTree(unqualifiedNode(target), true);
  if (value === null) return stored;
  if (op === '=') {
    const assigned = fold(convert(value, unqualifiedNode(target), abi), abi);
    return assigned.kind === 'constant' ? commaTree(stored, assigned) : stored;
  }
  return hasEffects(value) ? commaTree(value, stored) : stored;
}

function unqualifiedNode(t: NodeType): NodeType {
  return t.bits !== undefined ? { type: t.type, bits: t.bits } : { type: t.type };
}

/**
 * `({ …; last; })`: the last expression itself when it is the whole block;
 * else gcc keeps its value in a temporary of its (unqualified) type
 * (c_finish_stmt_expr), whose initialization is a side effect.
 */
export function statementExpressionTree(last: Tree, alone: boolean, abi: Abi): Tree {
  return alone ? fold(last, abi) : valueTree(unqualifiedNode(last.t), true);
}

// ---------------------------------------------------------------------------
// Folding (c_fully_fold: fold-const.cc, match.pd)

/** The tree folded bottom-up, as gcc folds an argument before checking it. */
function fold(x: Tree, abi: Abi): Tree {
  switch (x.kind) {
    case 'value':
    case 'constant':
    case 'truth':
      return x;
    case 'conversion': {
      const of = fold(x.of, abi);
      return of === x.of ? x : foldConversion(x.nop, x.t, of, abi);
    }
    case 'not':
      return isBoolean(x.t) ? x : foldNot(x.of, abi);
    case 'unary': {
      const of = fold(x.of, abi);
      // -(-a) and ~~a are a.
      if (of.kind === 'unary' && of.op === x.op) return convert(of.of, x.t, abi);
      if (of.kind === 'constant') return unaryTree(x.op, of, abi);
      return of === x.of ? x : { ...x, of };
    }
    case 'binary':
      return foldBinary(x.op, x.t, fold(x.left, abi), fold(x.right, abi), abi);
    case 'cond': {
      const condition = fold(x.condition, abi);
      const then = fold(x.then, abi);
      const otherwise = fold(x.else, abi);
      const truth = condition.kind === 'constant' ? truthOf(condition) : null;
      if (truth !== null) return truth ? then : otherwise;
      if (sameValue(then, otherwise)) return hasEffects(condition) ? { kind: 'compound', t: x.t, first: condition, value: then } : then;
      return { ...x, condition, then, else: otherwise };
    }
    case 'compound': {
      const first = fold(x.first, abi);
      const value = fold(x.value, abi);
      return hasEffects(first) ? { ...x, first, value } : value;
    }
  }
}

const COMMUTATIVE = new Set(['+', '*', '&', '|', '^']);

/** fold_binary for the integer operations whose folding changes what a tree is. */
function foldBinary(op: string, t: NodeType, left: Tree, right: Tree, abi: Abi): Tree {
  // Arithmetic on a COMPOUND_EXPR goes inside it.
  if (left.kind === 'compound') return { kind: 'compound', t, first: left.first, value: foldBinary(op, t, left.value, right, abi) };
  if (right.kind === 'compound') return { kind: 'compound', t, first: right.first, value: foldBinary(op, t, left, right.value, abi) };
  if (left.kind === 'constant' && right.kind !== 'constant' && COMMUTATIVE.has(op)) [left, right] = [right, left];
  const a = left.kind === 'constant' ? left.value : null;
  const c = right.kind === 'constant' ? right.value : null;
  if (left.kind === 'constant' && right.kind === 'constant') return constantTree(t, a === null || c === null ? null : wrap(evaluateBinary(op, a, c), t, abi));
  // A result that does not depend on `left` still evaluates it (omit_one_operand).
  const constant = (value: bigint | null): Tree => {
    const result = constantTree(t, wrap(value, t, abi));
    return hasEffects(left) ? { kind: 'compound', t, first: left, value: result } : result;
  };
  // A result that is an operand keeps that operand's type when it is a variant of the operation's.
  const same = (x: Tree): Tree => (sameMain(x.t, t) ? x : foldConvert(x, t, abi));
  const ones = wrap(-1n, t, abi);
  if (c !== null) {
    if (c === 0n && ['+', '-', '|', '^', '<<', '>>'].includes(op)) return same(left);
    if (c === 1n && (op === '*' || op === '/')) return same(left);
    if (c === 0n && (op === '*' || op === '&')) return constant(0n);
    if (c === 1n && op === '%') return constant(0n);
    if (c === ones && op === '&') return same(left);
    if (c === ones && op === '|') return constant(ones);
    // x % 2^k is x & (2^k - 1) for an unsigned or non-negative x.
    if (op === '%' && c > 0n && (c & (c - 1n)) === 0n && (isUnsigned(t) || nonNegative(left, abi))) return foldBinary('&', t, left, constantTree(t, c - 1n), abi);
    // x & c is x when c keeps every bit x can have set.
    if (op === '&' && (nonzeroBits(left, abi) & ~wrapUnsigned(c, t, abi)) === 0n) return same(left);
  }
  if (sameValue(left, right)) {
    if (op === '&' || op === '|') return same(left);
    if (op === '^' || op === '-' || op === '%') return constant(0n);
    if (op === '/') return constant(1n);
  }
  // `|` and `&` of truth values are TRUTH_OR_EXPR and TRUTH_AND_EXPR, `_Bool`s.
  if ((op === '|' || op === '&') && isTruthValue(left) && isTruthValue(right)) return foldConvert({ kind: 'truth', t: BOOL, effects: hasEffects(left) || hasEffects(right) }, t, abi);
  // (T)a | (T)b is (T)(a | b) when the conversions widen a and b of one type (GENERIC leaves `&` alone).
  if ((op === '|' || op === '^') && left.kind === 'conversion' && precision(left.of.t, abi) < precision(t, abi)) {
    const inner = left.of.t;
    if ((right.kind === 'conversion' && sameMain(right.of.t, inner)) || (right.kind === 'constant' && isIntegral(inner) && fits(c, inner, abi))) {
      const other = right.kind === 'conversion' ? right.of : right;
      return foldConvert(foldBinary(op, inner, left.of, foldConvert(other, inner, abi), abi), t, abi);
    }
  }
  return { kind: 'binary', t, op, left, right };
}

const wrapUnsigned = (value: bigint, t: NodeType, abi: Abi): bigint => BigInt.asUintN(precision(t, abi), value);

/** The bits a value can have set (tree_nonzero_bits), in its type's precision. */
function nonzeroBits(x: Tree, abi: Abi): bigint {
  const all = wrapUnsigned(-1n, x.t, abi);
  if (x.kind === 'constant') return x.value === null ? all : wrapUnsigned(x.value, x.t, abi);
  if (x.kind === 'conversion' && isUnsigned(x.of.t) && precision(x.of.t, abi) <= precision(x.t, abi)) return nonzeroBits(x.of, abi);
  if (x.kind === 'binary' && x.op === '&') return nonzeroBits(x.left, abi) & nonzeroBits(x.right, abi);
  if (x.kind === 'binary' && x.op === '|') return nonzeroBits(x.left, abi) | nonzeroBits(x.right, abi);
  return all;
}

function nonNegative(x: Tree, abi: Abi): boolean {
  if (isUnsigned(x.t)) return true;
  if (x.kind === 'constant') return x.value !== null && x.value >= 0n;
  return x.kind === 'conversion' && isUnsigned(x.of.t) && precision(x.of.t, abi) < precision(x.t, abi);
}

// ---------------------------------------------------------------------------
// What -Wformat-signedness sees

/**
 * The type gcc's argument is widened from by a NOP_EXPR once folded and
 * promoted (after STRIP_NOPS), or null: check_format_types' leniency for
 * `%u` applies when it is unsigned and promotes to the argument's type.
 */
export function promotedFrom(x: Tree, abi: Abi): NodeType | null {
  let argument = promote(fold(x, abi), abi);
  while (argument.kind === 'conversion' && precision(argument.t, abi) === precision(argument.of.t, abi)) argument = argument.of;
  return argument.kind === 'conversion' && argument.nop ? argument.of.t : null;
}
