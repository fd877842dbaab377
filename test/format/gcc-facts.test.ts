/**
 * The rules docs/format-rules.md states, one printf call each, with the verdict
 * gcc 12 gives in each mode. Every row is checked against kmark always, and
 * against gcc when it is installed (ILP32 rows need `gcc -m32 -fsyntax-only`,
 * which works without gcc-multilib).
 */
import { describe, expect, it } from 'vitest';
import { checkConversionArgument, consumedArguments, type CompatOptions } from '../../src/format/compat.js';
import { parseFormat } from '../../src/format/parse.js';

import { cString, gccSupports, prelude, systemHeaders, warningsPerStatement, type GccMode } from './gcc-harness.js';
import { declarationsSource, subjects } from './subjects.js';

/**
 * format, arguments, verdicts in the order LP64, LP64 -Wformat-signedness,
 * ILP32, ILP32 -Wformat-signedness: `.` gcc is silent, `W` gcc warns.
 */
const FACTS: ReadonlyArray<readonly [string, readonly string[], string]> = [
  // Integer promotions: char, short and _Bool arrive as int; gcc also promotes what %hd / %hhd ask for.
  ['%d', ['v_short'], '....'],
  ['%d', ['v_char'], '....'],
  ['%d', ['v__Bool'], '....'],
  ['%hd', ['v_int'], '....'],
  ['%hhd', ['v_int'], '....'],
  ['%hhd', ['v_long'], 'WWWW'],
  ['%hu', ['v_unsigned_int'], '.W.W'],
  ['%hhu', ['v_signed_char'], '....'],
  // Signedness: accepted unless -Wformat-signedness.
  ['%u', ['v_int'], '.W.W'],
  ['%d', ['v_unsigned_int'], '.W.W'],
  ['%x', ['v_long'], 'WWWW'],
  ['%lx', ['v_long'], '.W.W'],
  // Under -Wformat-signedness an unsigned char/short promoted to int still passes for %u; _Bool and narrow bit-fields do not.
  ['%u', ['v_unsigned_char'], '....'],
  ['%u', ['v_unsigned_short'], '....'],
  ['%d', ['v_unsigned_short'], '....'],
  ['%u', ['v_signed_char'], '.W.W'],
  ['%u', ['v__Bool'], '.W.W'],
  ['%u', ['bits.b_u3'], '.W.W'],
  ['%u', ['bits.b_uc8'], '....'],
  // …and, a gcc quirk, for any unsigned conversion: %lu with an unsigned short passes only with -Wformat-signedness.
  ['%lu', ['v_unsigned_short'], 'W.W.'],
  // Same size is not enough: long and long long differ, so do int and long on ILP32.
  ['%d', ['v_long'], 'WWWW'],
  ['%ld', ['v_long_long'], 'WWWW'],
  ['%ld', ['v_int'], 'WWWW'],
  ['%lld', ['v_u64'], '.W.W'],
  ['%llu', ['v_uint64_t'], 'WW..'],
  ['%lu', ['v_uint64_t'], '..WW'],
  // size_t is unsigned long on LP64, unsigned int on ILP32.
  ['%lu', ['v_size_t'], '..WW'],
  ['%u', ['v_size_t'], 'WW..'],
  ['%zu', ['v_unsigned_long'], '..WW'],
  ['%zu', ['v_size_t'], '....'],
  ['%zd', ['v_size_t'], '.W.W'],
  ['%zd', ['v_ssize_t'], '....'],
  ['%Zu', ['v_size_t'], '....'],
  ['%td', ['v_ptrdiff_t'], '....'],
  ['%jd', ['v_intmax_t'], '....'],
  ['%Ld', ['v_long_long'], '....'],
  ['%qu', ['v_unsigned_long_long'], '....'],
  // Enums are their integer type: unsigned int without negative enumerators.
  ['%d', ['v_enum_pos'], '.W.W'],
  ['%u', ['v_enum_pos'], '....'],
  ['%d', ['v_enum_neg'], '....'],
  ['%u', ['v_enum_neg'], '.W.W'],
  ['%lu', ['v_enum_big'], '..WW'],
  // Bit-fields: the declared type at full width (long is 32 bits on ILP32), else the standard type of their width, else a type of their own.
  ['%d', ['bits.b_l32'], '..WW'],
  ['%lu', ['bits.b_ul3'], 'WWWW'],
  ['%lu', ['bits.b_ul40'], 'WW--'],
  ['%llu', ['bits.b_ull33'], 'WWWW'],
  // Floating: float arrives as double; long double only with L.
  ['%f', ['v_float'], '....'],
  ['%lf', ['v_double'], '....'],
  ['%Lf', ['v_double'], 'WWWW'],
  ['%f', ['v_long_double'], 'WWWW'],
  ['%f', ['v_int'], 'WWWW'],
  ['%d', ['v_double'], 'WWWW'],
  ['%Hf', ['v_double'], 'WWWW'],
  // %c takes an int; %lc a wint_t (unsigned int).
  ['%c', ['v_char'], '....'],
  ['%c', ['v_unsigned_int'], '.W.W'],
  ['%lc', ['v_int'], '.W.W'],
  // %s: a pointer to any character type, arrays decayed; nothing else.
  ['%s', ['p_char'], '....'],
  ['%s', ['p_const_char'], '....'],
  ['%s', ['p_schar'], '....'],
  ['%s', ['p_uchar'], '....'],
  ['%s', ['p_u8'], '....'],
  ['%s', ['a_char'], '....'],
  ['%s', ['"text"'], '....'],
  ['%s', ['p_void'], 'WWWW'],
  ['%s', ['p_int'], 'WWWW'],
  ['%s', ['p_bool'], 'WWWW'],
  ['%s', ['p_p_char'], 'WWWW'],
  ['%s', ['&a_char'], 'WWWW'],
  ['%s', ['v_char'], 'WWWW'],
  // %ls: wchar_t is int on x86-64 but long on i386.
  ['%ls', ['p_int'], '..WW'],
  ['%ls', ['p_uint'], '.WWW'],
  ['%ls', ['p_wchar_t'], '....'],
  // %p: any pointer, function pointers included; kernel extensions are %p to gcc.
  ['%p', ['p_int'], '....'],
  ['%p', ['p_fn'], '....'],
  ['%p', ['fn'], '....'],
  ['%p', ['a_int'], '....'],
  ['%p', ['p_const_void'], '....'],
  ['%p', ['v_unsigned_long'], 'WWWW'],
  ['%p', ['0'], 'WWWW'],
  ['%pS', ['p_fn'], '....'],
  ['%pI4', ['p_uchar'], '....'],
  ['%pK', ['v_unsigned_long'], 'WWWW'],
  // `*` width and precision take an int.
  ['%*d', ['v_int', 'v_int'], '....'],
  ['%*d', ['v_unsigned_char', 'v_int'], '....'],
  ['%*d', ['v_unsigned_int', 'v_int'], '.W.W'],
  ['%*d', ['v_size_t', 'v_int'], 'WW.W'],
  ['%*d', ['v_long', 'v_int'], 'WWWW'],
  ['%.*s', ['v_size_t', 'p_char'], 'WW.W'],
  ['%.*s', ['v_int', 'p_char'], '....'],
  // %% and %m take nothing.
  ['100%%', [], '....'],
  ['%m', [], '....'],
  // The format itself.
  ['%hhs', ['p_char'], 'WWWW'],
  ['%lp', ['p_void'], 'WWWW'],
  ['%Lc', ['v_int'], 'WWWW'],
  ['%hf', ['v_double'], 'WWWW'],
  ['%#d', ['v_int'], 'WWWW'],
  ['%+u', ['v_unsigned_int'], 'WWWW'],
  ['%#x', ['v_unsigned_int'], '....'],
  ["%'d", ['v_int'], '....'],
  ["%'x", ['v_unsigned_int'], 'WWWW'],
  ['%-0d', ['v_int'], 'WWWW'],
  ['% +d', ['v_int'], 'WWWW'],
  ['%--d', ['v_int'], 'WWWW'],
  ['%05.2d', ['v_int'], 'WWWW'],
  ['%05.2f', ['v_double'], '....'],
  ['%.3c', ['v_int'], 'WWWW'],
  ['%0s', ['p_char'], 'WWWW'],
  ['%.2p', ['p_void'], 'WWWW'],
  ['%-16p', ['p_void'], '....'],
  ['%5%', [], 'WWWW'],
  ['%y', [], 'WWWW'],
  ['%', [], 'WWWW'],
  ['%b', ['v_unsigned_int'], '....'],
  // An empty format (-Wformat-zero-length, part of -Wformat): gcc checks nothing else, extra arguments included.
  ['', [], 'WWWW'],
  ['', ['v_int'], 'WWWW'],
  ['\0', [], 'WWWW'],
  // Argument count.
  ['%d %d', ['v_int'], 'WWWW'],
  ['%d', ['v_int', 'v_int'], 'WWWW'],
];

const MODES: readonly GccMode[] = [
  { abi: 'lp64', signedness: false },
  { abi: 'lp64', signedness: true },
  { abi: 'ilp32', signedness: false },
  { abi: 'ilp32', signedness: true },
];

function kmarkWarns(format: string, args: readonly string[], mode: GccMode): boolean {
  const all = subjects(mode.abi);
  const parsed = parseFormat(format);
  const consumed = consumedArguments(parsed.conversions);
  if (parsed.problems.length > 0 || consumed.length !== args.length) return true;
  const options: CompatOptions = { abi: mode.abi, signedness: mode.signedness };
  return consumed.some(({ conversion, role }, k) => {
    const subject = all.find((s) => s.expr === args[k]);
    if (!subject) throw new Error(`no subject ${args[k]}`);
    return !checkConversionArgument(conversion, role, subject.type(mode.abi), options).ok;
  });
}

const modeName = (mode: GccMode): string => `${mode.abi}${mode.signedness ? ' -Wformat-signedness' : ''}`;
const rows = (index: number): typeof FACTS => FACTS.filter(([, , verdicts]) => verdicts[index] !== '-');
const expected = (warns: boolean): string => (warns ? 'W' : '.');

describe('the documented format rules', () => {
  MODES.forEach((mode, index) => {
    it(`kmark, ${modeName(mode)}`, () => {
      const wrong = rows(index)
        .filter(([format, args, verdicts]) => expected(kmarkWarns(format, args, mode)) !== verdicts[index])
        .map(([format, args, verdicts]) => `printf("${format}", ${args.join(', ')}) should be ${verdicts[index]}`);
      expect(wrong).toEqual([]);
    });
    it.skipIf(!gccSupports(mode.abi))(`gcc, ${modeName(mode)}`, async () => {
      const list = rows(index);
      const prefix = prelude(systemHeaders(mode.abi)) + declarationsSource(mode.abi);
      const gcc = await warningsPerStatement(
        prefix,
        list.map(([format, args]) => `printf(${[cString(format), ...args].join(', ')});`),
        mode,
      );
      const wrong = list.flatMap(([format, args, verdicts], k) => (expected(gcc[k]!.length > 0) === verdicts[index] ? [] : [`printf("${format}", ${args.join(', ')}) should be ${verdicts[index]}: ${gcc[k]!.join('; ') || 'gcc is silent'}`]));
      expect(wrong).toEqual([]);
    });
  });
});
