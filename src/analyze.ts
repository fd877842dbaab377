/**
 * The pipeline as a library: scan → model → check. The CLI commands are thin
 * wrappers over this; generation (src/gen) consumes its result.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { alternativesOf, type Alternatives } from './check/alternatives.js';
import { LINK_RULES, RULES, ruleInfos, runChecks } from './check/index.js';
import { applyInlineSuppressions, applyRuleLevels, type RuleLevel } from './check/suppressions.js';
import type { PreprocessorOptions } from './ctypes/conditions.js';
import type { TypeModel } from './ctypes/index.js';
import type { AnnotationMacros } from './c/annotations.js';
import type { CheckOptions, Rule } from './check/rule.js';
import type { Abi } from './model/abi.js';
import type { IoProblem } from './io/errors.js';
import { catalogOf, compareSites, type Catalog, type PlacedSite } from './model/catalog.js';
import { placeSites } from './place/sites.js';
import type { Diagnostic } from './model/diagnostic.js';
import { scan, scanInParts, treesFreedEvery, scanYielding, type ScanInParts, type ScanOptions, type ScanResult, type ScanStats } from './scan/index.js';
import type { SourceSpan } from './model/location.js';
import type { Marker, MarkerSite } from './model/marker.js';

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
  const { abi, checkOptions, types, alternatives } = checkingWith(options, scanned.annotations);
  const placed = placeSites(scanned.sites, { abi });
  const found = [...scanned.diagnostics, ...runChecks({ placed, sites: scanned.sites, inMacros: scanned.inMacros, options: checkOptions, types, alternatives }, options.rules ?? RULES)];
  return {
    catalog: catalogOf(placed.map((p) => p.marker)),
    placed,
    diagnostics: silencedAndLeveled(found, (file) => scanned.sites.filter((s) => s.span.file === file).map((s) => s.span), options),
    problems: scanned.problems,
    stats: scanned.stats,
  };
}

/** What the checks run with: the ABI, the options, the type model over the tree's annotation macros, the builds. */
function checkingWith(options: AnalyzeOptions, annotations: AnnotationMacros): { abi: Abi; checkOptions: CheckOptions; types: TypeModel | null; alternatives: Alternatives } {
  const abi: Abi = options.abi ?? 'lp64';
  return {
    abi,
    checkOptions: { abi, strict: options.strict ?? false, signedness: options.signedness ?? false },
    types: options.typeModel?.({ root: options.root, includePaths: options.includePaths ?? [], abi, annotations, conditions: options.conditions }) ?? null,
    alternatives: alternativesOf(options.alternatives ?? []),
  };
}

/** The findings with the source's suppression comments and the configuration's rule levels applied. */
function silencedAndLeveled(found: readonly Diagnostic[], siteSpansIn: (file: string) => readonly SourceSpan[], options: AnalyzeOptions): Diagnostic[] {
  const known = new Set(ruleInfos().map((r) => r.id));
  return applyRuleLevels(applyInlineSuppressions(found, siteSpansIn, known, sourceOf(options.root)), options.ruleLevels ?? {});
}

/**
 * analyze() for a run that keeps only the catalog and the diagnostics (scan
 * and lint: src/cached-analysis.ts), with the same result. Each marker file's
 * sites are placed and checked as the scan makes them, then let go but for
 * their spans and what the rules that compare files read of them (LINK_RULES:
 * a site's spans and format), which run at the end: holding every site,
 * ~1 KB each, to the end cost a seventh of a scan with a marker in every
 * function (docs/performance.md, "Fifth round"). The event loop turns as in
 * scanYielding, so that parse trees are freed.
 */
export async function analyzeInParts(paths: readonly string[], options: AnalyzeOptions): Promise<Omit<Analysis, 'placed'> & Pick<ScanInParts, 'stamps'>> {
  const { annotations, parts, stamps } = scanInParts(paths, options);
  const { abi, checkOptions, types, alternatives } = checkingWith(options, annotations);
  const rules = options.rules ?? RULES;
  const acrossFiles = rules.filter((r) => LINK_RULES.includes(r));
  const ofOneFile = rules.filter((r) => !LINK_RULES.includes(r));
  const found: Diagnostic[] = [];
  // The spans of the sites outside any function: the others' are their placed sites'.
  const unplacedSpans: SourceSpan[] = [];
  // Each file's placed sites, in catalog order within it.
  const files: ComparedAcrossFiles[][] = [];
  for (let parsed = 1; ; parsed++) {
    const part = parts.next();
    if (part.done) {
      // Catalog order: files by path (the walk's order may differ: `a/b.c` is walked before `a-b.c`).
      files.sort((a, b) => compareSites(a[0]!.marker, b[0]!.marker));
      const placed = files.flat();
      // The rules across files read `placed` alone (src/check/index.ts, LINK_RULES).
      found.push(...runChecks({ placed, sites: NONE, options: checkOptions, types, alternatives }, acrossFiles));
      const placedIn = new Map(files.map((group) => [group[0]!.marker.file, group]));
      const siteSpansIn = (file: string): SourceSpan[] => [...unplacedSpans.filter((span) => span.file === file), ...(placedIn.get(file) ?? []).map((p) => p.site.span)];
      return {
        catalog: catalogOf(placed.map((p) => p.marker)),
        diagnostics: silencedAndLeveled(found, siteSpansIn, options),
        problems: part.value.problems,
        stats: part.value.stats,
        stamps,
      };
    }
    const { sites, inMacros, diagnostics } = part.value;
    const placed = placeSites(sites, { abi });
    found.push(...diagnostics, ...runChecks({ placed, sites, inMacros, options: checkOptions, types, alternatives }, ofOneFile));
    for (const site of sites) if (site.function === null) unplacedSpans.push(site.span);
    if (placed.length > 0) files.push(placed.map(({ site, marker }) => new ComparedAcrossFiles(site, marker)));
    await treesFreedEvery(parsed);
  }
}

/**
 * A placed site as the rules that compare files read it, kept to the end
 * of the run: its marker, and of its site what those rules report at
 * (id-collision: the call's span; format-conflict: the format's), as
 * numbers, made into a site only when read. The rest of the site, its
 * arguments, their spans and the format's pieces, is let go; `nameSpan` is
 * the call's span, as for a site read back from a catalog
 * (placedFromMarker). Kept as objects, the site, its format and their spans
 * were four objects a marker that every collection copied
 * (docs/performance.md, "Seventh round").
 */
class ComparedAcrossFiles implements PlacedSite {
  private readonly endLine: number;
  private readonly endColumn: number;
  /** The format's, when the site has one (formatLine 0: none); its file is the call's. */
  private readonly formatLine: number = 0;
  private readonly formatColumn: number = 0;
  private readonly formatEndLine: number = 0;
  private readonly formatEndColumn: number = 0;
  private readonly formatValue: string | null = null;
  private readonly formatNoArgs: boolean = false;

  constructor(
    site: MarkerSite,
    readonly marker: Marker,
  ) {
    this.endLine = site.span.endLine;
    this.endColumn = site.span.endColumn;
    const { format } = site;
    if (format === undefined) return;
    ({ line: this.formatLine, column: this.formatColumn, endLine: this.formatEndLine, endColumn: this.formatEndColumn } = format.span);
    this.formatValue = format.value;
    this.formatNoArgs = format.noArgs;
  }

  get site(): MarkerSite {
    const { marker } = this;
    const span = { file: marker.file, line: marker.line, column: marker.column, endLine: this.endLine, endColumn: this.endColumn };
    const site = { form: marker.form, name: marker.name, span, nameSpan: span, function: marker.function, args: NONE };
    if (this.formatLine === 0) return site;
    const formatSpan = { file: marker.file, line: this.formatLine, column: this.formatColumn, endLine: this.formatEndLine, endColumn: this.formatEndColumn };
    return { ...site, format: { span: formatSpan, value: this.formatValue, noArgs: this.formatNoArgs, macros: NONE, pieces: NONE } };
  }
}

const NONE: readonly never[] = Object.freeze([]);

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
