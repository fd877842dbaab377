/** Expression typing (docs/ctypes.md): literals, promotions and conversions per ABI, operators, casts, sizeof, ?:, comma. */
import { describe, expect, it } from 'vitest';
import { checkedTypes } from './harness.js';

const DECLARATIONS = `typedef unsigned char u8; typedef unsigned short u16; typedef unsigned int u32; typedef unsigned long long u64;
typedef long long s64;
struct point { int x, y; };
char c1, c2; signed char sc; unsigned char uc; short sh; unsigned short ush; int i; unsigned u; long l; unsigned long ul;
long long ll; unsigned long long ull; float fl; double d; long double ld; _Bool b;
u8 a8; u16 a16; u32 a32; u64 a64; s64 b64; size_t sz; ssize_t ssz;
int *ip; char *cp; const char *ccp; void *vp; struct point pt, *pp; int arr[8];
`;

/** [expression, LP64 type, ILP32 type (when it differs)] */
const CASES: ReadonlyArray<readonly [string, string, string?]> = [
  // integer literals: the first candidate type the value fits, per base and suffix
  ['0', 'int'],
  ['42', 'int'],
  ['42u', 'unsigned int'],
  ['42U', 'unsigned int'],
  ['42l', 'long'],
  ['42L', 'long'],
  ['42ul', 'unsigned long'],
  ['42UL', 'unsigned long'],
  ['42lu', 'unsigned long'],
  ['42ll', 'long long'],
  ['42LL', 'long long'],
  ['42ull', 'unsigned long long'],
  ['42uLL', 'unsigned long long'],
  ['2147483647', 'int'],
  ['2147483648', 'long', 'long long'],
  ['4294967296', 'long', 'long long'],
  ['0x7fffffff', 'int'],
  ['0x80000000', 'unsigned int'],
  ['0xffffffff', 'unsigned int'],
  ['0x100000000', 'long', 'long long'],
  ['0xffffffffffffffff', 'unsigned long', 'unsigned long long'],
  ['0x7fffffffffffffff', 'long', 'long long'],
  ['020000000000', 'unsigned int'],
  ['0x80000000L', 'long', 'unsigned long'],
  ['2147483648u', 'unsigned int'],
  ['4294967296u', 'unsigned long', 'unsigned long long'],
  ['0b1010', 'int'],
  ['-1', 'int'],
  ['-2147483648', 'long', 'long long'],
  ['18446744073709551615', 'unsigned long long'],
  // floating, character and string literals
  ['1.0', 'double'],
  ['1.0f', 'float'],
  ['1.0F', 'float'],
  ['1.0L', 'long double'],
  ['1e10', 'double'],
  ['.5', 'double'],
  ['0x1p-3', 'double'],
  ["'a'", 'int'],
  ["'\\n'", 'int'],
  ["L'a'", 'int', 'long'],
  ['"text"', 'char *'],
  ['"a" "b"', 'char *'],
  ['L"wide"', 'int *', 'long *'],
  // integer promotions and the usual arithmetic conversions
  ['(char)c1 + (char)c2', 'int'],
  ['c1 + c2', 'int'],
  ['uc + uc', 'int'],
  ['sh * ush', 'int'],
  ['a8 + a32', 'u32'],
  ['a8 + a8', 'int'],
  ['a16 + 1', 'int'],
  ['l + u', 'long', 'unsigned long'],
  ['u + l', 'long', 'unsigned long'],
  ['l + ul', 'unsigned long'],
  ['ll + u', 'long long'],
  ['ll + ul', 'unsigned long long', 'long long'],
  ['ull + i', 'unsigned long long'],
  ['a64 + b64', 'unsigned long long'],
  ['b64 + l', 'long long', 's64'],
  ['a64 + a8', 'u64'],
  ['l + ll', 'long long'],
  ['i + u', 'unsigned int'],
  ['u + i', 'unsigned int'],
  ['i + fl', 'float'],
  ['fl + d', 'double'],
  ['d + ld', 'long double'],
  ['sz + 1', 'size_t'],
  ['sz + i', 'size_t'],
  ['sz + ul', 'unsigned long', 'unsigned long'],
  ['sz + ssz', 'unsigned long', 'size_t'],
  ['b + b', 'int'],
  ['i % 3', 'int'],
  ['u & 0xff', 'unsigned int'],
  ['l | i', 'long'],
  ['a32 ^ a64', 'u64'],
  // unary operators
  ['-uc', 'int'],
  ['-u', 'unsigned int'],
  ['~a16', 'int'],
  ['~a64', 'u64'],
  ['-sz', 'size_t'],
  ['+c1', 'int'],
  ['!ip', 'int'],
  ['-fl', 'float'],
  ['*ip', 'int'],
  ['&i', 'int *'],
  ['&pt', 'struct point *'],
  ['&arr', 'int (*)[8]'],
  ['i++', 'int'],
  ['--a8', 'u8'],
  // comparison and logical operators are int; shifts take the promoted left operand
  ['i < l', 'int'],
  ['cp == 0', 'int'],
  ['ip != vp', 'int'],
  ['ll && d', 'int'],
  ['!sz', 'int'],
  ['a8 << 4', 'int'],
  ['ul >> i', 'unsigned long'],
  ['1 << ll', 'int'],
  ['sz << 1', 'size_t'],
  // pointer arithmetic
  ['ip + 1', 'int *'],
  ['1 + ip', 'int *'],
  ['ip - 1', 'int *'],
  ['ip - ip', 'ptrdiff_t'],
  ['arr + 2', 'int *'],
  ['cp - ccp', 'ptrdiff_t'],
  ['&arr[2] - arr', 'ptrdiff_t'],
  ['pp + 1', 'struct point *'],
  ['ip[3]', 'int'],
  ['3[ip]', 'int'],
  ['pp->y', 'int'],
  ['pt.x', 'int'],
  // casts
  ['(u8)i', 'u8'],
  ['(unsigned long)ip', 'unsigned long'],
  ['(void *)ip', 'void *'],
  ['(const char *)cp', 'const char *'],
  ['(struct point *)vp', 'struct point *'],
  ['(int (*)[8])0', 'int (*)[8]'],
  ['(long (*)(int, char *))0', 'long (*)(int, char *)'],
  ['(unsigned)-1', 'unsigned int'],
  ['(signed char)1', 'signed char'],
  ['(long double)1', 'long double'],
  ['(void)i', 'void'],
  // sizeof, _Alignof, offsetof
  ['sizeof i', 'size_t'],
  ['sizeof(struct point)', 'size_t'],
  ['sizeof(int[4])', 'size_t'],
  ['_Alignof(long)', 'size_t'],
  ['offsetof(struct point, y)', 'size_t'],
  ['sizeof(i) + 1', 'size_t'],
  ['sizeof unknown_thing', 'size_t'],
  // ?: and comma
  ['i ? i : u', 'unsigned int'],
  ['i ? a8 : a8', 'int'],
  ['i ? sz : sz', 'size_t'],
  ['i ? sz : ul', 'unsigned long', 'unsigned long'],
  ['i ? cp : 0', 'char *'],
  ['i ? 0 : cp', 'char *'],
  ['i ? cp : NULL', 'char *'],
  ['i ? vp : ip', 'void *'],
  ['i ? ccp : cp', 'const char *'],
  ['i ? pt : pt', 'struct point'],
  ['i ? l : d', 'double'],
  ['i ?: l', 'long'],
  ['i ? arr : ip', 'int *'],
  ['(i, l)', 'long'],
  ['(l, i, cp)', 'char *'],
  ['(i = l)', 'int'],
  ['sz += 2', 'size_t'],
  // compound literals, builtins, NULL, statement expressions
  ['(struct point){ 1, 2 }', 'struct point'],
  ['(int[]){ 1, 2, 3 }', 'int *'],
  ['__builtin_expect(i, 0)', 'long'],
  ['__builtin_expect(!!ip, 1)', 'long'],
  ['__builtin_constant_p(i)', 'int'],
  ['__builtin_bswap64(a64)', 'unsigned long', 'unsigned long long'],
  ['NULL', 'void *'],
  ['({ int t = 1; t + l; })', 'long'],
  ['__func__', 'const char *'],
  ['_Generic(l, long: cp, default: i)', 'char *'],
];

function run(abi: 'lp64' | 'ilp32'): string[] {
  const text = `${DECLARATIONS}void probe(void) {\n${CASES.map(([e]) => `  CHECK(${e});\n`).join('')}}\n`;
  return checkedTypes({ 'main.c': text }, 'main.c', { abi });
}

describe('expression types', () => {
  it('LP64', () => {
    expect(run('lp64')).toEqual(CASES.map(([e, lp64]) => `${e} → ${lp64}`));
  });
  it('ILP32: long and pointers are 4 bytes, size_t is unsigned int', () => {
    expect(run('ilp32')).toEqual(CASES.map(([e, lp64, ilp32]) => `${e} → ${ilp32 ?? lp64}`));
  });
});
