/**
 * The build step as a library (docs/build.md): every translation unit of a
 * build in one pass — each file of their include closures read and scanned
 * once — then each TU's outputs, and the link's catalog. Pure: the CLI
 * writes what this returns, only where it changed.
 *
 * Types are not modelled here. A build compiles every site with gcc's own
 * format check (`__mark_check_format`) and passes evmarker PARAMs to
 * functions of the declared TYPEs, so gcc -Wformat -Werror judges the
 * arguments at compile time; `kmark lint` models the same rules ahead of the
 * compiler, for CI.
 */
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { analyzeScanned, type AnalyzeOptions } from './analyze.js';
import { LINK_RULES, runChecks } from './check/index.js';
import { fragmentOf, mergeFragments, tuGenerator, type CatalogMarkup, type Fragment, type TuOutputs } from './gen/index.js';
import type { IoProblem } from './io/errors.js';
import { catalogOf, placedFromMarker, type Catalog, type PlacedSite } from './model/catalog.js';
import type { Diagnostic } from './model/diagnostic.js';
import type { FileCache } from './scan/file-cache.js';
import { DEFAULT_FUNCTION_MACROS } from './scan/function-name.js';
import { includeClosures } from './c/includes.js';
import { treePath } from './scan/index.js';

export interface BuildStepOptions extends AnalyzeOptions {
  readonly includePaths: readonly string[];
  /** The build's markup, recorded in the fragments (absent: none recorded). */
  readonly markup?: CatalogMarkup;
  /** What the last run remembered of the files (src/scan/file-cache.ts). */
  readonly cache: FileCache;
}

export interface TuResult {
  /** The TU relative to the root. */
  readonly tu: string;
  /** Whether none of its files changed since the last run, which wrote its outputs. */
  readonly unchanged: boolean;
  /** Made on demand: a TU that did not change need not be generated again. */
  readonly outputs: () => TuOutputs;
  readonly fragment: Fragment;
  /** The files its outputs were made from, relative to the current directory: the TU first, then the headers it includes. */
  readonly inputs: readonly string[];
}

export interface BuildStep {
  readonly tus: readonly TuResult[];
  /** Every file the outputs were made from, relative to the current directory, each once. */
  readonly inputs: readonly string[];
  readonly diagnostics: Diagnostic[];
  readonly problems: IoProblem[];
  /** Saves what this run learnt of the files, once its outputs are written: a TU is `unchanged` only against outputs that exist. */
  readonly remember: () => void;
}

/** The per-TU outputs of every TU (paths of .c files), from one scan of their include closures. */
export function buildStep(tuFiles: readonly string[], options: BuildStepOptions): BuildStep {
  const { cache } = options;
  const closures = includeClosures(tuFiles, options.includePaths, (file) => cache.includes(file));
  const files = [...new Set(closures.flat())];
  const analysis = analyzeScanned(cache.scan(files, options.root, options.annotationMacros ?? [], options.functionMacros ?? DEFAULT_FUNCTION_MACROS), options);
  // Sites come in (file, line, column) order, so a TU's are its files' groups in file order.
  const placedByFile = new Map<string, PlacedSite[]>();
  for (const p of analysis.placed) {
    const group = placedByFile.get(p.marker.file);
    if (group === undefined) placedByFile.set(p.marker.file, [p]);
    else group.push(p);
  }
  // Closures share most of their files: each file's two names are made once, not once per TU.
  const cwd = process.cwd();
  const inTree = new Map(files.map((f) => [f, treePath(options.root, f)]));
  const fromCwd = new Map(files.map((f) => [f, relative(cwd, f)]));
  const generate = tuGenerator({ abi: options.abi ?? 'lp64', ...(options.markup !== undefined ? { markup: options.markup } : {}) });
  const tus = tuFiles.map((file, k) => {
    const closure = closures[k]!;
    const tu = treePath(options.root, file);
    const placed = closure
      .map((f) => inTree.get(f)!)
      .sort()
      .flatMap((f) => placedByFile.get(f) ?? []);
    const files = createHash('md5').update(closure.join('\n')).digest('hex');
    const sameFiles = cache.note(tu, files) === files;
    const unchanged = sameFiles && !closure.some((f) => cache.isFresh(f));
    return { tu, unchanged, outputs: () => generate(tu, placed), fragment: fragmentOf(tu, placed, options.markup), inputs: closure.map((f) => fromCwd.get(f)!) };
  });
  return {
    tus,
    inputs: files.map((f) => fromCwd.get(f)!),
    diagnostics: analysis.diagnostics,
    problems: analysis.problems,
    remember: () =>
      cache.save(
        files,
        tus.map((t) => t.tu),
      ),
  };
}

export interface LinkStep {
  readonly catalog: Catalog;
  readonly diagnostics: Diagnostic[];
}

/** The link: fragments merged into the catalog, and the rules that span TUs run on it. */
export function linkStep(fragments: ReadonlyArray<{ source: string; fragment: Fragment }>): LinkStep {
  // The catalog with its schema, version and digest (model/catalog.ts), as kmark catalog writes it.
  const catalog = catalogOf(mergeFragments(fragments).markers);
  const placed = catalog.markers.map(placedFromMarker);
  const diagnostics = runChecks({ placed, sites: placed.map((p) => p.site), options: { abi: 'lp64', strict: false, signedness: false }, types: null }, LINK_RULES);
  return { catalog, diagnostics };
}
