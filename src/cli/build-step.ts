/**
 * The build step's own entry point (dist/cli/build-step.cjs): `kmark gen`
 * runs once per build, and half of a small build's kmark time was starting
 * the whole CLI. This bundle holds gen and what it uses, not yargs, the
 * type model or the other commands; it reads a plain command line itself
 * (src/cli/plain-args.ts) and hands anything else (help, a mistake) to the
 * whole CLI, dist/cli/main.cjs, which parses it with yargs
 * (docs/build.md#measured-why-one-run-and-not-a-cache-or-a-server).
 */
import { fileURLToPath } from 'node:url';
import { GEN_ARGUMENTS, genCommand } from './commands/gen.js';
import { reportFailure } from './failure.js';
import { plainArgs } from './plain-args.js';
import { startBundle } from './start-bundle.js';

const [command, ...words] = process.argv.slice(2);
const args = command === 'gen' ? plainArgs(GEN_ARGUMENTS, words) : null;
if (args === null) startBundle(fileURLToPath(new URL('main.cjs', import.meta.url)));
else {
  void (async () => {
    try {
      return await genCommand.run(args);
    } catch (error) {
      return reportFailure(error);
    }
  })().then((code) => {
    process.exitCode = code;
  });
}
