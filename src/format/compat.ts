/**
 * Conversion ↔ argument type rules: the verdict gcc's -Wformat gives a printf
 * call (gcc/c-family/c-format.cc, check_format_types), optionally with
 * -Wformat-signedness. docs/format-rules.md ties each rule to gcc.
 */
import { bitFieldType as gccBitFieldType } from '../ctypes/arithmetic.js';
import { gccTypeName, int, unqualified, type CType, type IntegerName } from '../ctypes/types.js';
import { parseFormat, type Conversion } from './parse.js';
import type { Abi } from '../model/abi.js';
import { conversionSpec, lengthKey, type ConversionSpec, type WantedType } from './printf-table.js';

export interface CompatOptions {
  readonly abi: Abi;
  /** -Wformat-signedness: `%u` with an `int` (and `%d` with an `unsigned int`) becomes a mismatch. */
  readonly signedness: boolean;
}

/** A bit-field member read as an argument: gcc types it by its width. */
export interface BitField {
  readonly kind: 'bitfield';
  readonly of: CType;
  readonly width: number;
}

/**
 * An integer argument with what gcc's folded tree shows of its promotion (the
 * type model's `promotedFrom`, src/ctypes/gcc-tree.ts): gcc widens a value of
 * type `from` to it by a NOP_EXPR, or (`from` null) by no conversion
 * -Wformat-signedness looks through. A plain type stands for a variable of it.
 */
export interface Promotion {
  readonly kind: 'promotion';
  readonly of: CType | BitField;
  readonly from: CType | BitField | null;
}

export type ArgumentType = CType | BitField | Promotion;

export type ArgumentRole = 'value' | 'width' | 'precision';

/** A mismatch's `expected` and `actual` are the types as gcc labels the conversion and the argument (unquoted). */
export type ArgumentVerdict = { readonly ok: true } | { readonly ok: false; readonly message: string; readonly expected: string; readonly actual: string };

export interface ConsumedArgument {
  readonly conversion: Conversion;
  readonly role: ArgumentRole;
}

/** The arguments a format consumes, in order: `*` width, `.*` precision, then the value (none for `%m`). */
export function consumedArguments(conversions: readonly Conversion[]): ConsumedArgument[] {
  const consumed: ConsumedArgument[] = [];
  for (const conversion of conversions) {
    if (conversion.width === '*') consumed.push({ conversion, role: 'width' });
    if (conversion.precision === '*') consumed.push({ conversion, role: 'precision' });
    const spec = conversionSpec(conversion.specifier);
    // gcc skips one argument for a length the conversion does not take, even `%lm`.
    if (!spec || spec.takesArgument || wantedOf(spec, conversion) === undefined) consumed.push({ conversion, role: 'value' });
  }
  return consumed;
}

const OK: ArgumentVerdict = { ok: true };

/**
 * Checks one argument against what a conversion (or its `*` width or `.*`
 * precision) consumes. `argumentNumber` (1-based, as gcc counts: the format
 * is argument 1 of printf) only shapes the message.
 */
export function checkConversionArgument(conversion: Conversion, role: ArgumentRole, type: ArgumentType, options: CompatOptions, argumentNumber?: number): ArgumentVerdict {
  const spec = conversionSpec(conversion.specifier);
  if (!spec) return OK;
  const wanted = wantedOf(spec, conversion);
  // A length the conversion does not take is a format-invalid finding; gcc checks no argument of it.
  if (wanted === undefined) return OK;
  const argument = argumentNumber === undefined ? 'the argument' : `argument ${argumentNumber}`;
  const mismatch = (expected: string, lead: string): ArgumentVerdict => ({
    ok: false,
    expected,
    actual: describeType(type, ''),
    message: `${lead} expects argument of type '${expected}', but ${argument} has type ${describeType(type)}`,
  });
  if (role !== 'value') {
    const lead = role === 'width' ? "field width specifier '*'" : "field precision specifier '.*'";
    return matches(INT, 0, type, options, false) ? OK : mismatch('int', lead);
  }
  const lead = `format '${directiveText(conversion)}'`;
  const expected = wantedName(wanted, spec, options.abi);
  if (spec.pointerCount === 0) return matches(promoted(resolve(wanted, options.abi)), 0, type, options, false) ? OK : mismatch(expected, lead);
  const pointer = decayed(type);
  if (pointer === null) return mismatch(expected, lead);
  if (spec.writes && pointer.constTarget) {
    return { ok: false, expected, actual: describeType(type, ''), message: `writing into constant object (${argument})` };
  }
  return matches(resolve(wanted, options.abi), 1, pointer.to, options, spec.charLenient) ? OK : mismatch(expected, lead);
}

/** What a conversion (or its `*`) takes, named as gcc names it: `int`, `char *`, `long unsigned int`. */
export function expectedArgument(conversion: Conversion, role: ArgumentRole, abi: Abi): string {
  if (role !== 'value') return 'int';
  const spec = conversionSpec(conversion.specifier);
  const wanted = spec ? wantedOf(spec, conversion) : undefined;
  return spec && wanted ? wantedName(wanted, spec, abi) : 'int';
}

/**
 * The conversion that prints a value of `type` and passes checkConversionArgument
 * under `options`, keeping the original flags, width and precision where the
 * new conversion takes them: `%5d` with a u64 → `%5llu`. Null when none does
 * (a struct, a 40-bit bit-field, a `%n`, or a `*` the new conversion cannot take).
 */
export function suggestConversion(conversion: Conversion, type: ArgumentType, options: CompatOptions): string | null {
  if (conversion.specifier === 'n') return null;
  for (const [specifier, length] of candidates(conversion, type, options)) {
    const text = rebuild(conversion, specifier, length);
    if (text === null) continue;
    const parsed = parseFormat(text);
    const candidate = parsed.conversions[0];
    if (parsed.problems.length > 0 || parsed.conversions.length !== 1 || !candidate) continue;
    if (checkConversionArgument(candidate, 'value', type, options).ok) return text;
  }
  return null;
}

// ---------------------------------------------------------------------------
// gcc's view of types

interface Integer {
  readonly kind: 'integer';
  readonly name: IntegerName;
  readonly signed: boolean;
  readonly plainChar: boolean;
  /** An enum whose integer type is unknown: passes as `int` or `unsigned int`. */
  readonly eitherSign?: boolean;
}

/** What gcc compares: integer types by identity (`long` ≠ `long long`, `char` ≠ `signed char`). */
type GType =
  | Integer
  /** A bit-field's own type (`unsigned long:40`). */
  | { readonly kind: 'bits' }
  | { readonly kind: 'enum'; readonly underlying: Integer | null }
  | { readonly kind: 'floating'; readonly name: 'float' | 'double' | 'long double' }
  | { readonly kind: 'void' }
  | { readonly kind: 'other' };

const integer = (name: IntegerName, signed: boolean, plainChar = false): Integer => ({ kind: 'integer', name, signed, plainChar });
const INT = integer('int', true);

function wantedOf(spec: ConversionSpec, conversion: Conversion): WantedType | undefined {
  return spec.wanted[lengthKey(conversion.length)];
}

/** The directive as gcc quotes it in a type warning: length and conversion character only (`%-8lu` → `%lu`). */
function directiveText(conversion: Conversion): string {
  return `%${conversion.length}${conversion.specifier}`;
}

function resolve(wanted: WantedType, abi: Abi): GType {
  const lp64 = abi === 'lp64';
  switch (wanted.kind) {
    case 'integer':
      return integer(wanted.name, wanted.signed, wanted.plainChar === true);
    case 'floating':
    case 'void':
      return wanted;
    case 'decimal':
      return { kind: 'other' };
    case 'abi':
      switch (wanted.name) {
        case 'size_t':
        case 'unsigned ptrdiff_t':
          return integer(lp64 ? 'long' : 'int', false);
        case 'signed size_t':
        case 'ptrdiff_t':
          return integer(lp64 ? 'long' : 'int', true);
        case 'intmax_t':
          return integer(lp64 ? 'long' : 'long long', true);
        case 'uintmax_t':
          return integer(lp64 ? 'long' : 'long long', false);
        case 'wchar_t':
          // glibc x86: wchar_t is `int` on x86-64 but `long` on i386.
          return integer(lp64 ? 'int' : 'long', true);
        case 'wint_t':
          return integer('int', false);
      }
  }
}

function wantedName(wanted: WantedType, spec: ConversionSpec, abi: Abi): string {
  const base = wanted.kind === 'abi' || wanted.kind === 'decimal' ? wanted.name : gtypeToString(spec.pointerCount === 0 ? promoted(resolve(wanted, abi)) : resolve(wanted, abi));
  return spec.pointerCount === 0 ? base : `${base} *`;
}

function gtypeToString(type: GType): string {
  switch (type.kind) {
    case 'integer':
      return gccTypeName({ kind: 'integer', name: type.name, signed: type.signed, ...(type.plainChar ? { plainChar: true } : {}) });
    case 'floating':
    case 'void':
      return type.kind === 'void' ? 'void' : type.name;
    default:
      return '?';
  }
}

/** C's promotion of a wanted type (gcc promotes what a non-pointer conversion asks for: `%hd` wants an `int`). */
function promoted(type: GType): GType {
  if (type.kind === 'integer' && (type.name === '_Bool' || type.name === 'char' || type.name === 'short')) return INT;
  if (type.kind === 'floating' && type.name === 'float') return { kind: 'floating', name: 'double' };
  return type;
}

/** The integer type of an enum, from its enumerators (CType `underlying`), when known. */
function enumInteger(type: Extract<CType, { kind: 'enum' }>): Integer | null {
  const t = type.underlying ? unqualified(type.underlying) : null;
  return t?.kind === 'integer' ? integer(t.name, t.signed, t.plainChar === true) : null;
}

/** A type as gcc sees it without promotion (a pointer's target). */
function gtypeOf(type: CType): GType {
  const t = unqualified(type);
  switch (t.kind) {
    case 'integer':
      return integer(t.name, t.signed, t.plainChar === true);
    case 'enum':
      return { kind: 'enum', underlying: enumInteger(t) };
    case 'floating':
      return t;
    case 'void':
      return t;
    default:
      return { kind: 'other' };
  }
}

interface Promoted {
  readonly type: GType;
  /** gcc's -Wformat-signedness leniency: an unsigned char/short promoted to int still passes for an unsigned conversion. */
  readonly fromUnsigned: boolean;
}

/**
 * The type gcc gives a bit-field: its declared type when the width is the
 * type's precision, else the standard type of that width (c-decl.cc,
 * c_build_bitfield_integer_type: `long x:32` is an `int`), else a type of its
 * own (`unsigned long:40`), which no conversion matches, read as an int when
 * narrower than one.
 */
function bitFieldType(field: BitField, options: CompatOptions): ArgumentType {
  const declared = unqualified(field.of);
  if (declared.kind === 'enum' && !declared.underlying) return field.width === 32 ? field.of : field.width < 32 ? int('int') : { kind: 'void' };
  if (declared.kind !== 'integer' && declared.kind !== 'enum') return { kind: 'void' };
  return gccBitFieldType(field.of, field.width, options.abi) ?? (field.width < 32 ? int('int') : { kind: 'bitfield', of: field.of, width: field.width });
}

/** The default argument promotions, as gcc's C front end applies them. */
function promotedArgument(type: ArgumentType, options: CompatOptions): Promoted {
  const plain = (g: GType): Promoted => ({ type: g, fromUnsigned: false });
  if (type.kind === 'promotion') {
    const promoted = promotedArgument(type.of, options);
    const fromUnsigned = type.from !== null && promotesUnsigned(type.from) && promoted.type.kind === 'integer' && sameInteger(promoted.type, INT);
    return { type: promoted.type, fromUnsigned };
  }
  if (type.kind === 'bitfield') {
    const field = bitFieldType(type, options);
    // A bit-field of no standard type's width: wider than int, it matches nothing.
    return field.kind === 'bitfield' ? plain({ kind: 'bits' }) : promotedArgument(field, options);
  }
  const t = unqualified(type);
  switch (t.kind) {
    case 'integer':
      if (t.name === '_Bool') return plain(INT);
      if (t.name === 'char' || t.name === 'short') return { type: INT, fromUnsigned: !t.signed && t.plainChar !== true };
      return plain(integer(t.name, t.signed));
    case 'enum': {
      const underlying = enumInteger(t);
      return plain(underlying ?? { ...INT, eitherSign: true });
    }
    case 'floating':
      return plain(t.name === 'float' ? { kind: 'floating', name: 'double' } : t);
    default:
      return plain({ kind: 'other' });
  }
}

/** gcc's type_promotes_to(t) is `int` for an unsigned t: an unsigned type narrower than int (a `_Bool`, a 3-bit field too). */
function promotesUnsigned(from: CType | BitField): boolean {
  if (from.kind === 'bitfield') {
    const declared = unqualified(from.of);
    const underlying = declared.kind === 'enum' ? enumInteger(declared) : declared.kind === 'integer' ? integer(declared.name, declared.signed) : null;
    return underlying !== null && !underlying.signed && from.width < 32;
  }
  const t = unqualified(from);
  if (t.kind !== 'integer') return false;
  return t.name === '_Bool' || ((t.name === 'char' || t.name === 'short') && !t.signed && t.plainChar !== true);
}

function pointee(type: ArgumentType): Promoted {
  if (type.kind === 'promotion') return pointee(type.of);
  return { type: type.kind === 'bitfield' ? { kind: 'other' } : gtypeOf(type), fromUnsigned: false };
}

/** The pointer an argument is after array and function decay, or null. */
function decayed(type: ArgumentType): { readonly to: CType; readonly constTarget: boolean } | null {
  if (type.kind === 'promotion') return decayed(type.of);
  if (type.kind === 'bitfield') return null;
  const t = unqualified(type);
  if (t.kind === 'pointer') return { to: t.to, constTarget: t.constTarget === true };
  if (t.kind === 'array') return { to: t.of, constTarget: false };
  if (t.kind === 'function') return { to: t, constTarget: false };
  return null;
}

function sameInteger(a: Integer, b: Integer): boolean {
  return a.name === b.name && a.signed === b.signed && a.plainChar === b.plainChar;
}

/** gcc's types_compatible_p for the types printf formats meet; an enum is compatible with its integer type. */
function compatible(wanted: GType, cur: GType): boolean {
  if (wanted.kind === 'integer') {
    if (cur.kind === 'integer') {
      if (cur.eitherSign) return wanted.name === 'int' && !wanted.plainChar;
      return sameInteger(wanted, cur);
    }
    if (cur.kind === 'enum') return cur.underlying ? sameInteger(wanted, cur.underlying) : wanted.name === 'int';
    return false;
  }
  if (wanted.kind === 'floating') return cur.kind === 'floating' && cur.name === wanted.name;
  if (wanted.kind === 'void') return cur.kind === 'void';
  return false;
}

/** gcc's c_common_signed_type / c_common_unsigned_type, for INTEGER_TYPEs (not _Bool, not enums). */
function withSign(type: Integer, signed: boolean): Integer | null {
  return type.name === '_Bool' ? null : integer(type.name, signed);
}

/** gcc's check_format_types for one argument: `level` 1 when `type` is what a pointer argument points to. */
function matches(wanted: GType, level: 0 | 1, type: ArgumentType, options: CompatOptions, charLenient: boolean): boolean {
  const { type: cur, fromUnsigned } = level === 0 ? promotedArgument(type, options) : pointee(type);
  const isChar = charLenient && cur.kind === 'integer' && cur.name === 'char';
  if (compatible(wanted, cur)) return true;
  // "If we want 'void *', allow any pointer type" (without -Wpedantic).
  if (wanted.kind === 'void') return true;
  if (wanted.kind === 'integer' && cur.kind === 'integer') {
    if (!options.signedness || (level === 1 && isChar)) {
      const variant = withSign(cur, wanted.signed);
      if (variant && sameInteger(wanted, variant)) return true;
    }
    if (options.signedness && !wanted.signed && fromUnsigned) return true;
  }
  // "signed char", "unsigned char" and "char" are equivalent for `%s`.
  return wanted.kind === 'integer' && wanted.plainChar && isChar;
}

/** The argument's type as gcc's message gives it (quoted) or as its label under the argument does (`quote` ''). */
function describeType(type: ArgumentType, quote = "'"): string {
  if (type.kind === 'promotion') return describeType(type.of, quote);
  if (type.kind === 'bitfield') return `${quote}${gccTypeName(type.of)}:${type.width}${quote}`;
  const passed = passedType(type);
  if (passed !== type) return `${quote}${gccTypeName(passed)}${quote}`;
  const written = `${quote}${gccTypeName(type)}${quote}`;
  return type.kind === 'typedef' ? `${written} {aka ${quote}${gccTypeName(unqualified(type))}${quote}}` : written;
}

/**
 * The type a variadic call passes: gcc names an argument by its type after
 * the default promotions (a `short` or an `unsigned char` as `int`, an enum
 * as its integer type, a `float` as `double`).
 */
function passedType(type: CType): CType {
  const t = unqualified(type);
  if (t.kind === 'integer' && (t.name === 'char' || t.name === 'short' || t.name === '_Bool')) return int('int');
  if (t.kind === 'floating' && t.name === 'float') return { kind: 'floating', name: 'double' };
  if (t.kind === 'enum') {
    const integral = enumInteger(t);
    return integral === null ? type : int(integral.name, integral.signed);
  }
  return type;
}

// ---------------------------------------------------------------------------
// Suggestions

const INTEGER_CONVERSIONS = new Set([...'diouxXbB']);
const FLOATING_CONVERSIONS = new Set([...'fFeEgGaA']);
const LENGTH_OF_TYPEDEF: Readonly<Record<string, string>> = { size_t: 'z', ssize_t: 'z', ptrdiff_t: 't', intmax_t: 'j', uintmax_t: 'j' };
const LENGTH_OF_INTEGER: Readonly<Record<IntegerName, string>> = { _Bool: '', char: '', short: '', int: '', long: 'l', 'long long': 'll' };

/** Conversion characters and lengths to try, best first. */
function candidates(conversion: Conversion, type: ArgumentType, options: CompatOptions): Array<readonly [string, string]> {
  const original = conversion.specifier;
  if (type.kind === 'promotion') return candidates(conversion, type.of, options);
  if (type.kind === 'bitfield') {
    const field = bitFieldType(type, options);
    return field.kind === 'bitfield' ? [] : candidates(conversion, field, options);
  }
  const t = unqualified(type);
  switch (t.kind) {
    case 'integer': {
      const lengths = [...typedefLengths(type), LENGTH_OF_INTEGER[t.name]];
      if (t.name === 'char' && t.plainChar && !INTEGER_CONVERSIONS.has(original)) return [['c', ''], ...integerCandidates(original, true, lengths)];
      return integerCandidates(original, t.signed && t.name !== '_Bool', lengths);
    }
    case 'enum': {
      const underlying = enumInteger(t);
      return integerCandidates(original, underlying?.signed ?? true, [underlying ? LENGTH_OF_INTEGER[underlying.name] : '']);
    }
    case 'floating': {
      const specifier = FLOATING_CONVERSIONS.has(original) ? original : 'f';
      return [[specifier, t.name === 'long double' ? 'L' : '']];
    }
    case 'pointer':
    case 'array': {
      const target = unqualified(t.kind === 'pointer' ? t.to : t.of);
      return target.kind === 'integer' && target.name === 'char'
        ? [
            ['s', ''],
            ['p', ''],
          ]
        : [['p', '']];
    }
    case 'function':
      return [['p', '']];
    default:
      return [];
  }
}

function typedefLengths(type: CType): string[] {
  const lengths: string[] = [];
  for (let t = type; t.kind === 'typedef'; t = t.target) {
    const length = LENGTH_OF_TYPEDEF[t.name];
    if (length !== undefined) lengths.push(length);
  }
  return lengths;
}

/** Keeps the radix (o, x, X, b, B) when it can; %d, %i and %u follow the type's signedness. */
function integerCandidates(original: string, signed: boolean, lengths: readonly string[]): Array<readonly [string, string]> {
  const natural = signed ? (original === 'i' ? 'i' : 'd') : 'u';
  const specifiers = INTEGER_CONVERSIONS.has(original) && !'diu'.includes(original) ? [original, natural] : [natural];
  specifiers.push(signed ? 'u' : 'd');
  return [...new Set(specifiers)].flatMap((s) => lengths.map((l) => [s, l] as const));
}

/** The directive with a new length and conversion character, flags it cannot take dropped; null if a `*` would be lost. */
function rebuild(conversion: Conversion, specifier: string, length: string): string | null {
  const spec = conversionSpec(specifier);
  if (!spec) return null;
  const takesWidth = spec.flags.includes('w');
  const takesPrecision = spec.flags.includes('p');
  if ((conversion.width === '*' && !takesWidth) || (conversion.precision === '*' && !takesPrecision)) return null;
  const precision = takesPrecision ? conversion.precision : null;
  let flags = [...new Set(conversion.flags)].filter((f) => spec.flags.includes(f));
  if (flags.includes('-') || (spec.integer && precision !== null)) flags = flags.filter((f) => f !== '0');
  if (flags.includes('+')) flags = flags.filter((f) => f !== ' ');
  const width = takesWidth && conversion.width !== null ? String(conversion.width) : '';
  return `%${flags.join('')}${width}${precision === null ? '' : `.${precision}`}${length}${specifier}`;
}
