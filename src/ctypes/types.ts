/** C types, as far as printf formats and trace records care about them. */
import type { Abi } from '../model/abi.js';

export type IntegerName = '_Bool' | 'char' | 'short' | 'int' | 'long' | 'long long';

export type CType =
  | { readonly kind: 'void' }
  | { readonly kind: 'integer'; readonly name: IntegerName; readonly signed: boolean; readonly plainChar?: boolean }
  | { readonly kind: 'floating'; readonly name: 'float' | 'double' | 'long double' }
  | { readonly kind: 'pointer'; readonly to: CType; readonly constTarget?: boolean }
  /** `constElements`: `const int a[4]`, so that it decays to a `const int *`. */
  | { readonly kind: 'array'; readonly of: CType; readonly length: number | null; readonly constElements?: boolean }
  | { readonly kind: 'record'; readonly union: boolean; readonly tag: string | null }
  /** `underlying`: the integer type gcc gives the enum (`unsigned int` unless an enumerator is negative), when its values are known. */
  | { readonly kind: 'enum'; readonly tag: string | null; readonly underlying?: CType }
  /** `params` null: declared without a prototype, `int f()`. */
  | { readonly kind: 'function'; readonly returns: CType; readonly params: readonly CType[] | null; readonly variadic: boolean }
  /** A typedef keeps its name, for messages and for `%zu`-style length modifiers. */
  | { readonly kind: 'typedef'; readonly name: string; readonly target: CType };

/**
 * The qualifiers of an object (an lvalue), apart from its type: kmark's types
 * keep `const` only where formats care (a pointer's target, array elements).
 */
export type Qualifiers = 'const' | 'volatile' | 'const volatile';

export function qualifiers(isConst: boolean, isVolatile: boolean): Qualifiers | undefined {
  if (isConst) return isVolatile ? 'const volatile' : 'const';
  return isVolatile ? 'volatile' : undefined;
}

/** Both sets: a member of a const struct read through a volatile pointer is both. */
export function joinQualifiers(a: Qualifiers | undefined, b: Qualifiers | undefined): Qualifiers | undefined {
  return qualifiers(a?.includes('const') === true || b?.includes('const') === true, a?.includes('volatile') === true || b?.includes('volatile') === true);
}

export const VOID: CType = { kind: 'void' };
export const int = (name: IntegerName, signed = true): CType => ({ kind: 'integer', name, signed });
export const PLAIN_CHAR: CType = { kind: 'integer', name: 'char', signed: true, plainChar: true };
export const pointerTo = (to: CType, constTarget = false): CType => (constTarget ? { kind: 'pointer', to, constTarget } : { kind: 'pointer', to });
export const typedef = (name: string, target: CType): CType => ({ kind: 'typedef', name, target });

/** The type with every typedef layer removed. */
export function unqualified(type: CType): Exclude<CType, { kind: 'typedef' }> {
  while (type.kind === 'typedef') type = type.target;
  return type;
}

export function sizeOf(type: CType, abi: Abi): number | undefined {
  const t = unqualified(type);
  switch (t.kind) {
    case 'integer':
      return { _Bool: 1, char: 1, short: 2, int: 4, long: abi === 'lp64' ? 8 : 4, 'long long': 8 }[t.name];
    case 'floating':
      return { float: 4, double: 8, 'long double': abi === 'lp64' ? 16 : 12 }[t.name];
    case 'pointer':
      return abi === 'lp64' ? 8 : 4;
    case 'enum':
      return t.underlying ? sizeOf(t.underlying, abi) : 4;
    case 'array': {
      const element = sizeOf(t.of, abi);
      return element !== undefined && t.length !== null ? element * t.length : undefined;
    }
    default:
      return undefined;
  }
}

/** The same type, typedef names included: gcc's `t1 == t2`. */
export function sameType(a: CType, b: CType): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'void':
      return b.kind === 'void';
    case 'integer':
      return b.kind === 'integer' && a.name === b.name && a.signed === b.signed && (a.plainChar === true) === (b.plainChar === true);
    case 'floating':
      return b.kind === 'floating' && a.name === b.name;
    case 'pointer':
      return b.kind === 'pointer' && (a.constTarget === true) === (b.constTarget === true) && sameType(a.to, b.to);
    case 'array':
      return b.kind === 'array' && a.length === b.length && (a.constElements === true) === (b.constElements === true) && sameType(a.of, b.of);
    case 'record':
      return b.kind === 'record' && a.union === b.union && a.tag === b.tag && a.tag !== null;
    case 'enum':
      return b.kind === 'enum' && a.tag === b.tag && a.tag !== null;
    case 'function':
      return (
        b.kind === 'function' &&
        a.variadic === b.variadic &&
        sameType(a.returns, b.returns) &&
        (a.params === null ? b.params === null : b.params !== null && a.params.length === b.params.length && a.params.every((p, k) => sameType(p, b.params![k]!)))
      );
    case 'typedef':
      return b.kind === 'typedef' && a.name === b.name && sameType(a.target, b.target);
  }
}

/** The same type once typedef names are looked through (const on pointer targets still counts). */
export function sameCanonicalType(a: CType, b: CType): boolean {
  return sameType(canonical(a), canonical(b));
}

/**
 * Compatible types (C11 6.2.7), as `_Generic` matches them: the same type
 * once typedef names are looked through, with an enum compatible with its
 * integer type (when its values, and so that type, are known).
 */
export function compatibleTypes(a: CType, b: CType): boolean {
  const ta = unqualified(a);
  const tb = unqualified(b);
  if (ta.kind === 'enum' && tb.kind === 'integer') return ta.underlying !== undefined && sameCanonicalType(ta.underlying, tb);
  if (ta.kind === 'integer' && tb.kind === 'enum') return compatibleTypes(tb, ta);
  if (ta.kind === 'pointer' && tb.kind === 'pointer') return (ta.constTarget === true) === (tb.constTarget === true) && compatibleTypes(ta.to, tb.to);
  return sameCanonicalType(ta, tb);
}

/** The type with typedef names removed at every level. */
export function canonical(type: CType): CType {
  const t = unqualified(type);
  switch (t.kind) {
    case 'pointer':
      return pointerTo(canonical(t.to), t.constTarget === true);
    case 'array':
      return { ...t, of: canonical(t.of) };
    case 'function':
      return { kind: 'function', returns: canonical(t.returns), params: t.params?.map(canonical) ?? null, variadic: t.variadic };
    default:
      return t;
  }
}

/** How a type is written in C, typedef names kept: `const char *`, `int (*)(int)`, `char[16]`. */
export function typeToString(type: CType): string {
  return declaration(type, '');
}

/**
 * How gcc's diagnostics write a type: as typeToString, with integers in gcc's
 * order of words (`long unsigned int`, `short int`, `long long int`).
 */
export function gccTypeName(type: CType): string {
  return declare(type, '', false, 'gcc');
}

/**
 * A C declaration of `name` with this type (`int (*name)(int)`); with an empty
 * name, the type name as a cast or `sizeof` takes it.
 */
export function declaration(type: CType, name: string): string {
  return declare(type, name, false);
}

/** How integer types are spelt: as C programs usually write them, or as gcc prints them. */
type Spelling = 'c' | 'gcc';

function declare(type: CType, inner: string, constSelf: boolean, spelling: Spelling = 'c'): string {
  switch (type.kind) {
    case 'pointer': {
      const self = constSelf ? (inner === '' ? 'const' : 'const ') : '';
      return declare(type.to, `*${self}${inner}`, type.constTarget === true, spelling);
    }
    case 'array':
      return declare(type.of, `${wrap(inner)}[${type.length ?? ''}]`, constSelf || type.constElements === true, spelling);
    case 'function': {
      const params = type.params === null ? '' : type.params.length === 0 && !type.variadic ? 'void' : type.params.map((p) => declare(p, '', false, spelling)).join(', ');
      return declare(type.returns, `${wrap(inner)}(${params}${type.variadic ? (type.params?.length ? ', ...' : '...') : ''})`, false, spelling);
    }
    default: {
      const base = `${constSelf ? 'const ' : ''}${spelling === 'gcc' ? gccBaseName(type) : baseName(type)}`;
      return inner === '' ? base : inner.startsWith('[') ? `${base}${inner}` : `${base} ${inner}`;
    }
  }
}

const wrap = (inner: string): string => (inner.startsWith('*') ? `(${inner})` : inner);

/** gcc's words for the integer types whose usual spelling differs: the size first, `int` last. */
const GCC_INTEGER_WORDS: Readonly<Record<string, readonly [signed: string, unsigned: string]>> = {
  short: ['short int', 'short unsigned int'],
  int: ['int', 'unsigned int'],
  long: ['long int', 'long unsigned int'],
  'long long': ['long long int', 'long long unsigned int'],
};

function gccBaseName(type: Exclude<CType, { kind: 'pointer' | 'array' | 'function' }>): string {
  const words = type.kind === 'integer' ? GCC_INTEGER_WORDS[type.name] : undefined;
  return words !== undefined && type.kind === 'integer' ? words[type.signed ? 0 : 1] : baseName(type);
}

function baseName(type: Exclude<CType, { kind: 'pointer' | 'array' | 'function' }>): string {
  switch (type.kind) {
    case 'void':
      return 'void';
    case 'integer':
      if (type.name === '_Bool') return '_Bool';
      if (type.name === 'char') return type.plainChar ? 'char' : type.signed ? 'signed char' : 'unsigned char';
      return type.signed ? type.name : `unsigned ${type.name}`;
    case 'floating':
      return type.name;
    case 'record':
      return `${type.union ? 'union' : 'struct'} ${type.tag ?? '<anonymous>'}`;
    case 'enum':
      return `enum ${type.tag ?? '<anonymous>'}`;
    case 'typedef':
      return type.name;
  }
}
