/**
 * The kmark command line: yargs sub-commands over the library. This file
 * alone decides the exit code (SPEC §9): 0 clean, 1 findings, 2 usage or I/O.
 */
import { createRequire } from 'node:module';
import type YargsFactory from 'yargs/yargs';
import { KmarkError } from '../io/errors.js';
import type { KmarkCommand } from './command.js';
import { catalogCommand } from './commands/catalog.js';
import { ctlCommand } from './commands/ctl.js';
import { decodeCommand } from './commands/decode.js';
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

const COMMANDS: ReadonlyArray<KmarkCommand<unknown>> = [scanCommand, lintCommand, genCommand, linkCommand, catalogCommand, decodeCommand, ctlCommand, idCommand, modesCommand, serveCommand];

function reportFailure(error: unknown): number {
  if (error instanceof KmarkError) {
    process.stderr.write(`kmark: ${error.message}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`kmark: internal error: ${message}\n`);
    if (process.env.KMARK_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  }
  return 2;
}

async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const cli = yargs([...argv])
    .scriptName('kmark')
    .version(VERSION)
    .strict()
    .demandCommand(1, 'kmark: give a command; see kmark --help')
    .recommendCommands()
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((message, error) => {
      // yargs reports usage mistakes here (its parser's, such as `-I` without a directory, as a YError);
      // errors thrown by a command are rethrown to the catch below.
      if (error && error.name !== 'YError') throw error;
      throw new KmarkError(`${message}\nSee kmark --help.`);
    });
  for (const command of COMMANDS) {
    cli.command(command.command, command.describe, command.builder, async (args) => {
      code = await command.run(args);
    });
  }
  try {
    await cli.parseAsync();
  } catch (error) {
    return reportFailure(error);
  }
  return code;
}

process.exitCode = await main(process.argv.slice(2));
