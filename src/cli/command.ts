/** A sub-command: one file each, `{ command, describe, builder, run }`; `run` returns the exit code. */
import type { Argv } from 'yargs';

export interface KmarkCommand<Args> {
  readonly command: string;
  /** Its line in `kmark --help`. */
  readonly describe: string;
  readonly builder: (yargs: Argv) => Argv<Args>;
  readonly run: (args: Args) => number | Promise<number>;
}

/**
 * Checks a command against the arguments its own builder declares, then
 * forgets them so commands of different arguments can share one list: yargs
 * hands `run` exactly what `builder` declared.
 */
export const defineCommand = <Args>(command: KmarkCommand<Args>): KmarkCommand<unknown> => command as unknown as KmarkCommand<unknown>;
