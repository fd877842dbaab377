/** SARIF 2.1.0, built with node-sarif-builder; paths relative to the root (`%SRCROOT%`). */
import { createRequire } from 'node:module';
import type * as SarifBuilderModule from 'node-sarif-builder';
import type { Formatter } from './formatter.js';
import { sortDiagnostics } from './formatter.js';

// Required when used: the builder and its fs-extra were a third of every command's start-up.
const sarifBuilder = (): typeof SarifBuilderModule => createRequire(import.meta.url)('node-sarif-builder') as typeof SarifBuilderModule;

const LEVELS = { error: 'error', warning: 'warning', note: 'note' } as const;

export const formatSarif: Formatter = ({ diagnostics, rules, toolVersion }) => {
  const { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } = sarifBuilder();
  const run = new SarifRunBuilder().initSimple({ toolDriverName: 'kmark', toolDriverVersion: toolVersion });
  run.run.columnKind = 'utf16CodeUnits';
  run.run.originalUriBaseIds = { SRCROOT: { description: { text: 'The source-tree root' } } };
  for (const rule of rules) run.addRule(new SarifRuleBuilder().initSimple({ ruleId: rule.id, shortDescriptionText: rule.description }));
  for (const d of sortDiagnostics(diagnostics)) {
    const result = new SarifResultBuilder().initSimple({
      level: LEVELS[d.severity],
      messageText: d.message,
      ruleId: d.rule,
      fileUri: d.span.file,
      startLine: d.span.line,
      startColumn: d.span.column,
      endLine: d.span.endLine,
      endColumn: d.span.endColumn,
    });
    const location = result.result.locations?.[0]?.physicalLocation?.artifactLocation;
    if (location) location.uriBaseId = 'SRCROOT';
    if (d.markerId !== undefined) result.result.properties = { markerId: d.markerId };
    if (d.fix) {
      result.result.fixes = [
        {
          description: { text: d.fix.message },
          artifactChanges: [
            {
              artifactLocation: { uri: d.fix.span.file, uriBaseId: 'SRCROOT' },
              replacements: [
                {
                  deletedRegion: { startLine: d.fix.span.line, startColumn: d.fix.span.column, endLine: d.fix.span.endLine, endColumn: d.fix.span.endColumn },
                  insertedContent: { text: d.fix.text },
                },
              ],
            },
          ],
        },
      ];
    }
    run.addResult(result);
  }
  const log = new SarifBuilder();
  log.addRun(run);
  return `${log.buildSarifJsonString({ indent: true })}\n`;
};
