/**
 * What -Wformat-signedness sees of an integer argument (src/ctypes/gcc-tree.ts):
 * gcc accepts `%u` for an `int` argument whose tree, as gcc builds and folds
 * it, is a NOP_EXPR widening an unsigned type that promotes to `int`. Each
 * case is an expression with gcc 12's verdict on `printf("%u", expr)` under
 * `-Wformat -Wformat-signedness` (LP64), checked against kmark's type model
 * and format rules always, and against gcc when it is installed.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argumentType } from '../../src/check/argument-types.js';
import { checkConversionArgument } from '../../src/format/compat.js';
import { parseFormat } from '../../src/format/parse.js';
import { gccSupports, modeFlags } from '../format/gcc-harness.js';
import { checkSpans, modelOf, show, writeTree } from './harness.js';

const DECLARATIONS = `int printf(const char *, ...);
typedef unsigned char u8; typedef _Bool bool_t; typedef const _Bool cbool_t;
enum pos { P0, P1 }; enum neg { N0 = -1 };
struct s { _Bool b; unsigned u3 : 3; enum pos e : 3; unsigned u8f : 8; int i3 : 3; _Bool fl[2]; };
extern unsigned char uc, uc2; extern unsigned short us; extern signed char sc; extern int i, j;
extern _Bool b, b2; extern bool_t bt; extern const _Bool cb; extern volatile _Bool vb; extern cbool_t cbt;
extern u8 t8; extern const unsigned char cuc; extern enum pos ep;
extern struct s S; extern const struct s CS; extern const struct s *csp; extern volatile struct s VS;
extern const _Bool *cbp; extern const _Bool cba[2];
int f2(void);
`;

/** The cases are arguments in a function with these parameters. */
const PARAMETERS = 'const _Bool pb, volatile unsigned short pvs, unsigned char pc';

/** An expression and gcc's verdict on `printf("%u", expression)`: `.` silent, `W` a warning. */
const CASES: ReadonlyArray<readonly [string, '.' | 'W']> = [
  // A value of an unsigned char or short is widened by a NOP_EXPR; a _Bool, a 3-bit field by a CONVERT_EXPR.
  ['uc', '.'],
  ['t8', '.'],
  ['us', '.'],
  ['S.u8f', '.'],
  ['b', 'W'],
  ['bt', 'W'],
  ['S.b', 'W'],
  ['S.u3', 'W'],
  ['S.e', 'W'],
  ['S.i3', 'W'],
  // A const or volatile object is read through a NOP_EXPR to its unqualified type, which the widening then folds into.
  ['cb', '.'],
  ['vb', '.'],
  ['pb', '.'],
  ['pvs', '.'],
  ['pc', '.'],
  ['cbt', '.'],
  ['cuc', '.'],
  ['CS.b', '.'],
  ['csp->b', '.'],
  ['VS.b', '.'],
  ['CS.u3', '.'],
  ['csp->u3', '.'],
  ['csp->e', '.'],
  ['*cbp', '.'],
  ['cba[0]', '.'],
  ['csp->fl[1]', '.'],
  ['S.fl[1]', 'W'],
  // Casts: widening conversions fold into the promotion unless they change a narrower value's signedness.
  ['(int)us', '.'],
  ['(short)uc', '.'],
  ['(char)uc', 'W'],
  ['(unsigned char)i', '.'],
  ['(enum neg)uc', '.'],
  ['(int)ep', 'W'],
  ['(int)b', 'W'],
  ['(short)b', '.'],
  ['(signed char)b', '.'],
  ['(int)cb', '.'],
  ['(_Bool)b', 'W'],
  ['(bool_t)bt', '.'],
  ['(_Bool)i', 'W'],
  // A constant is an int constant, whatever it was cast to.
  ['(u8)5', 'W'],
  ['(unsigned char)2.5', 'W'],
  ['uc = 5', 'W'],
  // gcc computes / % & | ^ in the narrower type both operands extend, or one does and the other is a constant that fits (shorten_binary_op).
  ['uc / 1', '.'],
  ['uc / 3', '.'],
  ['uc / i', 'W'],
  ['uc % 3', '.'],
  ['us | us', '.'],
  ['uc | uc2', '.'],
  ['us | uc', 'W'],
  ['11 ^ us', '.'],
  ['us ^ 70000', 'W'],
  // …and `x >> c` below x's precision; a left shift, + - * never.
  ['uc >> 1', '.'],
  ['uc >> 8', 'W'],
  ['uc >> i', 'W'],
  ['uc << 1', 'W'],
  ['uc + 1', 'W'],
  ['uc + uc', 'W'],
  // Folding: x + 0, x * 1, x & all-ones are x; x / x, x ^ x, x | all-ones constants; x % 2^k and x & c an `&` in int.
  ['uc + 0', '.'],
  ['uc * 1', '.'],
  ['uc & 255', '.'],
  ['uc & -1', '.'],
  ['uc / uc', 'W'],
  ['uc ^ uc', 'W'],
  ['uc | 255', 'W'],
  ['uc % 8', 'W'],
  ['uc % 256', '.'],
  ['uc & 3', 'W'],
  // Shortening looks at the operands as built, before folding.
  ['(uc + 0) / 3', 'W'],
  ['(1 ? uc : i) / 3', 'W'],
  // `|` and `^` of two values widened from one type are the widened `|` of them (`&` is not).
  ['b | b2', '.'],
  ['cb | b', '.'],
  ['cb & b', 'W'],
  ['b | b', 'W'],
  ['b ^ 1', '.'],
  ['cb & 1', '.'],
  ['cb | vb', 'W'],
  // Unary operators: +x only promotes; -(-x) and ~~x fold away; !b stays a _Bool; `|` of truth values is a _Bool.
  ['+uc', '.'],
  ['+b', 'W'],
  ['-uc', 'W'],
  ['-(-uc)', '.'],
  ['~uc', 'W'],
  ['~~uc', '.'],
  ['!b', '.'],
  ['!cb', '.'],
  ['!uc', 'W'],
  ['!!b', 'W'],
  ['!(b ^ b2)', 'W'],
  ['!b | !b2', '.'],
  ['(i > 0) | (j > 0)', '.'],
  ['(i > 0) ^ (j > 0)', 'W'],
  // ?: promotes both arms: equal arms or a constant condition fold to one; otherwise the COND_EXPR is no conversion.
  ['i ? uc : uc', '.'],
  ['i ? cb : cb', '.'],
  ['i ? uc : t8', 'W'],
  ['i ? uc : us', 'W'],
  ['i ? uc : i', 'W'],
  ['1 ? uc : i', '.'],
  ['0 ? i : uc', '.'],
  ['0x1p4 ? uc : i', '.'],
  ['i ? (unsigned short)uc : uc', '.'],
  // A conversion of ?: goes into both arms, and comes back out when both convert from one type (under -fsyntax-only).
  ['(unsigned char)(i ? uc : us)', '.'],
  ['(unsigned char)(i ? uc : t8)', 'W'],
  // A comma whose left operand has side effects (a call, an assignment, a volatile read) stays on top; a compound assignment with a side effect on its right too.
  ['(i, us)', '.'],
  ['(f2(), us)', 'W'],
  ['(us = i, us)', 'W'],
  ['(vb, us)', 'W'],
  ['(f2(), uc) / 3', 'W'],
  ['us = i', '.'],
  ['us |= i', '.'],
  ['us |= f2()', 'W'],
  ['us++', '.'],
  ['b++', 'W'],
  // A statement expression is its last expression when that is all of it, else a temporary of its type.
  ['({ uc / 3; })', '.'],
  ['({ int t = 0; uc / 3; })', 'W'],
  ['({ const _Bool t = b; t; })', 'W'],
];

const U = parseFormat('%u').conversions[0]!;

/** The cases as arguments of `call` (`CHECK`, `printf("%u", `), one a line. */
const source = (call: string): string => `${DECLARATIONS}void f(${PARAMETERS})\n{\n${CASES.map(([e]) => `  ${call}${e});\n`).join('')}}\n`;

function kmarkVerdicts(): Array<{ readonly verdict: string; readonly seen: string }> {
  const text = source('CHECK(');
  const model = modelOf(writeTree({ 'main.c': text }));
  return checkSpans('main.c', text).map(({ span }) => {
    const resolved = model.typeOfExpressionAt('main.c', span);
    const type = argumentType(resolved);
    const ok = type !== null && checkConversionArgument(U, 'value', type, { abi: 'lp64', signedness: true }).ok;
    const from = 'promotedFrom' in resolved && resolved.promotedFrom ? show(resolved.promotedFrom) : 'nothing';
    return { verdict: ok ? '.' : 'W', seen: `${show(resolved)}, widened from ${from}` };
  });
}

describe('%u under -Wformat-signedness: the folded tree gcc checks', () => {
  it(`kmark, ${CASES.length} expressions`, () => {
    const kmark = kmarkVerdicts();
    const wrong = CASES.flatMap(([e, verdict], k) => (kmark[k]!.verdict === verdict ? [] : [`${e}: gcc ${verdict}, kmark ${kmark[k]!.verdict} (${kmark[k]!.seen})`]));
    expect(wrong).toEqual([]);
  });

  it.runIf(gccSupports('lp64'))(`gcc, ${CASES.length} expressions`, () => {
    const text = source('printf("%u", ');
    const file = join(writeTree({ 'oracle.c': text }), 'oracle.c');
    const gcc = spawnSync('gcc', [...modeFlags({ abi: 'lp64', signedness: true }), file], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    const warnings = new Map<number, string>();
    for (const line of gcc.stderr.split('\n')) {
      const match = /oracle\.c:(\d+):\d+: (warning|error): (.*)$/.exec(line);
      if (match?.[2] === 'error') throw new Error(`gcc: ${line}`);
      if (match) warnings.set(Number(match[1]), match[3]!);
    }
    const firstLine = text.split('\n').indexOf('{') + 2;
    const wrong = CASES.flatMap(([e, verdict], k) => {
      const warning = warnings.get(firstLine + k);
      return (warning ? 'W' : '.') === verdict ? [] : [`${e}: recorded ${verdict}, gcc says ${warning ?? 'nothing'}`];
    });
    expect(wrong).toEqual([]);
  });
});
