/**
 * What kmark does when its own output cannot be written, whatever the
 * command (docs/diagnostics.md#exit-codes). A reader that stopped reading
 * (`kmark scan | head`: EPIPE) is no failure: what would have followed is
 * dropped and the run ends as it would have. Any other error (a full disk)
 * is said once, on stderr, and the run exits 2. Node's default, an
 * unhandled 'error' event, printed a stack trace.
 */
import { describeFsError } from '../io/errors.js';

const EXIT_IO = 2;

export function guardStandardStreams(): void {
  let failed = false;
  for (const name of ['stdout', 'stderr'] as const) {
    // After its first error a stream is destroyed, and every later write fails again: only the first counts.
    let closed = false;
    process[name].on('error', (error: NodeJS.ErrnoException) => {
      if (closed) return;
      closed = true;
      if (error.code === 'EPIPE') return;
      failed = true;
      if (name === 'stdout') process.stderr.write(`kmark: standard output: ${describeFsError(error)}\n`);
    });
  }
  process.on('exit', () => {
    // Above findings (1), below kmark's own defect (3).
    if (failed && Number(process.exitCode ?? 0) < EXIT_IO) process.exitCode = EXIT_IO;
  });
}
