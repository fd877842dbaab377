/**
 * printf format strings, parsed the way gcc's -Wformat reads them, plus the
 * kernel's `%p` extensions (`%pS`, `%pI4`, …), which take one pointer each.
 */
import { conversionSpec, FLAG_CHARACTERS, flagName, LENGTH_MODIFIERS, lengthKey, type ConversionSpec } from './printf-table.js';

export type LengthModifier = '' | 'hh' | 'h' | 'l' | 'll' | 'j' | 'z' | 'Z' | 't' | 'L' | 'q' | 'H' | 'D' | 'DD';

/** One `%…` directive. Offsets are into the format string. */
export interface Conversion {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly flags: string;
  /** A number, `*` when taken from an argument, or null. */
  readonly width: number | '*' | null;
  readonly precision: number | '*' | null;
  readonly length: LengthModifier;
  /** The conversion character: `d`, `s`, `p`, `n`, … (`%%` is not listed). */
  readonly specifier: string;
  /** The kernel extension letters after `%p`, e.g. `S` or `I4`; empty otherwise. */
  readonly pointerExtension: string;
  /** The word right before the directive (`prev_pid %d` → `prev_pid`), or null. */
  readonly label: string | null;
}

export interface FormatProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface ParsedFormat {
  readonly conversions: readonly Conversion[];
  readonly problems: readonly FormatProblem[];
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
const isAlnum = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9]/.test(c);

/**
 * Reads a format the way gcc's -Wformat reads a gnu_printf format, and reports
 * as problems what gcc warns about in the format itself (flags a conversion
 * does not take, length modifiers it does not take, an empty format, …).
 * Operand numbers (`%1$d`) are reported too: gcc accepts them, but the
 * kernel's vsnprintf and kmark's argument bookkeeping do not.
 *
 * A format is read once: placing a marker and checking it both parse it,
 * and a tree repeats its formats (docs/performance.md, "Sixth round"). The
 * result is frozen, as it is shared.
 */
export function parseFormat(format: string): ParsedFormat {
  let parsed = parsedFormats.get(format);
  if (parsed === undefined) {
    // Bounded by forgetting them all now and then: a tree's formats are mostly few and repeated.
    if (parsedFormats.size === FORMATS_KEPT) parsedFormats.clear();
    const { conversions, problems } = readFormat(format);
    parsed = Object.freeze({ conversions: Object.freeze(conversions.map((c) => Object.freeze(c))), problems: Object.freeze(problems.map((p) => Object.freeze(p))) });
    parsedFormats.set(format, parsed);
  }
  return parsed;
}

const parsedFormats = new Map<string, ParsedFormat>();
/** How many formats are kept parsed; the memo of their fields (src/place/sites.ts) keeps as many. */
export const FORMATS_KEPT = 4096;

function readFormat(format: string): { conversions: Conversion[]; problems: FormatProblem[] } {
  const conversions: Conversion[] = [];
  const problems: FormatProblem[] = [];
  if (format === '') problems.push({ start: 0, end: 0, message: 'zero-length format string' });
  const nul = format.indexOf('\0');
  if (nul >= 0) {
    problems.push({ start: nul, end: nul + 1, message: "embedded '\\0' in format" });
    format = format.slice(0, nul);
  }
  let i = 0;
  while (i < format.length) {
    const previousEnd = i;
    const start = format.indexOf('%', i);
    if (start < 0) break;
    let j = start + 1;
    if (j === format.length) {
      problems.push({ start, end: j, message: "spurious trailing '%' in format" });
      break;
    }
    if (format[j] === '%') {
      i = j + 1;
      continue;
    }
    const operandNumber = (): void => {
      const match = /^\d+\$/.exec(format.slice(j));
      if (!match) return;
      problems.push({ start, end: j + match[0].length, message: `operand number '${match[0]}' in format: kmark needs the arguments in order` });
      j += match[0].length;
    };
    operandNumber();
    let flags = '';
    /** gcc's flag letters in the order met, `w` and `p` included, each once. */
    let used = '';
    while (j < format.length && FLAG_CHARACTERS.has(format[j]!)) {
      const flag = format[j]!;
      if (used.includes(flag)) problems.push({ start, end: j + 1, message: `repeated ${flagName(flag)} in format` });
      else used += flag;
      flags += flag;
      j++;
    }
    const readCount = (): number | '*' | null => {
      if (format[j] === '*') {
        j++;
        operandNumber();
        return '*';
      }
      const from = j;
      while (isDigit(format[j])) j++;
      return j > from ? Number(format.slice(from, j)) : null;
    };
    const width = readCount();
    if (width !== null) used += 'w';
    let precision: number | '*' | null = null;
    if (format[j] === '.') {
      j++;
      used += 'p';
      precision = readCount() ?? 0;
    }
    const length = LENGTH_MODIFIERS.find((l) => format.startsWith(l, j)) ?? '';
    j += length.length;
    const specifier = format[j];
    if (specifier === undefined || specifier === '%') {
      problems.push({ start, end: j, message: 'conversion lacks type at end of format' });
      i = j;
      continue;
    }
    j++;
    const spec = conversionSpec(specifier);
    if (!spec) {
      problems.push({ start, end: j, message: `unknown conversion type character '${specifier}' in format` });
      i = j;
      continue;
    }
    let pointerExtension = '';
    if (specifier === 'p') {
      const from = j;
      while (isAlnum(format[j])) j++;
      pointerExtension = format.slice(from, j);
    }
    const end = specifier === 'p' ? j - pointerExtension.length : j;
    for (const message of specProblems(spec, used, length, specifier)) problems.push({ start, end, message });
    conversions.push({
      text: format.slice(start, j),
      start,
      end: j,
      flags,
      width,
      precision,
      length,
      specifier,
      pointerExtension,
      label: labelBefore(format, start, previousEnd),
    });
    i = j;
  }
  return { conversions, problems };
}

/** gcc's checks of one directive against its conversion's table entry, in gcc's order. */
function specProblems(spec: ConversionSpec, used: string, length: LengthModifier, specifier: string): string[] {
  const messages: string[] = [];
  let valid = '';
  for (const flag of used) {
    if (spec.flags.includes(flag)) valid += flag;
    else messages.push(`${flagName(flag)} used with '%${specifier}' format`);
  }
  if (valid.includes(' ') && valid.includes('+')) messages.push("' ' flag ignored with '+' flag in format");
  if (valid.includes('0') && valid.includes('-')) messages.push("'0' flag ignored with '-' flag in format");
  if (spec.integer && valid.includes('0') && valid.includes('p')) messages.push(`'0' flag ignored with precision and '%${specifier}' format`);
  if (spec.wanted[lengthKey(length)] === undefined) {
    messages.push(`use of '${length}' length modifier with '${specifier}' type character has either no effect or undefined behavior`);
  }
  return messages;
}

/** The identifier that ends right before `at` and after `floor`, skipping the separators people write: `pid %d`, `pid=%d`, `pid: %d`. */
function labelBefore(format: string, at: number, floor: number): string | null {
  let end = at;
  while (end > floor && ' =:\t'.includes(format[end - 1]!)) end--;
  let start = end;
  while (start > floor && isWordChar(format[start - 1])) start--;
  const word = format.slice(start, end);
  return /^[A-Za-z_]/.test(word) ? word : null;
}

/** Field names for a format's conversions (docs/scanning.md#names-formats-fields): the label, else `argN` (1-based). */
export function fieldNames(conversions: readonly Conversion[]): string[] {
  return conversions.map((c, index) => c.label ?? `arg${index + 1}`);
}
