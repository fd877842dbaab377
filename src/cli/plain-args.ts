/**
 * A command line of plain spellings, parsed with Node's own `parseArgs`
 * instead of yargs, for the build step's entry point (src/cli/build-step.ts):
 * `kmark gen` runs once per build, and loading yargs was a tenth of its
 * instructions (docs/build.md#measured-why-one-run-and-not-a-cache-or-a-server).
 * The command's arguments are the same table yargs builds it from, and
 * only a line whose every word this parse reads as yargs would is read
 * here; anything else (help, `--no-…`, camelCase, an unknown option, a
 * value outside its choices, an option given twice, `--opt -x`) is left to
 * yargs, which parses it or says what is wrong.
 * test/cli/plain-args.test.ts holds the two parses equal.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Options } from 'yargs';

/** What a command declares to be parsed without yargs: its one positional list and its options. */
export interface PlainArguments {
  readonly positional: string;
  readonly options: Readonly<Record<string, Options>>;
}

type ParseOptions = NonNullable<ParseArgsConfig['options']>;

/** The arguments yargs would hand the command's `run` (its declared names), or null for yargs to parse. */
export function plainArgs(declared: PlainArguments, words: readonly string[]): Record<string, unknown> | null {
  const options: ParseOptions = {};
  for (const [name, option] of Object.entries(declared.options)) {
    const short = typeof option.alias === 'string' && option.alias.length === 1 ? { short: option.alias } : {};
    options[name] = option.type === 'boolean' ? { type: 'boolean', ...short } : { type: 'string', multiple: option.array === true, ...short };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...words], options, allowPositionals: true, strict: true, tokens: true });
  } catch {
    return null;
  }
  const given = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    // yargs makes a repeated single option a list.
    if (given.has(token.name) && options[token.name]!.multiple !== true) return null;
    given.add(token.name);
  }
  const args: Record<string, unknown> = { [declared.positional]: parsed.positionals };
  for (const [name, option] of Object.entries(declared.options)) {
    const value = valueOf(option, parsed.values[name]);
    if (value === INVALID) return null;
    if (value !== undefined) args[name] = value;
  }
  return args;
}

const INVALID = Symbol('invalid');

function valueOf(option: Options, raw: string | boolean | Array<string | boolean> | undefined): unknown {
  if (raw === undefined) return option.default;
  if (option.type === 'number') {
    const number = Number(raw);
    return typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(number) ? number : INVALID;
  }
  if (option.choices !== undefined && !(option.choices as readonly unknown[]).includes(raw)) return INVALID;
  return raw;
}
