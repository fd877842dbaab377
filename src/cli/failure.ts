/** How a command that threw ends (docs/diagnostics.md#exit-codes), for each of kmark's entry points. */
import { KmarkError } from '../io/errors.js';
import { VERSION } from './workspace.js';

export const EXIT_USAGE = 2;
const EXIT_INTERNAL = 3;

/** A known error is its message; anything else is kmark's bug: one line, a request to report it, the stack only on demand. */
export function reportFailure(error: unknown): number {
  if (error instanceof KmarkError) {
    process.stderr.write(`kmark: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const message = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0];
  process.stderr.write(`kmark: internal error: ${message}\n`);
  process.stderr.write(`kmark: this is a bug in kmark ${VERSION}; please report it with the command line${process.env.KMARK_DEBUG ? ' and the stack below' : ' (KMARK_DEBUG=1 prints the stack)'}\n`);
  if (process.env.KMARK_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT_INTERNAL;
}
