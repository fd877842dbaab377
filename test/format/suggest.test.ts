/** suggestConversion: the fix offered with a format-type finding must be one gcc accepts. */
import { describe, expect, it } from 'vitest';
import { int, pointerTo, typedef, VOID, type CType } from '../../src/ctypes/types.js';
import { checkConversionArgument, consumedArguments, suggestConversion, type ArgumentType, type CompatOptions } from '../../src/format/compat.js';
import { conversionFor } from '../../src/format/conversion-for-type.js';
import { parseFormat, type Conversion } from '../../src/format/parse.js';
import { cString, gccSupports, prelude, systemHeaders, warningsPerStatement, type GccMode } from './gcc-harness.js';
import { calls } from './matrix.js';
import { declarationsSource, subjects, type Subject } from './subjects.js';

const LP64: CompatOptions = { abi: 'lp64', signedness: false };
const ILP32: CompatOptions = { abi: 'ilp32', signedness: false };
const SIGNEDNESS: CompatOptions = { abi: 'lp64', signedness: true };

const one = (format: string): Conversion => {
  const conversion = parseFormat(format).conversions[0];
  if (!conversion) throw new Error(`no conversion in ${format}`);
  return conversion;
};
const PLAIN_CHAR: CType = { kind: 'integer', name: 'char', signed: true, plainChar: true };
const u64 = typedef('u64', int('long long', false));
const sizeT = (options: CompatOptions): CType => typedef('size_t', int(options.abi === 'lp64' ? 'long' : 'int', false));

describe('suggestConversion', () => {
  const cases: ReadonlyArray<readonly [string, ArgumentType, CompatOptions, string | null]> = [
    ['%5d', u64, LP64, '%5llu'],
    ['%5d', u64, ILP32, '%5llu'],
    ['%-8x', u64, LP64, '%-8llx'],
    ['%d', int('long'), LP64, '%ld'],
    ['%u', sizeT(LP64), LP64, '%zu'],
    ['%u', sizeT(ILP32), ILP32, '%zu'],
    ['%lu', sizeT(ILP32), ILP32, '%zu'],
    ['%d', typedef('ssize_t', int('long')), LP64, '%zd'],
    ['%ld', typedef('ptrdiff_t', int('int')), ILP32, '%td'],
    ['%08.3d', int('long long'), LP64, '%8.3lld'],
    ['%+d', int('long', false), LP64, '%lu'],
    ['%s', int('int'), LP64, '%d'],
    ['%s', PLAIN_CHAR, LP64, '%c'],
    ['%d', pointerTo(PLAIN_CHAR), LP64, '%s'],
    ['%-20d', pointerTo(PLAIN_CHAR), LP64, '%-20s'],
    ['%.5d', pointerTo(VOID), LP64, '%p'],
    ['%.*s', pointerTo(VOID), LP64, null],
    ['%s', pointerTo(int('int')), LP64, '%p'],
    ['%f', { kind: 'floating', name: 'long double' }, LP64, '%Lf'],
    ['%10.3Le', { kind: 'floating', name: 'double' }, LP64, '%10.3e'],
    ['%d', { kind: 'floating', name: 'float' }, LP64, '%f'],
    ['%u', int('int'), SIGNEDNESS, '%d'],
    ['%#x', int('long'), SIGNEDNESS, '%ld'],
    ['%#x', int('long'), LP64, '%#lx'],
    ['%lu', { kind: 'enum', tag: 'pos', underlying: int('int', false) }, LP64, '%u'],
    ['%c', int('long'), LP64, '%ld'],
    ['%d', { kind: 'record', union: false, tag: 'S' }, LP64, null],
    ['%lu', { kind: 'bitfield', of: int('long', false), width: 40 }, LP64, null],
    ['%lu', { kind: 'bitfield', of: int('long', false), width: 3 }, LP64, '%d'],
    ['%n', int('long'), LP64, null],
  ];
  it.each(cases)('%s with %j', (format, type, options, suggestion) => {
    expect(suggestConversion(one(format), type, options)).toBe(suggestion);
  });
});

const MODES: readonly GccMode[] = [
  { abi: 'lp64', signedness: false },
  { abi: 'lp64', signedness: true },
  { abi: 'ilp32', signedness: false },
  { abi: 'ilp32', signedness: true },
];

interface Fixed {
  readonly statement: string;
  readonly from: string;
}

/** Every call of the oracle whose one value argument kmark rejects, rewritten with the suggestion. */
function fixedCalls(mode: GccMode): { fixed: Fixed[]; unfixable: string[] } {
  const options: CompatOptions = { abi: mode.abi, signedness: mode.signedness };
  const fixed: Fixed[] = [];
  const unfixable: string[] = [];
  for (const call of calls(mode.abi, { flags: false })) {
    const parsed = parseFormat(call.format);
    const consumed = consumedArguments(parsed.conversions);
    if (parsed.problems.length > 0 || consumed.length !== call.args.length) continue;
    consumed.forEach(({ conversion, role }, k) => {
      const arg = call.args[k]!;
      if (role !== 'value' || conversion.specifier === 'n' || arg.inexact) return;
      if (checkConversionArgument(conversion, role, arg.type(mode.abi), options).ok) return;
      const suggestion = suggestConversion(conversion, arg.type(mode.abi), options);
      if (suggestion === null) {
        unfixable.push(`${call.format} ${arg.expr}`);
        return;
      }
      const format = call.format.slice(0, conversion.start) + suggestion + call.format.slice(conversion.end);
      fixed.push({ statement: `printf(${[cString(format), ...call.args.map((a) => a.expr)].join(', ')});`, from: `${call.format} → ${format}` });
    });
  }
  return { fixed, unfixable };
}

/** Arguments no printf conversion prints: a struct or union, a 33..63-bit bit-field; or a `*` the only fitting conversion cannot take. */
const UNFIXABLE = /^(%\S*\s(v_struct|v_union|bits\.b_ul40|bits\.b_l40|bits\.b_ull33)|%-\.\*s .*)$/;

describe.skipIf(!gccSupports('lp64'))('suggestions compile warning-free with gcc', () => {
  for (const mode of MODES) {
    const name = `${mode.abi}${mode.signedness ? ' -Wformat-signedness' : ''}`;
    it.skipIf(!gccSupports(mode.abi))(name, async () => {
      const { fixed, unfixable } = fixedCalls(mode);
      const prefix = prelude(systemHeaders(mode.abi)) + declarationsSource(mode.abi);
      const gcc = await warningsPerStatement(
        prefix,
        fixed.map((f) => f.statement),
        mode,
      );
      const warned = fixed.flatMap((f, k) => (gcc[k]!.length > 0 ? [`${f.from}: ${gcc[k]!.join('; ')}`] : []));
      console.log(`suggestions ${name}: ${fixed.length - warned.length}/${fixed.length} compile clean, ${unfixable.length} mismatches without a suggestion`);
      expect(warned.slice(0, 20)).toEqual([]);
      expect(unfixable.filter((u) => !UNFIXABLE.test(u))).toEqual([]);
    });
  }
});

describe.skipIf(!gccSupports('lp64'))('conversionFor (the catalog conversion) compiles warning-free with gcc', () => {
  for (const mode of MODES) {
    it.skipIf(!gccSupports(mode.abi))(`${mode.abi}${mode.signedness ? ' -Wformat-signedness' : ''}`, async () => {
      const typed = subjects(mode.abi).flatMap((s: Subject) => {
        if (s.inexact) return [];
        const type = s.type(mode.abi);
        const conversion = type.kind === 'bitfield' || type.kind === 'promotion' ? null : conversionFor(type);
        return conversion ? [{ s, conversion }] : [];
      });
      const prefix = prelude(systemHeaders(mode.abi)) + declarationsSource(mode.abi);
      const gcc = await warningsPerStatement(
        prefix,
        typed.map(({ s, conversion }) => `printf(${cString(conversion)}, ${s.expr});`),
        mode,
      );
      expect(typed.flatMap(({ s, conversion }, k) => (gcc[k]!.length > 0 ? [`${conversion} ${s.expr}: ${gcc[k]!.join('; ')}`] : []))).toEqual([]);
    });
  }
});
