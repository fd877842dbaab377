/** Writing types as C (typeToString, declaration) and gcc's usual arithmetic conversions as a table. */
import { describe, expect, it } from 'vitest';
import { commonType, integerLiteralType, promote } from '../../src/ctypes/arithmetic.js';
import { declaration, int, PLAIN_CHAR, pointerTo, sameType, typedef, typeToString, VOID, type CType } from '../../src/ctypes/types.js';

const fn = (returns: CType, params: CType[] | null, variadic = false): CType => ({ kind: 'function', returns, params, variadic });
const array = (of: CType, length: number | null, constElements = false): CType => ({ kind: 'array', of, length, ...(constElements ? { constElements } : {}) });

describe('typeToString and declaration', () => {
  it.each<[CType, string, string]>([
    [int('long', false), 'unsigned long', 'unsigned long x'],
    [PLAIN_CHAR, 'char', 'char x'],
    [int('char'), 'signed char', 'signed char x'],
    [pointerTo(PLAIN_CHAR, true), 'const char *', 'const char *x'],
    [pointerTo(pointerTo(PLAIN_CHAR), true), 'char *const *', 'char *const *x'],
    [pointerTo(pointerTo(PLAIN_CHAR, true), true), 'const char *const *', 'const char *const *x'],
    [array(int('int'), 4), 'int[4]', 'int x[4]'],
    [pointerTo(array(int('int'), 8)), 'int (*)[8]', 'int (*x)[8]'],
    [pointerTo(fn(int('int'), [int('int')])), 'int (*)(int)', 'int (*x)(int)'],
    [pointerTo(pointerTo(fn(VOID, []))), 'void (**)(void)', 'void (**x)(void)'],
    [fn(int('long'), null), 'long ()', 'long x()'],
    [pointerTo(fn(int('int'), [pointerTo(PLAIN_CHAR, true)], true)), 'int (*)(const char *, ...)', 'int (*x)(const char *, ...)'],
    [array(pointerTo(PLAIN_CHAR, true), 2, true), 'const char *const [2]', 'const char *const x[2]'],
    [pointerTo(typedef('u64', int('long long', false))), 'u64 *', 'u64 *x'],
    [{ kind: 'record', union: true, tag: null }, 'union <anonymous>', 'union <anonymous> x'],
  ])('%#: %s', (type, text, declared) => {
    expect(typeToString(type)).toBe(text);
    expect(declaration(type, 'x')).toBe(declared);
  });
});

describe('usual arithmetic conversions (gcc c_common_type)', () => {
  const u32 = typedef('u32', int('int', false));
  const size = typedef('size_t', int('long', false));
  it.each<[string, CType, CType, string, 'lp64' | 'ilp32']>([
    ['int, unsigned', int('int'), int('int', false), 'unsigned int', 'lp64'],
    ['u32, int keeps u32', u32, int('int'), 'u32', 'lp64'],
    ['int, u32 keeps u32', int('int'), u32, 'u32', 'lp64'],
    ['size_t, int keeps size_t', size, int('int'), 'size_t', 'lp64'],
    ['size_t, unsigned long is plain', size, int('long', false), 'unsigned long', 'lp64'],
    ['long, unsigned int on LP64', int('long'), int('int', false), 'long', 'lp64'],
    ['long, unsigned int on ILP32', int('long'), int('int', false), 'unsigned long', 'ilp32'],
    ['long long, unsigned long on LP64', int('long long'), int('long', false), 'unsigned long long', 'lp64'],
    ['float, long', { kind: 'floating', name: 'float' }, int('long'), 'float', 'lp64'],
    ['double, long double', { kind: 'floating', name: 'double' }, { kind: 'floating', name: 'long double' }, 'long double', 'lp64'],
  ])('%s', (_, a, b, expected, abi) => {
    expect(typeToString(commonType(promote({ type: a }, abi), promote({ type: b }, abi), abi).type)).toBe(expected);
  });

  it('promotes narrow types and narrow bit-fields to int, keeps wide bit-fields', () => {
    expect(typeToString(promote({ type: typedef('u8', int('char', false)) }, 'lp64').type)).toBe('int');
    expect(promote({ type: int('int', false), bitWidth: 3 }, 'lp64')).toEqual({ type: int('int') });
    expect(promote({ type: int('long', false), bitWidth: 40 }, 'lp64')).toEqual({ type: int('long', false), bitWidth: 40 });
    expect(sameType(promote({ type: { kind: 'enum', tag: 'e', underlying: int('int') } }, 'lp64').type, int('int'))).toBe(true);
  });

  it('types integer literals by value, base and suffix', () => {
    const t = (text: string, abi: 'lp64' | 'ilp32' = 'lp64'): string => {
      const type = integerLiteralType(text, abi);
      return type ? typeToString(type) : 'null';
    };
    expect([t('0x80000000'), t('2147483648'), t('2147483648', 'ilp32'), t('1uLL'), t('1lul'), t('08x')]).toEqual(['unsigned int', 'long', 'long long', 'unsigned long long', 'null', 'null']);
  });
});
