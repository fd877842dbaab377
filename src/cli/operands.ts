/**
 * `--` ends the options, as POSIX utilities do. yargs fills a command's
 * positionals only from the words before it (yargs/yargs#1527), so
 * `kmark scan -- a.c` would scan the default paths: the words after `--` are
 * handed to yargs as positionals instead, a word that starts with a dash
 * standing in as a token that is swapped back once yargs has parsed.
 */
const STAND_IN = '\u0000kmark-operand-';

export interface Operands {
  /** The arguments for yargs, without `--`. */
  readonly args: string[];
  /** Puts the dash-led operands back into parsed arguments. */
  readonly restore: (argv: Record<string, unknown>) => void;
}

export function splitOperands(argv: readonly string[]): Operands {
  const end = argv.indexOf('--');
  if (end < 0) return { args: [...argv], restore: () => {} };
  const operands = argv.slice(end + 1);
  const standIns = operands.map((word, k) => (word.startsWith('-') ? `${STAND_IN}${k}` : word));
  const restoreWord = (value: unknown): unknown => (typeof value === 'string' && value.startsWith(STAND_IN) ? operands[Number(value.slice(STAND_IN.length))] : value);
  return {
    args: [...argv.slice(0, end), ...standIns],
    restore: (parsed) => {
      for (const [key, value] of Object.entries(parsed)) parsed[key] = Array.isArray(value) ? value.map(restoreWord) : restoreWord(value);
    },
  };
}
