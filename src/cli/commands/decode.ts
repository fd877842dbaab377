import { readFileSync } from 'node:fs';
import { describeFsError, KmarkError } from '../../io/errors.js';
import { readCatalogFile } from '../../io/catalog-file.js';
import { defineCommand } from '../command.js';

export const decodeCommand = defineCommand({
  command: 'decode <trace>',
  describe: 'Print the events of a dumped trace as text (timestamp name field=value ...) or JSON lines',
  builder: (yargs) =>
    yargs
      .positional('trace', { type: 'string', demandOption: true, describe: 'The trace file the runtime dumped' })
      .option('catalog', { type: 'string', demandOption: true, describe: 'The catalog of the binary that wrote it' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
      .option('abi', { choices: ['lp64', 'ilp32'] as const, default: 'lp64' as const, describe: 'Data model of the binary that wrote it' }),
  run: async (args) => {
    const { decodeTrace } = await import('../../decode/trace-file.js');
    const { eventJson, eventText } = await import('../../decode/event-line.js');
    const catalog = readCatalogFile(args.catalog);
    const trace = decodeTrace(readOrFail(args.trace), args.trace, catalog, args.abi);
    const render = args.format === 'json' ? eventJson : eventText;
    process.stdout.write(trace.events.map(render).join(''));
    for (const p of trace.problems) process.stderr.write(`${args.trace}: offset ${p.offset}: ${p.message}\n`);
    return trace.problems.length > 0 ? 1 : 0;
  },
});

function readOrFail(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new KmarkError(`${path}: ${describeFsError(error)}`);
  }
}
