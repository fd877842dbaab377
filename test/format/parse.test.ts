/** parseFormat: directives as gcc reads them, and the format problems gcc -Wformat warns about. */
import { describe, expect, it } from 'vitest';
import { fieldNames, parseFormat } from '../../src/format/parse.js';

describe('parseFormat reads directives', () => {
  it('takes flags, `*` width and precision, and a length', () => {
    const { conversions, problems } = parseFormat('v %-+*.*lld!');
    expect(problems).toEqual([]);
    expect(conversions).toEqual([{ text: '%-+*.*lld', start: 2, end: 11, flags: '-+', width: '*', precision: '*', length: 'll', specifier: 'd', pointerExtension: '', label: 'v' }]);
  });

  it('reads every gcc length modifier, q and Z included', () => {
    const lengths = ['%hhd', '%hd', '%ld', '%lld', '%qd', '%Ld', '%zd', '%Zd', '%td', '%jd', '%Hf', '%Df', '%DDf'].map((f) => parseFormat(f).conversions[0]?.length);
    expect(lengths).toEqual(['hh', 'h', 'l', 'll', 'q', 'L', 'z', 'Z', 't', 'j', 'H', 'D', 'DD']);
  });

  it('takes the kernel %p extension letters as part of the directive', () => {
    const { conversions } = parseFormat('caller %pS ip %pI4 at %-16pK.');
    expect(conversions.map((c) => [c.text, c.pointerExtension])).toEqual([
      ['%pS', 'S'],
      ['%pI4', 'I4'],
      ['%-16pK', 'K'],
    ]);
  });

  it('skips %% and lists %m (which takes no argument)', () => {
    expect(parseFormat('100%% %m %d').conversions.map((c) => c.text)).toEqual(['%m', '%d']);
  });

  it('reads an empty precision as 0', () => {
    expect(parseFormat('%.d').conversions[0]?.precision).toBe(0);
  });

  it('names fields by the word before each conversion', () => {
    expect(fieldNames(parseFormat('prev_pid %d prev_state=%ld %s').conversions)).toEqual(['prev_pid', 'prev_state', 'arg3']);
  });
});

describe('parseFormat reports what gcc -Wformat warns about in the format', () => {
  const cases: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['%d %i %u %x %#o %b %c %s %p %f %Lf %e %a %C %S %m %n %%', []],
    ["%'d %I5u % d %+.3e %#g %-5c %.3s %-16p %lc %ls %jd %zu %td %hhx %Lg %qd %Zu", []],
    ['%05.2f %-5.*s %*.*d', []],
    ['%hhs', ["use of 'hh' length modifier with 's' type character has either no effect or undefined behavior"]],
    ['%lp', ["use of 'l' length modifier with 'p' type character has either no effect or undefined behavior"]],
    ['%Lc', ["use of 'L' length modifier with 'c' type character has either no effect or undefined behavior"]],
    ['%hf', ["use of 'h' length modifier with 'f' type character has either no effect or undefined behavior"]],
    ['%Ln', ["use of 'L' length modifier with 'n' type character has either no effect or undefined behavior"]],
    ['%Dd', ["use of 'D' length modifier with 'd' type character has either no effect or undefined behavior"]],
    ['%#d', ["'#' flag used with '%d' format"]],
    ['%+u', ["'+' flag used with '%u' format"]],
    ['% x', ["' ' flag used with '%x' format"]],
    ["%'x", ["''' flag used with '%x' format"]],
    ["%'e", ["''' flag used with '%e' format"]],
    ['%Ia', ["'I' flag used with '%a' format"]],
    ['%0s', ["'0' flag used with '%s' format"]],
    ['%0c', ["'0' flag used with '%c' format"]],
    ['%.3c', ["precision used with '%c' format"]],
    ['%.2p', ["precision used with '%p' format"]],
    ['%5n', ["field width used with '%n' format"]],
    ['%#m', ["'#' flag used with '%m' format"]],
    ['%--d', ["repeated '-' flag in format"]],
    ['%-0d', ["'0' flag ignored with '-' flag in format"]],
    ['% +d', ["' ' flag ignored with '+' flag in format"]],
    ['%05.2d', ["'0' flag ignored with precision and '%d' format"]],
    ['%0.*x', ["'0' flag ignored with precision and '%x' format"]],
    ['%#0.2d', ["'#' flag used with '%d' format", "'0' flag ignored with precision and '%d' format"]],
    ['%0-.3c', ["'0' flag used with '%c' format", "precision used with '%c' format"]],
    ['%y', ["unknown conversion type character 'y' in format"]],
    ['%hhhd', ["unknown conversion type character 'h' in format"]],
    ['abc %', ["spurious trailing '%' in format"]],
    ['%-5', ['conversion lacks type at end of format']],
    ['%5%', ['conversion lacks type at end of format', "spurious trailing '%' in format"]],
    ['a\0%d', ["embedded '\\0' in format"]],
    ['', ['zero-length format string']],
    ['\0', ["embedded '\\0' in format"]],
    ['%1$d', ["operand number '1$' in format: kmark needs the arguments in order"]],
    ['%*2$d', ["operand number '2$' in format: kmark needs the arguments in order"]],
  ];
  it.each(cases)('%j', (format, messages) => {
    expect(parseFormat(format).problems.map((p) => p.message)).toEqual(messages);
  });

  it('points a problem at its directive', () => {
    expect(parseFormat('x=%#d y=%y').problems.map((p) => [p.start, p.end])).toEqual([
      [2, 5],
      [8, 10],
    ]);
  });

  it('still lists a directive with a bad flag or length, which takes its argument', () => {
    expect(parseFormat('%#d %hhs').conversions.map((c) => c.text)).toEqual(['%#d', '%hhs']);
  });

  it('stops at an embedded NUL, as gcc does', () => {
    expect(parseFormat('%d\0%s').conversions.map((c) => c.text)).toEqual(['%d']);
  });
});
