/** The generated printf calls of the gcc oracle, and kmark's reading of each. */
import { checkConversionArgument, consumedArguments, type CompatOptions } from '../../src/format/compat.js';
import { parseFormat } from '../../src/format/parse.js';
import type { Abi } from '../../src/model/abi.js';
import { CONVERSION_CHARACTERS, LENGTH_MODIFIERS } from '../../src/format/printf-table.js';
import { cString } from './gcc-harness.js';
import { subjects, type Subject } from './subjects.js';

export interface Call {
  readonly format: string;
  readonly args: readonly Subject[];
}

function byExpr(all: readonly Subject[], expr: string): Subject {
  const found = all.find((s) => s.expr === expr);
  if (!found) throw new Error(`no subject ${expr}`);
  return found;
}

/** An argument of the right type for each conversion character, to test flags alone. */
const GOOD: Readonly<Record<string, string>> = {
  d: 'v_int',
  i: 'v_int',
  o: 'v_unsigned_int',
  u: 'v_unsigned_int',
  x: 'v_unsigned_int',
  X: 'v_unsigned_int',
  b: 'v_unsigned_int',
  B: 'v_unsigned_int',
  f: 'v_double',
  F: 'v_double',
  e: 'v_double',
  E: 'v_double',
  g: 'v_double',
  G: 'v_double',
  a: 'v_double',
  A: 'v_double',
  c: 'v_int',
  s: 'p_char',
  p: 'p_void',
  n: 'p_int',
  C: 'v_wint_t',
  S: 'p_wchar_t',
};

const FLAGS = ['-', '+', ' ', '#', '0', "'", 'I'];
const WIDTHS_AND_PRECISIONS = ['', '7', '.2', '.', '*', '.*', '7.2', '*.*'];

/** The calls for one ABI; `flags` adds every flag × width × precision combination, which depends on neither ABI nor signedness. */
export function calls(abi: Abi, { flags = true }: { readonly flags?: boolean } = {}): Call[] {
  const all = subjects(abi);
  const int = byExpr(all, 'v_int');
  const out: Call[] = [];
  const withArgs = (format: string, value: Subject | null): Call => {
    const args = consumedArguments(parseFormat(format).conversions).map(({ role }) => (role === 'value' && value ? value : int));
    return { format, args };
  };
  // Every conversion × length × argument.
  for (const specifier of CONVERSION_CHARACTERS) {
    for (const length of ['', ...LENGTH_MODIFIERS]) {
      const format = `%${length}${specifier}`;
      const parsed = parseFormat(format);
      if (parsed.problems.length > 0 || specifier === 'm') out.push(withArgs(format, int));
      else for (const subject of all) out.push(withArgs(format, subject));
    }
  }
  // `*` widths and precisions take every argument type.
  for (const subject of all) {
    out.push({ format: '%*d', args: [subject, int] });
    out.push({ format: '%-.*s', args: [subject, byExpr(all, 'p_char')] });
    out.push({ format: '%*.*lu', args: [int, subject, byExpr(all, 'v_unsigned_long')] });
    out.push({ format: 'x=%*hhs', args: [subject, byExpr(all, 'p_char')] });
  }
  // Flags, widths and precisions with a well-typed argument.
  const flagSets = ['', ...FLAGS, ...FLAGS.flatMap((a) => FLAGS.map((b) => a + b)), '-0+ #'];
  for (const specifier of flags ? CONVERSION_CHARACTERS : []) {
    const good = GOOD[specifier];
    for (const set of flagSets) {
      for (const wp of WIDTHS_AND_PRECISIONS) out.push(withArgs(`%${set}${wp}${specifier}`, good ? byExpr(all, good) : null));
    }
  }
  // Odd formats, kernel %p extensions, %%.
  const odd: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['%%', []],
    ['100%% %d', ['v_int']],
    ['%5%', []],
    ['%', []],
    ['abc %', []],
    ['%-', []],
    ['%5', []],
    ['%y', []],
    ['%hhhd', ['v_int']],
    ['%hld', ['v_long']],
    ['%pS', ['p_fn']],
    ['%pI4 %pM', ['p_uchar', 'p_uchar']],
    ['%-16pS', ['p_void']],
    ['%pK', ['v_unsigned_long']],
    ['%pS', ['v_unsigned_long']],
    ['%5%d', ['v_int']],
    ['%m %d', ['v_int']],
    ['%lm %d', ['v_int', 'v_int']],
    ['%d', []],
    ['%d', ['v_int', 'v_int']],
    ['%.*m', ['v_int']],
    ['%Lqd', ['v_long_long']],
    ['%qu', ['v_unsigned_long_long']],
    ['%Zd', ['v_ssize_t']],
    ['%Zu', ['v_size_t']],
    ['%ls %lc %S %C', ['p_wchar_t', 'v_wint_t', 'p_wchar_t', 'v_wint_t']],
    ['%s', ['"text"']],
    ['%c', ["'a'"]],
    ['%.0s%.10s', ['p_char', 'a_char']],
    ['a\0%d', ['v_int']],
    ['a\0b', []],
    ['%d\0%d', ['v_int']],
  ];
  for (const [format, args] of odd) out.push({ format, args: args.map((e) => byExpr(all, e)) });
  return out;
}

export const callText = (call: Call): string => `printf(${[cString(call.format), ...call.args.map((a) => a.expr)].join(', ')})`;

/** What kmark says about a call: format problems, an argument count that is off, argument mismatches. */
export function kmarkWarnings(call: Call, options: CompatOptions): string[] {
  const parsed = parseFormat(call.format);
  const warnings = parsed.problems.map((p) => p.message);
  const consumed = consumedArguments(parsed.conversions);
  if (consumed.length !== call.args.length) warnings.push(`format takes ${consumed.length} arguments, ${call.args.length} given`);
  consumed.forEach(({ conversion, role }, k) => {
    const arg = call.args[k];
    if (!arg) return;
    const verdict = checkConversionArgument(conversion, role, arg.type(options.abi), options, k + 2);
    if (!verdict.ok) warnings.push(verdict.message);
  });
  return warnings;
}
