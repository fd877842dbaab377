/**
 * C's arithmetic on types, as gcc's C front end does it: integer promotions,
 * the usual arithmetic conversions (gcc's c_common_type, which keeps a
 * typedef name when the result is that operand's own type: `size_t + 1` is a
 * `size_t`), and the types of integer, floating and character literals.
 */
import type { Abi } from '../model/abi.js';
import type { Tree } from './gcc-tree.js';
import { int, sameType, unqualified, type CType, type IntegerName, type Qualifiers } from './types.js';

/** A value's type; `bitWidth` when it is a bit-field narrower than its declared type. */
export interface Operand {
  readonly type: CType;
  readonly bitWidth?: number;
  /** An lvalue of a const or volatile type (`type` is the unqualified one): gcc reads it through a conversion. */
  readonly qualifiers?: Qualifiers;
  /** gcc's tree of the value, where -Wformat-signedness looks (./gcc-tree.ts); a plain value of `type` when absent. */
  readonly tree?: Tree;
}

const INT = int('int');
const UNSIGNED_INT = int('int', false);

export function integerPrecision(name: IntegerName, abi: Abi): number {
  switch (name) {
    case '_Bool':
      return 1;
    case 'char':
      return 8;
    case 'short':
      return 16;
    case 'int':
      return 32;
    case 'long':
      return abi === 'lp64' ? 64 : 32;
    case 'long long':
      return 64;
  }
}

export function isInteger(type: CType): boolean {
  const t = unqualified(type);
  return t.kind === 'integer' || t.kind === 'enum';
}

export function isArithmetic(type: CType): boolean {
  const t = unqualified(type);
  return t.kind === 'integer' || t.kind === 'enum' || t.kind === 'floating';
}

/**
 * The integer promotions (gcc's perform_integral_promotions): `_Bool`, `char`,
 * `short` and bit-fields narrower than `int` become `int`; an enum becomes its
 * integer type; anything else, typedef name and all, is left alone. A
 * bit-field at least as wide as `int` keeps its own width (`unsigned long:40`).
 */
export function promote(operand: Operand, abi: Abi): Operand {
  const t = unqualified(operand.type);
  if (operand.bitWidth !== undefined) {
    if (operand.bitWidth < 32 || (t.kind === 'integer' && t.name === '_Bool')) return { type: INT };
    return operand;
  }
  if (t.kind === 'integer') return integerPrecision(t.name, abi) < 32 ? { type: INT } : { type: operand.type };
  if (t.kind === 'enum') return { type: enumInteger(t) };
  return { type: operand.type };
}

/**
 * The type gcc gives a bit-field of `width` bits declared with `type`
 * (c-decl.cc, c_build_bitfield_integer_type): the declared type at its own
 * precision, else the standard integer type of that precision (`long x:32`
 * is an `int`, `unsigned x:8` an `unsigned char`), else null: a type of its
 * own (`unsigned x:3`, `unsigned long x:40`), or an enum of unknown values.
 */
export function bitFieldType(type: CType, width: number, abi: Abi): CType | null {
  const t = unqualified(type);
  const integer = t.kind === 'enum' ? (t.underlying ? unqualified(t.underlying) : null) : t;
  if (integer?.kind !== 'integer') return null;
  if (width === integerPrecision(integer.name, abi)) return type;
  const name: IntegerName | null = width === 8 ? 'char' : width === 16 ? 'short' : width === 32 ? 'int' : width === 64 ? (abi === 'lp64' ? 'long' : 'long long') : null;
  return name ? int(name, integer.signed) : null;
}

/** The integer type an enum's values take in arithmetic; `unsigned int` when its values are unknown (most enums have no negative value). */
export function enumInteger(type: Extract<CType, { kind: 'enum' }>): CType {
  return type.underlying ? unqualified(type.underlying) : UNSIGNED_INT;
}

function precision(operand: Operand, abi: Abi): number {
  if (operand.bitWidth !== undefined) return operand.bitWidth;
  const t = unqualified(operand.type);
  return t.kind === 'integer' ? integerPrecision(t.name, abi) : 32;
}

function isUnsigned(operand: Operand): boolean {
  const t = unqualified(operand.type);
  return t.kind === 'integer' && !t.signed;
}

/** The standard integer type an operand is exactly, or null (a bit-field of its own width). */
function standardName(operand: Operand): IntegerName | null {
  if (operand.bitWidth !== undefined) return null;
  const t = unqualified(operand.type);
  return t.kind === 'integer' ? t.name : null;
}

const FLOAT_RANK = { float: 1, double: 2, 'long double': 3 } as const;

/**
 * The usual arithmetic conversions of two promoted arithmetic operands: gcc's
 * c_common_type, branch by branch, so that the typedef name survives exactly
 * where gcc's does.
 */
export function commonType(a: Operand, b: Operand, abi: Abi): Operand {
  if (a.bitWidth === b.bitWidth && sameType(a.type, b.type)) return a;
  const ta = unqualified(a.type);
  const tb = unqualified(b.type);
  if (ta.kind === 'floating' && tb.kind !== 'floating') return { type: a.type };
  if (tb.kind === 'floating' && ta.kind !== 'floating') return { type: b.type };
  if (ta.kind === 'floating' && tb.kind === 'floating') {
    if (FLOAT_RANK[ta.name] !== FLOAT_RANK[tb.name]) return FLOAT_RANK[ta.name] > FLOAT_RANK[tb.name] ? a : b;
    return { type: ta };
  }
  const pa = precision(a, abi);
  const pb = precision(b, abi);
  if (pa > pb) return a;
  if (pb > pa) return b;
  // Same precision: long long before long before the rest, as C's ranks say.
  const eitherUnsigned = isUnsigned(a) || isUnsigned(b);
  const either = (name: IntegerName, unsigned?: boolean): boolean => [a, b].some((o) => standardName(o) === name && (unsigned === undefined || isUnsigned(o) === unsigned));
  if (either('long long', true)) return { type: int('long long', false) };
  if (either('long long')) return { type: int('long long', !eitherUnsigned) };
  if (either('long', true)) return { type: int('long', false) };
  if (either('long')) return { type: int('long', !eitherUnsigned) };
  return isUnsigned(a) ? a : b;
}

/** The type of an integer literal (C11 6.4.4.1): the first of its candidate types its value fits. */
export function integerLiteralType(text: string, abi: Abi): CType | null {
  const match = /^(0[xX][0-9a-fA-F']+|0[bB][01']+|[0-9][0-9']*)([uUlLwWzZ]*)$/.exec(text);
  if (!match) return null;
  const digits = match[1]!.replace(/'/g, '');
  if (!/^([uU](l|L|ll|LL)?|(l|L|ll|LL)[uU]?)?$/.test(match[2]!)) return null;
  const suffix = match[2]!.toLowerCase();
  let value: bigint;
  try {
    value = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  } catch {
    return null;
  }
  const decimal = /^[1-9]/.test(digits) || digits === '0';
  const unsigned = suffix.includes('u');
  const longs = (suffix.match(/l/g) ?? []).length;
  const ladder: Array<[IntegerName, boolean]> = [];
  const names: IntegerName[] = longs === 2 ? ['long long'] : longs === 1 ? ['long', 'long long'] : ['int', 'long', 'long long'];
  for (const name of names) {
    if (!unsigned) ladder.push([name, true]);
    if (unsigned || !decimal) ladder.push([name, false]);
  }
  for (const [name, signed] of ladder) {
    const bits = integerPrecision(name, abi);
    const max = (1n << BigInt(signed ? bits - 1 : bits)) - 1n;
    if (value <= max) return int(name, signed);
  }
  // gcc: "integer constant is so large that it is unsigned".
  return int('long long', false);
}

/** The value of a floating literal (decimal or hexadecimal), or null when `text` is not one. */
export function floatingLiteralValue(text: string): number | null {
  if (!floatingLiteralType(text.replace(/^[-+]/, ''))) return null;
  const body = text.replace(/[fFlL]$/, '');
  const hex = /^([-+]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([-+]?\d+)$/.exec(body);
  if (!hex) return Number.isFinite(Number(body)) ? Number(body) : null;
  const fraction = hex[3] ?? '';
  const mantissa = parseInt(`${hex[2] || '0'}${fraction}`, 16) / 16 ** fraction.length;
  return (hex[1] === '-' ? -1 : 1) * mantissa * 2 ** Number(hex[4]);
}

/** The type of a floating literal, or null when `text` is not one. */
export function floatingLiteralType(text: string): CType | null {
  const hex = /^0[xX]/.test(text);
  if (!(hex ? /[pP]/.test(text) : /[.eE]/.test(text))) return null;
  const last = text[text.length - 1];
  if (last === 'f' || last === 'F') return { kind: 'floating', name: 'float' };
  if (last === 'l' || last === 'L') return { kind: 'floating', name: 'long double' };
  return { kind: 'floating', name: 'double' };
}
