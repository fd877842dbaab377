/**
 * The arguments of the gcc oracle: each a C declaration (or expression) and the
 * type kmark gives it, per ABI.
 */
import { int, pointerTo, typedef, VOID, type CType, type IntegerName } from '../../src/ctypes/types.js';
import type { ArgumentType } from '../../src/format/compat.js';
import type { Abi } from '../../src/model/abi.js';

export interface Subject {
  /** The C expression passed to printf. */
  readonly expr: string;
  readonly type: (abi: Abi) => ArgumentType;
  /** Only for these ABIs (a 40-bit bit-field of a 32-bit long does not compile). */
  readonly abis?: readonly Abi[];
  /** Why kmark's type is less exact than gcc's, so that kmark may accept what gcc warns about. */
  readonly inexact?: string;
}

const word = (abi: Abi, signed: boolean): CType => int(abi === 'lp64' ? 'long' : 'int', signed);
const int64 = (abi: Abi, signed: boolean): CType => int(abi === 'lp64' ? 'long' : 'long long', signed);
const PLAIN_CHAR: CType = { kind: 'integer', name: 'char', signed: true, plainChar: true };
const FLOAT: CType = { kind: 'floating', name: 'float' };
const DOUBLE: CType = { kind: 'floating', name: 'double' };
const LONG_DOUBLE: CType = { kind: 'floating', name: 'long double' };
const constPointerTo = (to: CType): CType => ({ kind: 'pointer', to, constTarget: true });
const arrayOf = (of: CType, length: number): CType => ({ kind: 'array', of, length });
/** The enums of declarationsSource, with the integer type gcc gives each, as kmark's declaration layer resolves it. */
const ENUM_UNDERLYING: Readonly<Record<string, (abi: Abi) => CType>> = {
  pos: () => int('int', false),
  neg: () => int('int'),
  big: (abi) => int64(abi, false),
  mid: (abi) => int64(abi, true),
};
const enumType = (tag: string, abi: Abi): CType => ({ kind: 'enum', tag, underlying: ENUM_UNDERLYING[tag]!(abi) });
const struct = (tag: string): CType => ({ kind: 'record', union: false, tag });
const FUNCTION: CType = { kind: 'function', returns: VOID, params: [], variadic: false };

/** The C library typedefs as glibc defines them on x86-64 and i386. */
export const SYSTEM_TYPEDEFS: ReadonlyArray<readonly [string, (abi: Abi) => CType]> = [
  ['size_t', (abi) => word(abi, false)],
  ['ssize_t', (abi) => word(abi, true)],
  ['ptrdiff_t', (abi) => word(abi, true)],
  ['intptr_t', (abi) => word(abi, true)],
  ['uintptr_t', (abi) => word(abi, false)],
  ['intmax_t', (abi) => int64(abi, true)],
  ['uintmax_t', (abi) => int64(abi, false)],
  ['int8_t', () => int('char')],
  ['uint8_t', () => int('char', false)],
  ['int16_t', () => int('short')],
  ['uint16_t', () => int('short', false)],
  ['int32_t', () => int('int')],
  ['uint32_t', () => int('int', false)],
  ['int64_t', (abi) => int64(abi, true)],
  ['uint64_t', (abi) => int64(abi, false)],
  ['wchar_t', (abi) => int(abi === 'lp64' ? 'int' : 'long')],
  ['wint_t', () => int('int', false)],
];

/** Kernel-style typedefs, declared in the generated C from the same CType. */
const KERNEL_TYPEDEFS: ReadonlyArray<readonly [string, CType]> = [
  ['u8', int('char', false)],
  ['s8', int('char')],
  ['u16', int('short', false)],
  ['s16', int('short')],
  ['u32', int('int', false)],
  ['s32', int('int')],
  ['u64', int('long long', false)],
  ['s64', int('long long')],
  ['bool', int('_Bool', false)],
];

const INTEGERS: ReadonlyArray<readonly [string, IntegerName, boolean]> = [
  ['_Bool', '_Bool', false],
  ['signed char', 'char', true],
  ['unsigned char', 'char', false],
  ['short', 'short', true],
  ['unsigned short', 'short', false],
  ['int', 'int', true],
  ['unsigned int', 'int', false],
  ['long', 'long', true],
  ['unsigned long', 'long', false],
  ['long long', 'long long', true],
  ['unsigned long long', 'long long', false],
];

interface Declared {
  readonly name: string;
  readonly decl: string;
  readonly type: (abi: Abi) => CType;
  readonly inexact?: string;
}

const ident = (c: string): string => c.replace(/[^A-Za-z0-9]+/g, '_');

/** Global variables: `name` is the variable, `decl` its declaration. */
function declarations(): Declared[] {
  const out: Declared[] = [];
  const add = (name: string, decl: string, type: (abi: Abi) => CType, inexact?: string): void => void out.push({ name, decl, type, ...(inexact ? { inexact } : {}) });
  add('v_char', 'char v_char;', () => PLAIN_CHAR);
  for (const [c, name, signed] of INTEGERS) add(`v_${ident(c)}`, `${c} v_${ident(c)};`, () => int(name, signed));
  add('v_float', 'float v_float;', () => FLOAT);
  add('v_double', 'double v_double;', () => DOUBLE);
  add('v_long_double', 'long double v_long_double;', () => LONG_DOUBLE);
  for (const [name, type] of SYSTEM_TYPEDEFS) add(`v_${name}`, `${name} v_${name};`, (abi) => typedef(name, type(abi)));
  for (const [name, type] of KERNEL_TYPEDEFS) add(`v_${name}`, `${name} v_${name};`, () => typedef(name, type));
  for (const tag of ['pos', 'neg', 'big', 'mid']) add(`v_enum_${tag}`, `enum ${tag} v_enum_${tag};`, (abi) => enumType(tag, abi));
  add('v_struct', 'struct S v_struct;', () => struct('S'));
  add('v_union', 'union U v_union;', () => ({ kind: 'record', union: true, tag: 'U' }));
  // Qualifiers do not matter to gcc (TYPE_MAIN_VARIANT); kmark's types drop them.
  add('v_const_ulong', 'const unsigned long v_const_ulong;', () => int('long', false));
  add('v_volatile_short', 'volatile short v_volatile_short;', () => int('short'));
  add('v_string_t', 'string_t v_string_t;', () => typedef('string_t', pointerTo(PLAIN_CHAR)));
  // An enum kmark could not resolve: no `underlying`, so either sign passes.
  add('v_enum_unresolved', 'enum pos v_enum_unresolved;', () => ({ kind: 'enum', tag: 'pos' }), 'an enum whose enumerators kmark has not seen passes as int or unsigned int');
  add('v_pos_t', 'pos_t v_pos_t;', (abi) => typedef('pos_t', enumType('pos', abi)));
  // Pointers and arrays.
  const pointers: ReadonlyArray<readonly [string, string, (abi: Abi) => CType]> = [
    ['char *', 'p_char', () => pointerTo(PLAIN_CHAR)],
    ['const char *', 'p_const_char', () => constPointerTo(PLAIN_CHAR)],
    ['signed char *', 'p_schar', () => pointerTo(int('char'))],
    ['unsigned char *', 'p_uchar', () => pointerTo(int('char', false))],
    ['u8 *', 'p_u8', () => pointerTo(typedef('u8', int('char', false)))],
    ['int8_t *', 'p_int8', () => pointerTo(typedef('int8_t', int('char')))],
    ['_Bool *', 'p_bool', () => pointerTo(int('_Bool', false))],
    ['void *', 'p_void', () => pointerTo(VOID)],
    ['const void *', 'p_const_void', () => constPointerTo(VOID)],
    ['short *', 'p_short', () => pointerTo(int('short'))],
    ['int *', 'p_int', () => pointerTo(int('int'))],
    ['const int *', 'p_const_int', () => constPointerTo(int('int'))],
    ['unsigned int *', 'p_uint', () => pointerTo(int('int', false))],
    ['long *', 'p_long', () => pointerTo(int('long'))],
    ['unsigned long *', 'p_ulong', () => pointerTo(int('long', false))],
    ['long long *', 'p_llong', () => pointerTo(int('long long'))],
    ['size_t *', 'p_size_t', (abi) => pointerTo(typedef('size_t', word(abi, false)))],
    ['ssize_t *', 'p_ssize_t', (abi) => pointerTo(typedef('ssize_t', word(abi, true)))],
    ['intmax_t *', 'p_intmax_t', (abi) => pointerTo(typedef('intmax_t', int64(abi, true)))],
    ['wchar_t *', 'p_wchar_t', (abi) => pointerTo(typedef('wchar_t', int(abi === 'lp64' ? 'int' : 'long')))],
    ['enum pos *', 'p_enum_pos', (abi) => pointerTo(enumType('pos', abi))],
    ['enum neg *', 'p_enum_neg', (abi) => pointerTo(enumType('neg', abi))],
    ['double *', 'p_double', () => pointerTo(DOUBLE)],
    ['const volatile char *', 'p_cv_char', () => constPointerTo(PLAIN_CHAR)],
    ['const unsigned char *', 'p_const_uchar', () => constPointerTo(int('char', false))],
    ['long double *', 'p_long_double', () => pointerTo(LONG_DOUBLE)],
    ['union U *', 'p_union', () => pointerTo({ kind: 'record', union: true, tag: 'U' })],
    ['char **', 'p_p_char', () => pointerTo(pointerTo(PLAIN_CHAR))],
    ['struct S *', 'p_struct', () => pointerTo(struct('S'))],
  ];
  for (const [c, name, type] of pointers) add(name, `${c.replace(/\s*\*+$/, '')} ${c.slice(c.search(/\*/))}${name};`, type);
  add('p_fn', 'void (*p_fn)(void);', () => pointerTo(FUNCTION));
  add('p_array', 'char (*p_array)[10];', () => pointerTo(arrayOf(PLAIN_CHAR, 10)));
  add('a_char', 'char a_char[10];', () => arrayOf(PLAIN_CHAR, 10));
  add('a_uchar', 'unsigned char a_uchar[4];', () => arrayOf(int('char', false), 4));
  add('a_int', 'int a_int[4];', () => arrayOf(int('int'), 4));
  return out;
}

const BIT_FIELDS: ReadonlyArray<readonly [string, string, number, (abi: Abi) => CType, (readonly Abi[])?]> = [
  ['unsigned', 'b_u3', 3, () => int('int', false)],
  ['int', 'b_s3', 3, () => int('int')],
  ['unsigned', 'b_u31', 31, () => int('int', false)],
  ['unsigned', 'b_u32', 32, () => int('int', false)],
  ['int', 'b_s32', 32, () => int('int')],
  ['unsigned char', 'b_uc3', 3, () => int('char', false)],
  ['unsigned char', 'b_uc8', 8, () => int('char', false)],
  ['unsigned short', 'b_us16', 16, () => int('short', false)],
  ['_Bool', 'b_bool', 1, () => int('_Bool', false)],
  ['unsigned long', 'b_ul3', 3, () => int('long', false)],
  ['unsigned long', 'b_ul32', 32, () => int('long', false)],
  ['long', 'b_l32', 32, () => int('long')],
  ['unsigned long', 'b_ul40', 40, () => int('long', false), ['lp64']],
  ['long', 'b_l40', 40, () => int('long'), ['lp64']],
  ['unsigned long', 'b_ul64', 64, () => int('long', false), ['lp64']],
  ['unsigned long long', 'b_ull33', 33, () => int('long long', false)],
  ['long long', 'b_ll32', 32, () => int('long long')],
  ['unsigned long long', 'b_ull64', 64, () => int('long long', false)],
  ['enum pos', 'b_enum4', 4, (abi) => enumType('pos', abi)],
  ['enum pos', 'b_enum32', 32, (abi) => enumType('pos', abi)],
  ['enum neg', 'b_enumneg32', 32, (abi) => enumType('neg', abi)],
];

/** The C declarations every oracle file starts with (after the prelude), for one ABI. */
export function declarationsSource(abi: Abi): string {
  const fields = BIT_FIELDS.filter(([, , , , abis]) => !abis || abis.includes(abi)).map(([c, name, width]) => `  ${c} ${name} : ${width};`);
  return [
    ...KERNEL_TYPEDEFS.map(([name, type]) => `typedef ${cTypeName(type)} ${name};`),
    'enum pos { POS_A, POS_B };',
    'enum neg { NEG_A = -1, NEG_B };',
    'enum big { BIG_A, BIG_B = 0x100000000 };',
    'enum mid { MID_A = -1, MID_B = 0x80000000 };',
    'struct S { int x; };',
    'union U { int x; float f; };',
    'typedef char *string_t;',
    'typedef enum pos pos_t;',
    `struct B {\n${fields.join('\n')}\n} bits;`,
    'void fn(void);',
    ...declarations().map((d) => d.decl),
    '',
  ].join('\n');
}

function cTypeName(type: CType): string {
  if (type.kind !== 'integer') throw new Error('kernel typedefs are integers');
  if (type.name === '_Bool') return '_Bool';
  if (type.name === 'char') return type.signed ? 'signed char' : 'unsigned char';
  return type.signed ? type.name : `unsigned ${type.name}`;
}

/** Every argument the oracle tries. */
export function subjects(abi: Abi): Subject[] {
  const out: Subject[] = declarations().map((d) => ({ expr: d.name, type: d.type, ...(d.inexact ? { inexact: d.inexact } : {}) }));
  for (const [, name, width, of, abis] of BIT_FIELDS) {
    if (!abis || abis.includes(abi)) out.push({ expr: `bits.${name}`, type: (a) => ({ kind: 'bitfield', of: of(a), width }) });
  }
  out.push(
    { expr: '"text"', type: () => arrayOf(PLAIN_CHAR, 5) },
    { expr: 'fn', type: () => FUNCTION },
    { expr: '&a_char', type: () => pointerTo(arrayOf(PLAIN_CHAR, 10)) },
    { expr: '(void *)0', type: () => pointerTo(VOID) },
    { expr: '0', type: () => int('int') },
    { expr: "'a'", type: () => int('int') },
    { expr: '1.0f', type: () => FLOAT },
    { expr: 'v_unsigned_char + v_unsigned_char', type: () => int('int') },
    { expr: '(unsigned char)v_int', type: () => int('char', false) },
    { expr: '(unsigned short)v_long', type: () => int('short', false) },
    { expr: '(long)v_int', type: () => int('long') },
    { expr: 'sizeof v_int', type: (a) => typedef('size_t', word(a, false)) },
  );
  return out;
}
