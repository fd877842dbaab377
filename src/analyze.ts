/**
 * The pipeline as a library: scan → model → check. The CLI commands are thin
 * wrappers over this; generation (src/gen) consumes its result.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { alternativesOf } from './check/alternatives.js';
import { RULES, ruleInfos, runChecks } from './check/index.js';
import { applyInlineSuppressions, applyRuleLevels, type RuleLevel } from './check/suppressions.js';
import type { PreprocessorOptions } from './ctypes/conditions.js';
import type { TypeModel } from './ctypes/index.js';
import type { AnnotationMacros } from './c/annotations.js';
import type { CheckOptions, Rule } from './check/rule.js';
import type { Abi } from './model/abi.js';
import type { IoProblem } from './io/errors.js';
import { catalogOf, type Catalog, type PlacedSite } from './model/catalog.js';
import { placeSites } from './place/sites.js';
import type { Diagnostic } from './model/diagnostic.js';
import { scan, scanYielding, type ScanOptions, type ScanResult, type ScanStats } from './scan/index.js';

export interface AnalyzeOptions extends ScanOptions, Partial<CheckOptions> {
  /** Directories searched for #include, absolute, as gcc -I. */
  readonly includePaths?: readonly string[];
  /**
   * Makes the type model that the type rules need (lint and gen pass
   * ctypes' createTypeModel); without it they stay silent and scanning does
   * not load the type model at all.
   */
  /** -D, -U and -include for the type model's preprocessor conditions (docs/ctypes.md). */
  readonly conditions?: PreprocessorOptions;
  readonly typeModel?: (options: { root: string; includePaths: readonly string[]; abi: Abi; annotations: AnnotationMacros; conditions?: PreprocessorOptions }) => TypeModel;
  readonly rules?: readonly Rule[];
  /** kmark.config.json's `alternatives`: path patterns of files never built together (src/check/alternatives.ts); none: one image. */
  readonly alternatives?: readonly string[];
  /** kmark.config.json's `rules`: per-rule severity or off. */
  readonly ruleLevels?: Readonly<Record<string, RuleLevel>>;
}

export interface Analysis {
  readonly catalog: Catalog;
  readonly placed: readonly PlacedSite[];
  readonly diagnostics: Diagnostic[];
  readonly problems: IoProblem[];
  readonly stats: ScanStats;
}

export function analyze(paths: readonly string[], options: AnalyzeOptions): Analysis {
  return analyzeScanned(scan(paths, options), options);
}

/** analyze(), letting the event loop turn during the scan so that parse trees are freed as it goes (scanYielding). */
export async function analyzeYielding(paths: readonly string[], options: AnalyzeOptions): Promise<Analysis> {
  return analyzeScanned(await scanYielding(paths, options), options);
}

/** The model and checks over a scan made otherwise (the build step's remembers its files: src/scan/file-cache.ts). */
export function analyzeScanned(scanned: ScanResult, options: AnalyzeOptions): Analysis {
  const abi: Abi = options.abi ?? 'lp64';
  const placed = placeSites(scanned.sites, { abi });
  const checkOptions: CheckOptions = { abi, strict: options.strict ?? false, signedness: options.signedness ?? false };
  const types = options.typeModel?.({ root: options.root, includePaths: options.includePaths ?? [], abi, annotations: scanned.annotations, conditions: options.conditions }) ?? null;
  const found = [...scanned.diagnostics, ...runChecks({ placed, sites: scanned.sites, inMacros: scanned.inMacros, options: checkOptions, types, alternatives: alternativesOf(options.alternatives ?? []) }, options.rules ?? RULES)];
  const known = new Set(ruleInfos().map((r) => r.id));
  const diagnostics = applyRuleLevels(applyInlineSuppressions(found, scanned.sites, known, sourceOf(options.root)), options.ruleLevels ?? {});
  return {
    catalog: catalogOf(placed.map((p) => p.marker)),
    placed,
    diagnostics,
    problems: scanned.problems,
    stats: scanned.stats,
  };
}

/** A file of the tree as text, for the suppression comments; undefined when it cannot be read. */
function sourceOf(root: string): (file: string) => string | undefined {
  return (file) => {
    try {
      return readFileSync(resolve(root, file), 'utf8');
    } catch {
      return undefined;
    }
  };
}
