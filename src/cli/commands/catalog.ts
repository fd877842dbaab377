import { readJsonFile } from '../../io/read.js';
import { writeIfChanged } from '../../io/write.js';
import type { Catalog } from '../../model/catalog.js';
import { catalogSummary } from '../../report/catalog-summary.js';
import { catalogFromElf, catalogProblems } from '../../io/catalog-file.js';
import { defineCommand } from '../command.js';
import { emitDiagnostics, exitCode, openWorkspace, pathsPositional, reportProblems, workspaceOptions, type ColorChoice } from '../workspace.js';

export const catalogCommand = defineCommand({
  command: 'catalog [paths..]',
  describe: 'Write the marker catalog (JSON) of PATHs, or validate a catalog file against its schema',
  builder: (yargs) =>
    pathsPositional(yargs)
      .options(workspaceOptions)
      .option('output', { alias: 'o', type: 'string', describe: 'Write the catalog here (written only when it changes) instead of stdout' })
      .option('validate', { type: 'string', describe: 'Validate this catalog file: its schema (schemas/catalog.schema.json), md5s and event ids, ids given once' })
      .option('summary', { type: 'boolean', describe: 'Print markers per subsystem and per form instead of the JSON' })
      .option('from-elf', { type: 'string', describe: 'Rebuild the catalog from the .markers section of a linked binary (or its objcopy side file)' })
      .conflicts('validate', ['output', 'summary', 'from-elf']),
  run: async (args) => {
    if (args.validate !== undefined) return validateCatalogFile(args.validate);
    if (args['from-elf'] !== undefined) return emitCatalog(await catalogFromElf(args['from-elf']), args);
    const { analyze } = await import('../../analyze.js');
    const workspace = openWorkspace(args);
    const analysis = analyze(workspace.paths, workspace.analyzeOptions);
    emitCatalog(analysis.catalog, args);
    emitDiagnostics(analysis.diagnostics, 'text', workspace.root, [], args.color as ColorChoice);
    reportProblems(analysis.problems);
    return exitCode(analysis.problems, analysis.diagnostics);
  },
});

function emitCatalog(catalog: Catalog, args: { output?: string | undefined; summary?: boolean | undefined }): number {
  const document = `${JSON.stringify(catalog, null, 2)}\n`;
  if (args.output !== undefined) writeIfChanged(args.output, document);
  if (args.summary) process.stdout.write(catalogSummary(catalog));
  else if (args.output === undefined) process.stdout.write(document);
  return 0;
}

function validateCatalogFile(file: string): number {
  const value = readJsonFile(file);
  const problems = catalogProblems(value);
  for (const problem of problems) process.stderr.write(`${file}: ${problem}\n`);
  if (problems.length === 0) process.stdout.write(`${file}: valid catalog\n`);
  return problems.length === 0 ? 0 : 1;
}
