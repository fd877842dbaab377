import { ABI_RULES, diffCatalogs } from '../../check/abi-diff.js';
import { readJsonFile } from '../../io/read.js';
import { validateAgainst } from '../../io/schemas.js';
import { KmarkError } from '../../io/errors.js';
import type { Catalog } from '../../model/catalog.js';
import { summarize } from '../../report/formatter.js';
import { FORMATTERS, type FormatName } from '../../report/index.js';
import { defineCommand } from '../command.js';
import { exitCode, VERSION } from '../workspace.js';

export const diffCommand = defineCommand({
  command: 'diff <old> <new>',
  describe: 'The ABI gate for tracers: compare two catalogs; a removed marker or a changed id, name, format, field or handler is breaking (exit 1)',
  builder: (yargs) =>
    yargs
      .positional('old', { type: 'string', demandOption: true, describe: "The catalog before the change (e.g. the base branch's)" })
      .positional('new', { type: 'string', demandOption: true, describe: 'The catalog after it' })
      .option('format', { choices: Object.keys(FORMATTERS) as FormatName[], default: 'text' as FormatName, describe: 'Output format: text on stderr, json or sarif on stdout' }),
  run: (args) => {
    const findings = diffCatalogs(readCatalog(args.old), readCatalog(args.new));
    const output = FORMATTERS[args.format]({ diagnostics: findings, color: false, toolVersion: VERSION, rules: ABI_RULES });
    if (args.format === 'text') {
      const { errors, notes } = summarize(findings);
      process.stderr.write(`${output}kmark: ${errors} breaking change${errors === 1 ? '' : 's'}, ${notes} compatible\n`);
    } else process.stdout.write(output);
    return exitCode([], findings);
  },
});

function readCatalog(file: string): Catalog {
  const value = readJsonFile(file);
  const problems = validateAgainst('catalog', value);
  if (problems.length > 0) throw new KmarkError(`${file}: not a valid catalog: ${problems[0]}`);
  return value as Catalog;
}
