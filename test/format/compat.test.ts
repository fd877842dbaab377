/** consumedArguments and checkConversionArgument: which arguments a format takes, and what is said about a mismatch. */
import { describe, expect, it } from 'vitest';
import { builtinTypedef } from '../../src/ctypes/builtins.js';
import { int, pointerTo, typedef, VOID, type CType } from '../../src/ctypes/types.js';
import { checkConversionArgument, consumedArguments, type CompatOptions, type Promotion } from '../../src/format/compat.js';
import { parseFormat, type Conversion } from '../../src/format/parse.js';

const LP64: CompatOptions = { abi: 'lp64', signedness: false };
const SIGNEDNESS: CompatOptions = { abi: 'lp64', signedness: true };

const one = (format: string): Conversion => {
  const conversion = parseFormat(format).conversions[0];
  if (!conversion) throw new Error(`no conversion in ${format}`);
  return conversion;
};
const roles = (format: string): string[] => consumedArguments(parseFormat(format).conversions).map(({ conversion, role }) => `${conversion.text}:${role}`);

describe('consumedArguments', () => {
  const cases: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['no conversions %%', []],
    ['%d %s', ['%d:value', '%s:value']],
    ['%*d', ['%*d:width', '%*d:value']],
    ['%.*s', ['%.*s:precision', '%.*s:value']],
    ['%-*.*lu|', ['%-*.*lu:width', '%-*.*lu:precision', '%-*.*lu:value']],
    ['%m %d', ['%d:value']],
    ['%*m', ['%*m:width']],
    // gcc skips one argument for a length the conversion does not take, even with %m.
    ['%hhs %lm', ['%hhs:value', '%lm:value']],
    ['%pS %pI4', ['%pS:value', '%pI4:value']],
    ['%n', ['%n:value']],
  ];
  it.each(cases)('%j', (format, expected) => {
    expect(roles(format)).toEqual(expected);
  });
});

describe('checkConversionArgument', () => {
  it('accepts a match', () => {
    expect(checkConversionArgument(one('%lu'), 'value', int('long', false), LP64)).toEqual({ ok: true });
  });

  it('says what was expected and what came, gcc-style, typedefs spelled out', () => {
    const sizeT = builtinTypedef('size_t', 'lp64')!;
    expect(checkConversionArgument(one('%5u'), 'value', sizeT, LP64, 3)).toEqual({
      ok: false,
      expected: 'unsigned int',
      actual: 'size_t {aka long unsigned int}',
      message: "format '%u' expects argument of type 'unsigned int', but argument 3 has type 'size_t' {aka 'long unsigned int'}",
    });
  });

  it('names the type gcc names for z, t, j and wide characters', () => {
    const expected = (format: string, type: CType): string => {
      const verdict = checkConversionArgument(one(format), 'value', type, LP64);
      return verdict.ok ? 'ok' : verdict.expected;
    };
    expect(expected('%zu', int('int'))).toBe('size_t');
    expect(expected('%zd', int('int'))).toBe('signed size_t');
    expect(expected('%tu', int('int'))).toBe('unsigned ptrdiff_t');
    expect(expected('%jd', int('int'))).toBe('intmax_t');
    expect(expected('%lc', int('long'))).toBe('wint_t');
    expect(expected('%ls', int('long'))).toBe('wchar_t *');
    expect(expected('%hd', int('long'))).toBe('int');
    expect(expected('%s', int('int'))).toBe('char *');
    expect(expected('%p', int('int'))).toBe('void *');
    expect(expected('%hhn', int('int'))).toBe('signed char *');
    expect(expected('%Hf', int('int'))).toBe('_Decimal32');
  });

  it('quotes the directive as gcc does, without flags, width or a kernel %p extension', () => {
    const verdict = checkConversionArgument(one('%pS'), 'value', int('long', false), LP64, 2);
    expect(verdict.ok ? '' : verdict.message).toBe("format '%p' expects argument of type 'void *', but argument 2 has type 'long unsigned int'");
  });

  it('checks `*` widths and precisions against int', () => {
    const verdict = checkConversionArgument(one('%.*s'), 'precision', typedef('size_t', int('long', false)), LP64, 2);
    expect(verdict.ok ? '' : verdict.message).toBe("field precision specifier '.*' expects argument of type 'int', but argument 2 has type 'size_t' {aka 'long unsigned int'}");
    expect(checkConversionArgument(one('%*d'), 'width', int('char', false), SIGNEDNESS).ok).toBe(true);
  });

  it('describes a bit-field by its width', () => {
    const verdict = checkConversionArgument(one('%lu'), 'value', { kind: 'bitfield', of: int('long', false), width: 40 }, LP64);
    expect(verdict.ok ? '' : verdict.actual).toBe('long unsigned int:40');
  });

  it('rejects writing through a pointer to const with %n', () => {
    const verdict = checkConversionArgument(one('%n'), 'value', { kind: 'pointer', to: int('int'), constTarget: true }, LP64, 2);
    expect(verdict.ok ? '' : verdict.message).toBe('writing into constant object (argument 2)');
  });

  it('checks no argument of a directive with a bad length (format-invalid reports it)', () => {
    expect(checkConversionArgument(one('%hhs'), 'value', int('long'), LP64).ok).toBe(true);
  });

  it('takes an enum as its integer type', () => {
    const pos: CType = { kind: 'enum', tag: 'pos', underlying: int('int', false) };
    expect(checkConversionArgument(one('%d'), 'value', pos, SIGNEDNESS).ok).toBe(false);
    expect(checkConversionArgument(one('%u'), 'value', pos, SIGNEDNESS).ok).toBe(true);
  });

  it('lets an enum it cannot resolve pass as int or unsigned int, even with -Wformat-signedness', () => {
    const unknown: CType = { kind: 'enum', tag: 'unknown' };
    for (const format of ['%d', '%u', '%x', '%c']) expect(checkConversionArgument(one(format), 'value', unknown, SIGNEDNESS).ok).toBe(true);
    expect(checkConversionArgument(one('%ld'), 'value', unknown, LP64).ok).toBe(false);
  });

  it('forgives signedness, with -Wformat-signedness, for an int gcc widens from an unsigned narrower type', () => {
    const ok = (format: string, from: Promotion['from'], of: Promotion['of'] = int('int')): boolean => checkConversionArgument(one(format), 'value', { kind: 'promotion', of, from }, SIGNEDNESS).ok;
    // `u8 / 3`, computed in unsigned char; `!cb`, a _Bool; a const 3-bit field.
    expect(ok('%u', int('char', false))).toBe(true);
    expect(ok('%u', int('_Bool', false))).toBe(true);
    expect(ok('%x', { kind: 'bitfield', of: int('int', false), width: 3 })).toBe(true);
    // gcc looks at no length: %lu passes too.
    expect(ok('%lu', int('short', false))).toBe(true);
    // `(f(), u8)`, `c ? u8 : u16`: no conversion gcc looks through; a signed origin; a wider argument.
    expect(ok('%u', null, int('char', false))).toBe(false);
    expect(ok('%u', null)).toBe(false);
    expect(ok('%u', int('char'))).toBe(false);
    expect(ok('%u', int('char', false), int('long'))).toBe(false);
    // The argument's type is still what it is: %d takes it.
    expect(ok('%d', null, int('char', false))).toBe(true);
    const verdict = checkConversionArgument(one('%u'), 'value', { kind: 'promotion', of: int('short', false), from: null }, SIGNEDNESS, 2);
    // gcc names it as the call passes it: promoted (test/report/gcc-labels.test.ts compares with gcc).
    expect(verdict.ok ? '' : verdict.actual).toBe('int');
  });

  it('decays arrays and functions to pointers', () => {
    expect(checkConversionArgument(one('%s'), 'value', { kind: 'array', of: int('char', false), length: 8 }, LP64).ok).toBe(true);
    expect(checkConversionArgument(one('%p'), 'value', { kind: 'function', returns: VOID, params: [], variadic: false }, LP64).ok).toBe(true);
    expect(checkConversionArgument(one('%s'), 'value', pointerTo(VOID), LP64).ok).toBe(false);
  });
});
