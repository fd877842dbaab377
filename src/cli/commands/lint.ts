import { relative, resolve } from 'node:path';
import { applyBaseline } from '../../check/suppressions.js';
import { readBaseline, writeBaseline } from '../../io/baseline.js';
import { KmarkError } from '../../io/errors.js';
import { fingerprints } from '../../model/fingerprint.js';
import { sortDiagnostics } from '../../report/formatter.js';
import { FORMATTERS, type FormatName } from '../../report/index.js';
import { ruleInfos } from '../../check/index.js';
import { isActive, type Diagnostic } from '../../model/diagnostic.js';
import { defineCommand } from '../command.js';
import { replayRecorder } from '../../io/replay-recorder.js';
import { VERSION, cacheOption, emitDiagnostics, exitCode, includeOption, openWorkspace, pathsPositional, preprocessorOptions, reportProblems, withCommandLine, workspaceOptions, type ColorChoice } from '../workspace.js';

export const lintCommand = defineCommand({
  command: 'lint [paths..]',
  describe: "Check every marker: formats against their arguments' C types (as gcc -Wformat), names, evmarker parts, ids",
  builder: (yargs) =>
    pathsPositional(yargs)
      .options(workspaceOptions)
      .option('cache', cacheOption)
      .option('format', { choices: Object.keys(FORMATTERS) as FormatName[], default: 'text' as FormatName, describe: 'Output format: text on stderr, json or sarif on stdout' })
      .option('include', includeOption)
      .options(preprocessorOptions)
      .option('strict', { type: 'boolean', describe: 'Types that cannot be resolved are errors, not notes' })
      .option('signedness', { type: 'boolean', describe: 'Add -Wformat-signedness semantics' })
      .option('max-warnings', { type: 'number', describe: 'Fail when there are more warnings than this' })
      .option('baseline', { type: 'string', requiresArg: true, describe: 'Silence the findings this baseline file holds (default: the configured baseline)' })
      .option('update-baseline', { type: 'boolean', describe: 'Write the current findings to the baseline file, then report only what it does not hold (none)' })
      .option('list-rules', { type: 'boolean', describe: 'List every rule with its default severity and exit' }),
  run: async (args) => {
    if (args['list-rules']) {
      process.stdout.write(
        ruleInfos()
          .map((r) => `${r.id.padEnd(24)} ${r.severity.padEnd(8)} ${r.description}\n`)
          .join(''),
      );
      return 0;
    }
    const [{ analyzeCached }, { createTypeModel }] = await Promise.all([import('../../cached-analysis.js'), import('../../ctypes/index.js')]);
    const workspace = openWorkspace(args);
    const includePaths = workspace.includePathsWith(args.include);
    const options = {
      ...workspace.analyzeOptions,
      includePaths,
      conditions: withCommandLine(workspace.analyzeOptions.conditions, args),
      typeModel: createTypeModel,
      strict: args.strict ?? workspace.config.strict ?? false,
      signedness: args.signedness ?? workspace.config.signedness ?? false,
    };
    const analysis = await analyzeCached(workspace.paths, options, { command: 'lint', read: workspace.cache, settings: workspace.config }, VERSION);
    const baselineFile = args.baseline ?? (workspace.config.baseline !== undefined ? resolve(workspace.root, workspace.config.baseline) : undefined);
    if (baselineFile !== undefined) replayRecorder()?.watch([baselineFile]);
    const sorted = sortDiagnostics(analysis.diagnostics);
    const prints = fingerprints(sorted);
    if (args['update-baseline']) {
      if (baselineFile === undefined) throw new KmarkError('--update-baseline: give --baseline FILE or set "baseline" in kmark.config.json');
      const kept = sorted.filter(isActive);
      const written = writeBaseline(
        baselineFile,
        kept,
        prints.filter((_, k) => isActive(sorted[k]!)),
      );
      process.stderr.write(`kmark: ${baselineFile}: ${written} finding${written === 1 ? '' : 's'} in the baseline\n`);
    }
    const diagnostics = baselineFile !== undefined ? applyBaseline(sorted, prints, readBaseline(baselineFile), relative(workspace.root, baselineFile) || baselineFile) : sorted;
    emitDiagnostics(diagnostics, args.format, workspace.root, analysis.problems, args.color as ColorChoice);
    reportProblems(analysis.problems);
    warnIfHeadersMissing(includePaths, analysis.diagnostics);
    const code = exitCode(analysis.problems, diagnostics);
    const maxWarnings = args['max-warnings'] ?? workspace.config.maxWarnings;
    const warnings = diagnostics.filter((d) => isActive(d) && d.severity === 'warning').length;
    if (code === 0 && maxWarnings !== undefined && warnings > maxWarnings) {
      process.stderr.write(`kmark: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
      return 1;
    }
    return code;
  },
});

/**
 * Types left unresolved for want of headers, with no include path set at
 * all: the lint then checks only what needs no header, and exit 0 would be
 * taken for a pass. Said once (the notes themselves are per argument).
 */
function warnIfHeadersMissing(includePaths: readonly string[], diagnostics: readonly Diagnostic[]): void {
  if (includePaths.length > 0) return;
  const missing = diagnostics.filter((d) => d.rule === 'type-unresolved' && / not found\)$/.test(d.message)).length;
  if (missing > 0) {
    process.stderr.write(`kmark: warning: no include path is set and ${missing} argument type${missing === 1 ? '' : 's'} could not be resolved for want of headers: give -I DIR or "includePaths" in kmark.config.json\n`);
  }
}
