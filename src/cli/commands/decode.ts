import type { TraceEvent } from '../../decode/trace-file.js';
import { describeFsError, KmarkError } from '../../io/errors.js';
import { readRegularFile } from '../../io/read.js';
import { readCatalogFile } from '../catalog-file.js';
import { defineCommand } from '../command.js';

export const decodeCommand = defineCommand({
  command: 'decode <trace>',
  describe: 'Print the events of a dumped trace as text (timestamp name field=value ...) or JSON lines',
  builder: (yargs) =>
    yargs
      .positional('trace', { type: 'string', demandOption: true, describe: 'The trace file the runtime dumped' })
      .option('catalog', { type: 'string', demandOption: true, describe: 'The catalog of the binary that wrote it (JSON), or that binary' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
      .option('abi', { choices: ['lp64', 'ilp32'] as const, default: 'lp64' as const, describe: 'Data model of the binary that wrote it' }),
  run: async (args) => {
    const { decodeTrace, formatValue } = await import('../../decode/trace-file.js');
    const catalog = await readCatalogFile(args.catalog);
    const trace = decodeTrace(readOrFail(args.trace), args.trace, catalog, args.abi);
    const render = args.format === 'json' ? jsonLine : textLine(formatValue);
    process.stdout.write(trace.events.map(render).join(''));
    for (const p of trace.problems) process.stderr.write(`${args.trace}: offset ${p.offset}: ${p.message}\n`);
    return trace.problems.length > 0 ? 1 : 0;
  },
});

function readOrFail(path: string): Buffer {
  try {
    return readRegularFile(path);
  } catch (error) {
    throw new KmarkError(`${path}: ${describeFsError(error)}`);
  }
}

const textLine = (formatValue: (value: TraceEvent['fields'][number]['value'], conversion: string) => string) => (e: TraceEvent): string =>
  `${e.timestamp} ${e.marker.name}${e.fields.map((f) => ` ${f.name}=${formatValue(f.value, f.conversion)}`).join('')}\n`;

const jsonLine = (e: TraceEvent): string =>
  `${JSON.stringify({
    timestamp: e.timestamp.toString(),
    thread: e.thread,
    name: e.marker.name,
    id: e.marker.id,
    fields: Object.fromEntries(e.fields.map((f) => [f.name, typeof f.value === 'bigint' ? f.value.toString() : f.value])),
  })}\n`;
