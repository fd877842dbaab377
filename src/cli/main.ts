/**
 * The kmark command line: yargs sub-commands over the library. This file
 * alone decides the exit code (docs/diagnostics.md#exit-codes): 0 clean,
 * 1 findings, 2 usage or I/O, 3 a defect of kmark's own (docs/bad-input.md).
 */
import { createRequire } from 'node:module';
import type YargsFactory from 'yargs/yargs';
import { KmarkError } from '../io/errors.js';
import { EXIT_USAGE, reportFailure } from './failure.js';
import type { KmarkCommand } from './command.js';
import { gccSpellings } from './gcc-options.js';
import { splitOperands } from './operands.js';
import { catalogCommand } from './commands/catalog.js';
import { ctlCommand } from './commands/ctl.js';
import { decodeCommand } from './commands/decode.js';
import { diffCommand } from './commands/diff.js';
import { exportCommand } from './commands/export.js';
import { genCommand } from './commands/gen.js';
import { idCommand } from './commands/id.js';
import { linkCommand } from './commands/link.js';
import { lintCommand } from './commands/lint.js';
import { modesCommand } from './commands/modes.js';
import { scanCommand } from './commands/scan.js';
import { serveCommand } from './commands/serve.js';
import { VERSION } from './workspace.js';

// Required, not imported: importing yargs' CommonJS build from ESM makes Node
// lex it for named exports, a cost paid on every build step's start-up.
const yargs = createRequire(import.meta.url)('yargs/yargs') as typeof YargsFactory;

const COMMANDS: ReadonlyArray<KmarkCommand<unknown>> = [scanCommand, lintCommand, genCommand, linkCommand, catalogCommand, diffCommand, decodeCommand, exportCommand, ctlCommand, idCommand, modesCommand, serveCommand];

/** The part of yargs' internals that renders a command's help (yargs/build/lib/usage.js). */
interface YargsUsageInternals {
  getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } };
}

/**
 * yargs renders the command's whole help after its handler returns, in case
 * the handler shows help later (command.js calls cacheHelpMessage). kmark's
 * handlers never do, and the render was 6% of a build step's instructions
 * (docs/build.md#measured-why-one-run-and-not-a-cache-or-a-server). `--help` renders as before; if a yargs release
 * moves the method, this does nothing.
 */
function skipHelpAfterCommands(cli: object): void {
  const usage = (cli as YargsUsageInternals).getInternalMethods?.().getUsageInstance?.();
  if (usage?.cacheHelpMessage !== undefined) usage.cacheHelpMessage = () => {};
}

async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const operands = splitOperands(gccSpellings(argv));
  const cli = yargs(operands.args)
    .scriptName('kmark')
    .version(VERSION)
    .strict()
    .demandCommand(1, 'give a command')
    .recommendCommands()
    .completion('completion', 'Print a bash or zsh completion script: kmark completion >> ~/.bashrc')
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((message, error) => {
      // yargs reports usage mistakes here (its parser's, such as `-I` without a directory, as a YError);
      // errors thrown by a command are rethrown to the catch below.
      if (error && error.name !== 'YError') throw error;
      throw new KmarkError(`${message}\nSee kmark --help.`);
    });
  skipHelpAfterCommands(cli);
  for (const command of COMMANDS) {
    cli.command(command.command, command.describe, command.builder, async (args) => {
      operands.restore(args);
      code = await command.run(args);
    });
  }
  if (argv.length === 0) {
    // Usage once, on stderr: a bare `kmark` is a mistake, but one best answered by the list of commands.
    process.stderr.write(`${await cli.getHelp()}\n`);
    return EXIT_USAGE;
  }
  try {
    await cli.parseAsync();
  } catch (error) {
    return reportFailure(error);
  }
  return code;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
