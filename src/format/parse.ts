/**
 * printf format strings, parsed the way gcc's -Wformat reads them, plus the
 * kernel's `%p` extensions (`%pS`, `%pI4`, …), which take one pointer each.
 */

export type LengthModifier = '' | 'hh' | 'h' | 'l' | 'll' | 'j' | 'z' | 't' | 'L' | 'q';

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

const FLAGS = new Set(['-', '+', ' ', '#', '0', "'", 'I']);
const SPECIFIERS = new Set([...'diouxXeEfFgGaAcspnCSm']);
const LENGTHS: readonly LengthModifier[] = ['hh', 'h', 'll', 'l', 'j', 'z', 't', 'L', 'q'];

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
const isAlnum = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9]/.test(c);

export function parseFormat(format: string): ParsedFormat {
  const conversions: Conversion[] = [];
  const problems: FormatProblem[] = [];
  let i = 0;
  while (i < format.length) {
    const previousEnd = i;
    const start = format.indexOf('%', i);
    if (start < 0) break;
    let j = start + 1;
    if (format[j] === '%') {
      i = j + 1;
      continue;
    }
    let flags = '';
    while (j < format.length && FLAGS.has(format[j]!)) flags += format[j++];
    const readCount = (): number | '*' | null => {
      if (format[j] === '*') {
        j++;
        return '*';
      }
      const from = j;
      while (isDigit(format[j])) j++;
      return j > from ? Number(format.slice(from, j)) : null;
    };
    const width = readCount();
    let precision: number | '*' | null = null;
    if (format[j] === '.') {
      j++;
      precision = readCount() ?? 0;
    }
    const length = LENGTHS.find((l) => format.startsWith(l, j)) ?? '';
    j += length.length;
    const specifier = format[j];
    if (specifier === undefined) {
      problems.push({ start, end: j, message: "spurious trailing '%' in format" });
      break;
    }
    j++;
    if (!SPECIFIERS.has(specifier)) {
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

/** The identifier that ends right before `at` and after `floor`, skipping the separators people write: `pid %d`, `pid=%d`, `pid: %d`. */
function labelBefore(format: string, at: number, floor: number): string | null {
  let end = at;
  while (end > floor && ' =:\t'.includes(format[end - 1]!)) end--;
  let start = end;
  while (start > floor && isWordChar(format[start - 1])) start--;
  const word = format.slice(start, end);
  return /^[A-Za-z_]/.test(word) ? word : null;
}

/** Field names for a format's conversions, SPEC §2: the label, else `argN` (1-based). */
export function fieldNames(conversions: readonly Conversion[]): string[] {
  return conversions.map((c, index) => c.label ?? `arg${index + 1}`);
}
