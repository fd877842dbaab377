import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { KmarkError } from '../../io/errors.js';
import { readJsonFile } from '../../io/read.js';
import { validateAgainst } from '../../io/schemas.js';
import { writeIfChanged } from '../../io/write.js';
import { ABIS } from '../../model/abi.js';
import type { Catalog } from '../../model/catalog.js';
import { defineCommand } from '../command.js';
import { VERSION } from '../workspace.js';

export const exportCommand = defineCommand({
  command: 'export <catalog>',
  describe: "Write a tracer's description of the markers from a catalog: a SystemTap tapset, a bpftrace script or a DTrace provider",
  builder: (yargs) =>
    yargs
      .positional('catalog', { type: 'string', demandOption: true, describe: 'The catalog (kmark link, kmark catalog)' })
      .option('format', { choices: ['stap', 'bpftrace', 'dtrace'] as const, demandOption: true, describe: 'What to write' })
      .option('binary', { type: 'string', default: 'vmlinux', describe: 'The binary whose SDT probes the tapset or script attaches to' })
      .option('abi', { choices: ABIS, default: 'lp64' as const, describe: 'Data model of the binary' })
      .option('output', { alias: 'o', type: 'string', describe: 'Write it here (written only when it changes) instead of stdout' }),
  run: async (args) => {
    const [{ EXPORTERS }, { sdtProbes }] = await Promise.all([import('../../export/index.js'), import('../../io/elf-notes.js')]);
    const catalog = readJsonFile(args.catalog) as Catalog;
    const problems = validateAgainst('catalog', catalog);
    if (problems.length > 0) throw new KmarkError(`${args.catalog}: not a valid catalog: ${problems[0]}`);
    const text = EXPORTERS[args.format]({ catalog, catalogName: basename(args.catalog), toolVersion: VERSION, binary: args.binary, abi: args.abi, binaryProbes: existsSync(args.binary) ? sdtProbes(args.binary) : null });
    if (args.output !== undefined) writeIfChanged(args.output, text);
    else process.stdout.write(text);
    return 0;
  },
});
