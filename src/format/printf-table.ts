/**
 * gcc's `gnu_printf` table (gcc/c-family/c-format.cc, gcc 12): for each
 * conversion character, the flags it accepts and the type each length
 * modifier asks for. parse.ts reports what this table forbids; compat.ts
 * checks arguments against the wanted types.
 */
import type { IntegerName } from '../ctypes/types.js';
import type { LengthModifier } from './parse.js';

/** gcc's length index: `q` reads as `ll` and `Z` as `z`. */
export type LengthKey = '' | 'hh' | 'h' | 'l' | 'll' | 'L' | 'z' | 't' | 'j' | 'H' | 'D' | 'DD';

/** The types gcc names by role: resolved per ABI in compat.ts. */
export type AbiTypeName = 'size_t' | 'signed size_t' | 'ptrdiff_t' | 'unsigned ptrdiff_t' | 'intmax_t' | 'uintmax_t' | 'wchar_t' | 'wint_t';

export type WantedType =
  | { readonly kind: 'integer'; readonly name: IntegerName; readonly signed: boolean; readonly plainChar?: true }
  | { readonly kind: 'abi'; readonly name: AbiTypeName }
  | { readonly kind: 'floating'; readonly name: 'double' | 'long double' }
  | { readonly kind: 'decimal'; readonly name: '_Decimal32' | '_Decimal64' | '_Decimal128' }
  | { readonly kind: 'void' };

export interface ConversionSpec {
  /**
   * gcc's flag letters the conversion accepts: `-`, `0`, ` `, `+`, `#`, `'`,
   * `I`, plus `w` for a field width and `p` for a precision.
   */
  readonly flags: string;
  /** 1 when the argument is a pointer to the wanted type (`%s`, `%p`, `%n`). */
  readonly pointerCount: 0 | 1;
  /** gcc's `i`: the `0` flag is ignored when a precision is given. */
  readonly integer: boolean;
  /** gcc's `c`: a pointer to any character type passes for `char *` (and for `void *`). */
  readonly charLenient: boolean;
  /** gcc's `W`: the conversion writes through its argument (`%n`). */
  readonly writes: boolean;
  /** False for `%m`, which prints strerror(errno) and takes no argument. */
  readonly takesArgument: boolean;
  /** The wanted type per length; a length that is absent is "BADLEN" for gcc. */
  readonly wanted: Readonly<Partial<Record<LengthKey, WantedType>>>;
}

const integer = (name: IntegerName, signed: boolean): WantedType => ({ kind: 'integer', name, signed });
const abi = (name: AbiTypeName): WantedType => ({ kind: 'abi', name });
const DOUBLE: WantedType = { kind: 'floating', name: 'double' };
const LONG_DOUBLE: WantedType = { kind: 'floating', name: 'long double' };
const VOID: WantedType = { kind: 'void' };
const CHAR: WantedType = { kind: 'integer', name: 'char', signed: true, plainChar: true };

const SIGNED: ConversionSpec['wanted'] = {
  '': integer('int', true),
  hh: integer('char', true),
  h: integer('short', true),
  l: integer('long', true),
  ll: integer('long long', true),
  L: integer('long long', true),
  z: abi('signed size_t'),
  t: abi('ptrdiff_t'),
  j: abi('intmax_t'),
};
const UNSIGNED: ConversionSpec['wanted'] = {
  '': integer('int', false),
  hh: integer('char', false),
  h: integer('short', false),
  l: integer('long', false),
  ll: integer('long long', false),
  L: integer('long long', false),
  z: abi('size_t'),
  t: abi('unsigned ptrdiff_t'),
  j: abi('uintmax_t'),
};
const FLOATING: ConversionSpec['wanted'] = {
  '': DOUBLE,
  l: DOUBLE,
  L: LONG_DOUBLE,
  H: { kind: 'decimal', name: '_Decimal32' },
  D: { kind: 'decimal', name: '_Decimal64' },
  DD: { kind: 'decimal', name: '_Decimal128' },
};
const WRITTEN: ConversionSpec['wanted'] = {
  '': integer('int', true),
  hh: integer('char', true),
  h: integer('short', true),
  l: integer('long', true),
  ll: integer('long long', true),
  z: abi('signed size_t'),
  t: abi('ptrdiff_t'),
  j: abi('intmax_t'),
};

const spec = (flags: string, wanted: ConversionSpec['wanted'], more: Partial<ConversionSpec> = {}): ConversionSpec => ({
  flags,
  wanted,
  pointerCount: 0,
  integer: false,
  charLenient: false,
  writes: false,
  takesArgument: true,
  ...more,
});

const TABLE: ReadonlyArray<readonly [string, ConversionSpec]> = [
  ['di', spec("-wp0 +'I", SIGNED, { integer: true })],
  ['oxX', spec('-wp0#', UNSIGNED, { integer: true })],
  ['u', spec("-wp0'I", UNSIGNED, { integer: true })],
  ['bB', spec('-wp0#', UNSIGNED, { integer: true })],
  ['fgGF', spec("-wp0 +#'I", FLOATING)],
  ['eE', spec('-wp0 +#I', FLOATING)],
  ['aA', spec('-wp0 +#', FLOATING)],
  ['c', spec('-w', { '': integer('int', true), l: abi('wint_t') })],
  ['s', spec('-wp', { '': CHAR, l: abi('wchar_t') }, { pointerCount: 1, charLenient: true })],
  ['p', spec('-w', { '': VOID }, { pointerCount: 1, charLenient: true })],
  ['n', spec('', WRITTEN, { pointerCount: 1, writes: true })],
  ['C', spec('-w', { '': abi('wint_t') })],
  ['S', spec('-wp', { '': abi('wchar_t') }, { pointerCount: 1 })],
  ['m', spec('-wp', { '': VOID }, { takesArgument: false })],
];

const BY_CHARACTER: ReadonlyMap<string, ConversionSpec> = new Map(TABLE.flatMap(([characters, s]) => [...characters].map((c): [string, ConversionSpec] => [c, s])));

/** The conversion characters gcc knows for printf. */
export const CONVERSION_CHARACTERS: ReadonlySet<string> = new Set(BY_CHARACTER.keys());

export function conversionSpec(character: string): ConversionSpec | undefined {
  return BY_CHARACTER.get(character);
}

/** gcc's length modifiers, longest first where one is a prefix of another. */
export const LENGTH_MODIFIERS = ['hh', 'h', 'll', 'l', 'q', 'L', 'z', 'Z', 't', 'j', 'H', 'DD', 'D'] as const;

const LENGTH_KEYS: Readonly<Record<LengthModifier, LengthKey>> = {
  '': '',
  hh: 'hh',
  h: 'h',
  l: 'l',
  ll: 'll',
  q: 'll',
  L: 'L',
  z: 'z',
  Z: 'z',
  t: 't',
  j: 'j',
  H: 'H',
  D: 'D',
  DD: 'DD',
};

export function lengthKey(length: LengthModifier): LengthKey {
  return LENGTH_KEYS[length];
}

/** How gcc names a flag letter in its messages. */
export function flagName(flag: string): string {
  if (flag === 'w') return 'field width';
  if (flag === 'p') return 'precision';
  return `'${flag}' flag`;
}

/** The printf flag characters, in no particular order. */
export const FLAG_CHARACTERS: ReadonlySet<string> = new Set([..."-+ #0'I"]);
