import type { DecodedTrace } from '../../decode/trace-file.js';
import { KmarkError } from '../../io/errors.js';
import { readInputFile } from '../../io/read.js';
import { ABIS } from '../../model/abi.js';
import { readCatalogFile } from '../../io/catalog-file.js';
import { defineCommand } from '../command.js';
import { writeLines } from '../workspace.js';

export const decodeCommand = defineCommand({
  command: 'decode <trace>',
  describe: 'Print the events of a dumped trace as text (timestamp name field=value ...) or JSON lines, or write it as a CTF trace',
  builder: (yargs) =>
    yargs
      .positional('trace', { type: 'string', demandOption: true, describe: 'The trace file the runtime dumped' })
      .option('catalog', { type: 'string', demandOption: true, describe: 'The catalog of the binary that wrote it (JSON), or that binary' })
      .option('format', { choices: ['text', 'json', 'ctf'] as const, default: 'text' as const, describe: 'Output format (ctf: a CTF 1.8 trace directory, with -o)' })
      .option('output', { alias: 'o', type: 'string', describe: 'The directory of the CTF trace (--format ctf)' })
      .option('abi', { choices: ABIS, default: 'lp64' as const, describe: 'Data model of the binary that wrote it' })
      .option('force', { type: 'boolean', default: false, describe: 'Decode even when the trace was written by a binary of another catalog' })
      .check((args) => {
        if (args.format === 'ctf' && args.output === undefined) throw new Error('--format ctf writes a directory: give it with -o DIR');
        if (args.format !== 'ctf' && args.output !== undefined) throw new Error('-o is for --format ctf; text and JSON go to stdout');
        return true;
      }),
  run: async (args) => {
    const [{ decodeTrace, lostRecords }, { identityMismatch }, { eventJson, eventText }] = await Promise.all([import('../../decode/trace-file.js'), import('../../decode/identity.js'), import('../../decode/event-line.js')]);
    const catalog = await readCatalogFile(args.catalog);
    const trace = decodeTrace(readInputFile(args.trace), args.trace, catalog, args.abi);
    const mismatch = identityMismatch(trace.header, catalog);
    if (mismatch !== null) {
      if (!args.force) throw new KmarkError(`${args.trace}: written by another binary than ${args.catalog} describes (${mismatch}); decode it with that binary's catalog, or --force`);
      process.stderr.write(`${args.trace}: warning: ${mismatch}; decoding anyway (--force)\n`);
    }
    const lost = lostRecords(trace);
    if (args.format === 'ctf') {
      const [{ ctfTrace }, { writeDirectory }] = await Promise.all([import('../../decode/ctf.js'), import('../../io/write.js')]);
      const ctf = ctfTrace(trace, catalog, args.abi);
      writeDirectory(args.output!, new Map<string, string | Buffer>([['metadata', ctf.metadata], ...ctf.streams]));
    } else if (args.format === 'json') {
      process.stdout.write(`${JSON.stringify(jsonSummary(trace, lost))}\n`);
      writeLines(trace.events, eventJson);
    } else {
      writeLines(trace.events, eventText);
    }
    if (lost > 0 && args.format !== 'json') process.stderr.write(`${args.trace}: warning: ${lost} trace records lost (${trace.header.overwrite ? 'overwritten by newer ones' : 'buffer full'})\n`);
    for (const p of trace.problems) process.stderr.write(`${args.trace}: offset ${p.offset}: ${p.message}\n`);
    return trace.problems.length > 0 ? 1 : 0;
  },
});

/** The first JSON line: the trace as a whole (it has no "name", the events all do). */
const jsonSummary = (trace: DecodedTrace, lost: number): object => ({
  trace: {
    version: trace.header.version,
    mode: trace.header.overwrite ? 'overwrite' : 'discard',
    lost,
    buffers: trace.buffers,
    ...(trace.header.clock !== null ? { clock: { frequency: trace.header.clock.frequency.toString(), offsetNs: trace.header.clock.offsetNs.toString() } } : {}),
    ...(trace.header.buildId !== null ? { buildId: trace.header.buildId } : {}),
    ...(trace.header.catalogDigest !== null ? { catalogDigest: trace.header.catalogDigest } : {}),
  },
});
