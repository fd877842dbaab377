/**
 * The preprocessor's conditions, evaluated as gcc does (docs/ctypes.md,
 * "Preprocessor conditions"): `#if`, `#ifdef`, `#ifndef`, `#elif`, `#else`
 * with the macros defined so far in the unit, starting from the target's
 * predefined macros and the configured `-D`/`-U`. An expression kmark cannot
 * evaluate (a macro using `#` or `##`, a malformed line) keeps every branch of
 * its group, as the type model did before conditions were evaluated.
 */
import type { Abi } from '../model/abi.js';
import { cTokens, type Token } from '../c/c-tokens.js';
import { evaluateBinary } from './constant.js';
import type { Directive } from './source-file.js';

export interface Macro {
  /** Parameter names; null for an object-like macro. */
  readonly params: readonly string[] | null;
  readonly body: string;
}

export type MacroTable = Map<string, Macro>;

/**
 * What `gcc -dM -E -x c /dev/null` defines for each target that bears on
 * conditions in real trees (gcc 12, x86-64 and `-m32`); test/ctypes/conditions
 * checks the table against the machine's gcc.
 */
const COMMON: ReadonlyArray<readonly [string, string]> = [
  ['__GNUC__', '12'],
  ['__GNUC_MINOR__', '2'],
  ['__GNUC_PATCHLEVEL__', '0'],
  ['__STDC__', '1'],
  ['__STDC_VERSION__', '201710L'],
  ['__STDC_HOSTED__', '1'],
  ['__linux__', '1'],
  ['__linux', '1'],
  ['linux', '1'],
  ['__unix__', '1'],
  ['__unix', '1'],
  ['unix', '1'],
  ['__gnu_linux__', '1'],
  ['__ELF__', '1'],
  ['__CHAR_BIT__', '8'],
  ['__SIZEOF_INT__', '4'],
  ['__SIZEOF_SHORT__', '2'],
  ['__SIZEOF_LONG_LONG__', '8'],
  ['__ORDER_LITTLE_ENDIAN__', '1234'],
  ['__ORDER_BIG_ENDIAN__', '4321'],
  ['__ORDER_PDP_ENDIAN__', '3412'],
  ['__BYTE_ORDER__', '__ORDER_LITTLE_ENDIAN__'],
  ['__INT_MAX__', '0x7fffffff'],
  ['__SCHAR_MAX__', '0x7f'],
  ['__SHRT_MAX__', '0x7fff'],
  ['__LONG_LONG_MAX__', '0x7fffffffffffffffLL'],
  ['__CHAR16_TYPE__', 'short unsigned int'],
];

const PREDEFINED: Record<Abi, ReadonlyArray<readonly [string, string]>> = {
  lp64: [
    ...COMMON,
    ['__x86_64__', '1'],
    ['__x86_64', '1'],
    ['__amd64__', '1'],
    ['__amd64', '1'],
    ['__LP64__', '1'],
    ['_LP64', '1'],
    ['__SIZEOF_LONG__', '8'],
    ['__SIZEOF_POINTER__', '8'],
    ['__SIZEOF_SIZE_T__', '8'],
    ['__LONG_MAX__', '0x7fffffffffffffffL'],
    ['__SIZE_TYPE__', 'long unsigned int'],
    ['__PTRDIFF_TYPE__', 'long int'],
    ['__INT64_TYPE__', 'long int'],
  ],
  ilp32: [
    ...COMMON,
    ['__i386__', '1'],
    ['__i386', '1'],
    ['i386', '1'],
    ['__ILP32__', '1'],
    ['_ILP32', '1'],
    ['__SIZEOF_LONG__', '4'],
    ['__SIZEOF_POINTER__', '4'],
    ['__SIZEOF_SIZE_T__', '4'],
    ['__LONG_MAX__', '0x7fffffffL'],
    ['__SIZE_TYPE__', 'unsigned int'],
    ['__PTRDIFF_TYPE__', 'int'],
    ['__INT64_TYPE__', 'long long int'],
  ],
};

export interface ConditionOptions {
  /** `-D NAME` or `-D NAME=VALUE`, in order. */
  readonly defines?: readonly string[];
  /** `-U NAME`, applied after the defines, as gcc does. */
  readonly undefines?: readonly string[];
  /** More `-D`/`-U`, applied after these: a command line's after a configuration file's. */
  readonly then?: ConditionOptions;
}

/** What a unit is preprocessed with beyond its target: kmark.config.json's `defines`, `undefines`, `includeFiles`. */
export interface PreprocessorOptions extends ConditionOptions {
  /** Files read before each unit's own, as gcc -include (a kernel's autoconf.h); relative ones from the root. */
  readonly includeFiles?: readonly string[];
}

/** The macros a unit starts with: the target's, then `-D`, then `-U`. */
export function initialMacros(abi: Abi, options: ConditionOptions = {}): MacroTable {
  const table: MacroTable = new Map();
  for (const [name, body] of PREDEFINED[abi]) table.set(name, { params: null, body });
  for (let layer: ConditionOptions | undefined = options; layer; layer = layer.then) applyDefines(table, layer);
  return table;
}

function applyDefines(table: MacroTable, options: ConditionOptions): void {
  for (const define of options.defines ?? []) {
    const eq = define.indexOf('=');
    const head = eq < 0 ? define : define.slice(0, eq);
    const body = eq < 0 ? '1' : define.slice(eq + 1);
    const open = head.indexOf('(');
    const params =
      open < 0
        ? null
        : head
            .slice(open + 1, head.lastIndexOf(')'))
            .split(',')
            .map((p) => p.trim())
            .filter((p) => p !== '');
    table.set(open < 0 ? head.trim() : head.slice(0, open).trim(), { params, body });
  }
  for (const name of options.undefines ?? []) table.delete(name);
}

/** `NAME body` or `NAME(a, b) body` of a `#define` line, after the keyword. */
export function parseDefine(rest: string): { readonly name: string; readonly macro: Macro } | null {
  const match = /^\s*([A-Za-z_$][\w$]*)(\(([^)]*)\))?/.exec(rest);
  if (!match) return null;
  const params =
    match[2] === undefined
      ? null
      : match[3]!
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p !== '');
  const body = rest
    .slice(match[0].length)
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/.*$/, '')
    .trim();
  return { name: match[1]!, macro: { params, body } };
}

const MAX_EXPANSIONS = 10_000;

/** The value of a `#if` expression, or null when kmark cannot evaluate it. */
export function evaluateCondition(expression: string, macros: ReadonlyMap<string, Macro>): bigint | null {
  const tokens = preprocessingTokens(expression);
  const expanded = expand(resolveDefined(tokens, macros), macros, new Set(), { count: 0 });
  if (expanded === null) return null;
  const parser = new ConditionParser(expanded.map((t) => (/^[A-Za-z_$]/.test(t) ? '0' : t)));
  const value = parser.conditional();
  return value !== null && parser.atEnd() ? value : null;
}

const TWO_CHARACTER_OPERATORS = new Set(['==', '!=', '<=', '>=', '&&', '||', '<<', '>>', '##']);

/** The tokens of a line, with the two-character operators kmark's lexer gives as single characters joined. */
function preprocessingTokens(text: string): string[] {
  const out: string[] = [];
  let previous: Token | undefined;
  for (const token of cTokens(text, 'tokens')) {
    const joined = previous?.kind === 'punct' && token.kind === 'punct' && previous.end === token.start ? out[out.length - 1]! + token.text : '';
    if (TWO_CHARACTER_OPERATORS.has(joined)) {
      out[out.length - 1] = joined;
      previous = undefined;
    } else {
      out.push(token.text);
      previous = token;
    }
  }
  return out;
}

/** `defined X` and `defined(X)` become 1 or 0 before any expansion. */
function resolveDefined(tokens: readonly string[], macros: ReadonlyMap<string, Macro>): string[] {
  const out: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k] !== 'defined') {
      out.push(tokens[k]!);
      continue;
    }
    const parenthesized = tokens[k + 1] === '(';
    const name = tokens[parenthesized ? k + 2 : k + 1] ?? '';
    out.push(macros.has(name) ? '1' : '0');
    k += parenthesized ? 3 : 1;
  }
  return out;
}

/** Expands macros in `tokens`; `hidden` are the macros being expanded (C11 6.10.3.4). Null on `#`/`##` or runaway expansion. */
function expand(tokens: readonly string[], macros: ReadonlyMap<string, Macro>, hidden: ReadonlySet<string>, budget: { count: number }): string[] | null {
  const out: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    const macro = hidden.has(token) ? undefined : macros.get(token);
    if (!macro || (macro.params !== null && tokens[k + 1] !== '(')) {
      out.push(token);
      continue;
    }
    if (++budget.count > MAX_EXPANSIONS) return null;
    const body = preprocessingTokens(macro.body);
    if (body.includes('#') || body.includes('##')) return null;
    let replaced = body;
    if (macro.params !== null) {
      const call = macroArguments(tokens, k + 1);
      if (call === null) return null;
      k = call.close;
      const args: string[][] = [];
      for (const arg of call.args) {
        const value = expand(resolveDefined(arg, macros), macros, hidden, budget);
        if (value === null) return null;
        args.push(value);
      }
      replaced = body.flatMap((t) => {
        const index = macro.params!.indexOf(t);
        return index >= 0 ? (args[index] ?? []) : [t];
      });
    }
    const again = expand(resolveDefined(replaced, macros), macros, new Set([...hidden, token]), budget);
    if (again === null) return null;
    out.push(...again);
  }
  return out;
}

function macroArguments(tokens: readonly string[], open: number): { args: string[][]; close: number } | null {
  const args: string[][] = [[]];
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t === '(' && depth++ === 0) continue;
    if (t === ')' && --depth === 0) return { args: args.length === 1 && args[0]!.length === 0 ? [] : args, close: k };
    if (t === ',' && depth === 1) args.push([]);
    else args[args.length - 1]!.push(t);
  }
  return null;
}

const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '>': 7,
  '<=': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};

/** Precedence climbing over `#if` tokens (C11 6.10.1), on unbounded integers. */
class ConditionParser {
  private at = 0;

  constructor(private readonly tokens: readonly string[]) {}

  atEnd(): boolean {
    return this.at === this.tokens.length;
  }

  conditional(): bigint | null {
    const test = this.binary(1);
    if (test === null || this.tokens[this.at] !== '?') return test;
    this.at++;
    const yes = this.conditional();
    if (this.tokens[this.at++] !== ':') return null;
    const no = this.conditional();
    return yes === null || no === null ? null : test !== 0n ? yes : no;
  }

  private binary(minimum: number): bigint | null {
    let left = this.unary();
    for (;;) {
      const operator = this.tokens[this.at];
      const precedence = operator === undefined ? undefined : BINARY_PRECEDENCE[operator];
      if (left === null || precedence === undefined || precedence < minimum) return left;
      this.at++;
      const right = this.binary(precedence + 1);
      if (right === null) return null;
      left = evaluateBinary(operator!, left, right);
    }
  }

  private unary(): bigint | null {
    const token = this.tokens[this.at++];
    if (token === undefined) return null;
    if (token === '(') {
      const value = this.conditional();
      return this.tokens[this.at++] === ')' ? value : null;
    }
    const operand = (): bigint | null => this.unary();
    switch (token) {
      case '!': {
        const v = operand();
        return v === null ? null : v === 0n ? 1n : 0n;
      }
      case '~': {
        const v = operand();
        return v === null ? null : ~v;
      }
      case '-': {
        const v = operand();
        return v === null ? null : -v;
      }
      case '+':
        return operand();
      default:
        return literalValue(token);
    }
  }
}

function literalValue(token: string): bigint | null {
  const number = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[uUlL]*$/.exec(token);
  if (number) return BigInt(number[1]!.length > 1 && number[1]!.startsWith('0') && !/^0[xX]/.test(number[1]!) ? `0o${number[1]!.slice(1)}` : number[1]!);
  const char = /^'(\\?.)'$/.exec(token);
  if (char) return BigInt(char[1]!.length === 2 ? (({ n: 10, t: 9, r: 13, '0': 0 } as Record<string, number>)[char[1]![1]!] ?? char[1]!.charCodeAt(1)) : char[1]!.charCodeAt(0));
  return null;
}

/** One `#if` … `#endif` group being read. */
export interface ConditionGroup {
  /** The group stands in a turned-off branch: none of its branches is read. */
  readonly outerOff: boolean;
  /** A condition could not be evaluated: every branch from there on is read. */
  unknown: boolean;
  /** A branch was taken already: the later ones are off. */
  taken: boolean;
  /** The current branch is read. */
  taking: boolean;
}

export const isConditional = (keyword: Directive['keyword']): boolean => ['if', 'ifdef', 'ifndef', 'elif', 'else', 'endif'].includes(keyword);

/** Updates the open groups for a conditional directive. */
export function followCondition(groups: ConditionGroup[], directive: Directive, macros: ReadonlyMap<string, Macro>): void {
  const open = groups[groups.length - 1];
  switch (directive.keyword) {
    case 'if':
    case 'ifdef':
    case 'ifndef': {
      if (!groups.every((g) => g.taking)) {
        groups.push({ outerOff: true, unknown: false, taken: true, taking: false });
        return;
      }
      const value = conditionValue(directive, macros);
      groups.push({ outerOff: false, unknown: value === null, taken: value !== null && value !== 0n, taking: value !== 0n });
      return;
    }
    case 'elif': {
      if (!open || open.outerOff) return;
      if (open.unknown || open.taken) {
        open.taking = open.unknown;
        return;
      }
      const value = conditionValue(directive, macros);
      open.unknown = value === null;
      open.taking = value !== 0n;
      open.taken = value !== null && value !== 0n;
      return;
    }
    case 'else':
      if (!open || open.outerOff) return;
      open.taking = open.unknown || !open.taken;
      open.taken = true;
      return;
    default:
      groups.pop();
  }
}

function conditionValue(directive: Directive, macros: ReadonlyMap<string, Macro>): bigint | null {
  if (directive.keyword === 'if' || directive.keyword === 'elif') return evaluateCondition(directive.rest, macros);
  const name = /^\s*([A-Za-z_$][\w$]*)/.exec(directive.rest)?.[1];
  if (name === undefined) return null;
  return macros.has(name) === (directive.keyword === 'ifdef') ? 1n : 0n;
}
