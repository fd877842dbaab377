import { catalogJsonPieces } from '../../model/catalog.js';
import type { ScanStats } from '../../scan/index.js';
import { defineCommand } from '../command.js';
import { VERSION, cacheOption, emitDiagnostics, exitCode, openWorkspace, pathsPositional, reportProblems, workspaceOptions, writeLines } from '../workspace.js';

export const scanCommand = defineCommand({
  command: 'scan [paths..]',
  describe: 'List the markers under PATHs: one line each (file:line:col  id  name), or the catalog as JSON',
  builder: (yargs) =>
    pathsPositional(yargs)
      .options(workspaceOptions)
      .option('cache', cacheOption)
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
      .option('stats', { type: 'boolean', default: false, describe: 'Say on stderr how much was read, on how many threads, and how much parsed' }),
  run: async (args) => {
    const { analyzeCached } = await import('../../cached-analysis.js');
    const workspace = openWorkspace(args);
    const analysis = await analyzeCached(workspace.paths, workspace.analyzeOptions, { command: 'scan', read: workspace.cache, settings: workspace.config }, VERSION);
    if (args.format === 'json') for (const piece of catalogJsonPieces(analysis.catalog)) process.stdout.write(piece);
    else writeLines(analysis.catalog.markers, (m) => `${m.file}:${m.line}:${m.column}  ${m.id}  ${m.name}\n`);
    if (args.stats) process.stderr.write(`kmark: ${describeStats(analysis.stats, analysis.catalog.markers.length, analysis.cached)}\n`);
    emitDiagnostics(analysis.diagnostics, 'text', workspace.root);
    reportProblems(analysis.problems);
    return exitCode(analysis.problems, analysis.diagnostics);
  },
});

function describeStats({ filesRead, bytesRead, threads, filesParsed }: ScanStats, markers: number, cached: boolean): string {
  const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (cached) return `${plural(filesRead, 'file')} unchanged since the last run, its result reused (--no-cache to read them), ${plural(markers, 'marker')}`;
  return `${plural(filesRead, 'file')} (${(bytesRead / 1e6).toFixed(1)} MB) read on ${plural(threads, 'thread')}, ${filesParsed} parsed, ${plural(markers, 'marker')}`;
}
