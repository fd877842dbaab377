/**
 * The pipeline as a library: scan → model → check. The CLI commands are thin
 * wrappers over this; generation (src/gen) consumes its result.
 */
import { RULES, runChecks } from './check/index.js';
import type { TypeModel } from './ctypes/index.js';
import type { AnnotationMacros } from './scan/annotations.js';
import type { CheckOptions, Rule } from './check/rule.js';
import type { Abi } from './format/pri.js';
import type { IoProblem } from './io/errors.js';
import { catalogOf, placeSites, type Catalog, type PlacedSite } from './model/catalog.js';
import type { Diagnostic } from './model/diagnostic.js';
import { scan, type ScanOptions, type ScanStats } from './scan/index.js';

export interface AnalyzeOptions extends ScanOptions, Partial<CheckOptions> {
  /** Directories searched for #include, absolute, as gcc -I. */
  readonly includePaths?: readonly string[];
  /**
   * Makes the type model that the type rules need (lint and gen pass
   * ctypes' createTypeModel); without it they stay silent and scanning does
   * not load the type model at all.
   */
  readonly typeModel?: (options: { root: string; includePaths: readonly string[]; abi: Abi; annotations: AnnotationMacros }) => TypeModel;
  readonly rules?: readonly Rule[];
}

export interface Analysis {
  readonly catalog: Catalog;
  readonly placed: readonly PlacedSite[];
  readonly diagnostics: Diagnostic[];
  readonly problems: IoProblem[];
  readonly stats: ScanStats;
}

export function analyze(paths: readonly string[], options: AnalyzeOptions): Analysis {
  const abi: Abi = options.abi ?? 'lp64';
  const scanned = scan(paths, options);
  const placed = placeSites(scanned.sites, { abi });
  const checkOptions: CheckOptions = { abi, strict: options.strict ?? false, signedness: options.signedness ?? false };
  const types = options.typeModel?.({ root: options.root, includePaths: options.includePaths ?? [], abi, annotations: scanned.annotations }) ?? null;
  const diagnostics = [...scanned.diagnostics, ...runChecks({ placed, sites: scanned.sites, options: checkOptions, types }, options.rules ?? RULES)];
  return {
    catalog: catalogOf(placed.map((p) => p.marker)),
    placed,
    diagnostics,
    problems: scanned.problems,
    stats: scanned.stats,
  };
}
