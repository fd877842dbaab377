/**
 * SARIF 2.1.0 as GitHub code scanning takes it (sarif-multitool `validate
 * --rule-kind "Sarif;Ghas"` passes): rule descriptors with help into
 * docs/rules.md, fingerprints, logical locations, fixes, suppressions; paths
 * relative to the root (`%SRCROOT%`), percent-encoded.
 */
import { createRequire } from 'node:module';
import type * as SarifBuilderModule from 'node-sarif-builder';
import type { Result } from 'sarif';
import { fingerprints } from '../model/fingerprint.js';
import type { SourceSpan } from '../model/location.js';
import { KMARK_HOME } from '../model/project.js';
import type { Formatter } from './formatter.js';
import { sortDiagnostics } from './formatter.js';

// Required when used: the builder and its fs-extra were a third of every command's start-up.
const sarifBuilder = (): typeof SarifBuilderModule => createRequire(import.meta.url)('node-sarif-builder') as typeof SarifBuilderModule;

const LEVELS = { error: 'error', warning: 'warning', note: 'note' } as const;

/** `fs/a b.c` → `fs/a%20b.c`: SARIF URIs are RFC 3986 references. */
export const sarifUri = (file: string): string => file.split('/').map(encodeURIComponent).join('/');

const region = (span: SourceSpan) => ({ startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn });

/** The marker's identity names the function: `path:function:ordinal`. */
const functionOf = (markerId: string): string => markerId.split(':').slice(-2, -1)[0] ?? '';

export const formatSarif: Formatter = ({ diagnostics, rules, toolVersion, executionSuccessful }) => {
  const { SarifBuilder, SarifRuleBuilder, SarifRunBuilder } = sarifBuilder();
  const run = new SarifRunBuilder().initSimple({ toolDriverName: 'kmark', toolDriverVersion: toolVersion, url: KMARK_HOME });
  run.run.columnKind = 'utf16CodeUnits';
  run.run.originalUriBaseIds = { SRCROOT: { description: { text: 'The source-tree root' } } };
  run.run.invocations = [{ executionSuccessful: executionSuccessful ?? true }];
  for (const rule of rules) {
    const descriptor = new SarifRuleBuilder().initSimple({ ruleId: rule.id, shortDescriptionText: rule.description, fullDescriptionText: rule.description, helpUri: rule.helpUri });
    descriptor.rule.help = { text: `${rule.description} Examples and how to fix it: ${rule.helpUri}`, markdown: `${rule.description}\n\n[Examples and how to fix it](${rule.helpUri})` };
    descriptor.rule.defaultConfiguration = { level: LEVELS[rule.severity] };
    run.addRule(descriptor);
  }
  const sorted = sortDiagnostics(diagnostics);
  const prints = fingerprints(sorted);
  run.run.results = sorted.map((d, k): Result => ({
    ruleId: d.rule,
    ruleIndex: rules.findIndex((r) => r.id === d.rule),
    level: LEVELS[d.severity],
    message: { text: d.message },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: sarifUri(d.span.file), uriBaseId: 'SRCROOT' }, region: region(d.span) },
        ...(d.markerId !== undefined
          ? {
              logicalLocations: [
                { kind: 'function', name: functionOf(d.markerId) },
                { kind: 'member', name: d.markerId, fullyQualifiedName: d.markerId },
              ],
            }
          : {}),
      },
    ],
    // gcc's labelled ranges (the conversion and its argument, with their types) as SARIF's related locations.
    ...(d.labels !== undefined ? { relatedLocations: d.labels.map((l, id) => ({ id, message: { text: l.text }, physicalLocation: { artifactLocation: { uri: sarifUri(l.span.file), uriBaseId: 'SRCROOT' }, region: region(l.span) } })) } : {}),
    partialFingerprints: { 'kmarkFinding/v1': prints[k]! },
    ...(d.suppression ? { suppressions: [{ kind: d.suppression.kind, justification: d.suppression.justification }] } : {}),
    ...(d.markerId !== undefined ? { properties: { markerId: d.markerId } } : {}),
    ...(d.fix
      ? {
          fixes: [
            {
              description: { text: d.fix.message },
              artifactChanges: [{ artifactLocation: { uri: sarifUri(d.fix.span.file), uriBaseId: 'SRCROOT' }, replacements: [{ deletedRegion: region(d.fix.span), insertedContent: { text: d.fix.text } }] }],
            },
          ],
        }
      : {}),
  }));
  const log = new SarifBuilder();
  log.addRun(run);
  return `${log.buildSarifJsonString({ indent: true })}\n`;
};
