/**
 * scan: files → marker sites. Every file is read and byte-searched
 * (prefilter.ts, on several threads for a large tree); only the files that
 * may hold a marker are decoded, and of those only the top-level
 * definitions around a marker are parsed, after the tree's annotation macros
 * are blanked (docs/scanning.md#annotation-macros).
 */
import { relative, resolve, sep } from 'node:path';
import { describeFsError, IoProblem } from '../io/errors.js';
import { FileReader } from '../io/read.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { MarkerInMacro, MarkerSite } from '../model/marker.js';
import { AnnotationMacros, blankAnnotations, type FileDefinitions } from '../c/annotations.js';
import { cTokens, type Token } from '../c/c-tokens.js';
import { extractMarkers, MARKER_MACROS, markerNameOffsets, statementSites, type Extraction } from './extract.js';
import { listCFiles, type FileList } from './files.js';
import { DEFAULT_FUNCTION_MACROS, plainDefinition, regionDefinition, type FunctionMacros } from './function-name.js';
import { parseC } from '../c/parser.js';
import { definitionsIn, prefilter, type Jobs } from './prefilter.js';
import { blankHeaderDirectives, partsToParse, regionsAround, type ParsePart, type TextRange } from './regions.js';
import { decodeSource } from '../c/source.js';
import { sparseRanges } from './sparse.js';

export interface ScanOptions {
  /** Source-tree root: marker paths are relative to it. */
  readonly root: string;
  /** Extra annotation macros to blank; `NAME()` for function-like ones. */
  readonly annotationMacros?: readonly string[];
  readonly functionMacros?: FunctionMacros;
  /** Threads reading the files, the calling one included (default 1; 'auto': see prefilter.ts). */
  readonly jobs?: Jobs;
  /** The files to read, when the caller listed them already (src/cached-analysis.ts); else listed from the paths. */
  readonly files?: FileList;
  /** Called after each file the calling thread reads, with the files every thread has taken, for a progress display. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called once the files are listed, before any is read, with how many there are (the CLI fits V8's tiering to it: src/cli/tiering.ts). */
  readonly onListed?: (files: number) => void;
  /** The run's start, to stamp each listed file as the first pass reads it (src/io/stamps.ts): the result cache's key. */
  readonly stampsAt?: bigint;
}

/** How much a scan read, for `kmark scan --stats` and the benchmarks. */
export interface ScanStats {
  readonly filesRead: number;
  readonly bytesRead: number;
  /** Threads that read files (prefilter.ts). */
  readonly threads: number;
  /** Files that may hold a marker, and were parsed. */
  readonly filesParsed: number;
}

export interface ScanResult {
  readonly stats: ScanStats;
  readonly sites: MarkerSite[];
  /** Marker macros inside `#define` bodies, which are not sites. */
  readonly inMacros: MarkerInMacro[];
  readonly diagnostics: Diagnostic[];
  readonly problems: IoProblem[];
  /** The annotation macros the files were read with, for whatever parses them next (the type model). */
  readonly annotations: AnnotationMacros;
}

/** The path a marker is known by: relative to the root, `/`-separated. */
export function treePath(root: string, file: string): string {
  return relative(root, resolve(file)).split(sep).join('/');
}

export function scan(paths: readonly string[], options: ScanOptions): ScanResult {
  const steps = scanSteps(paths, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * scan(), letting the event loop turn between parsed files: tree-sitter's
 * trees are freed by finalizers that Node runs only then (N-API defers
 * them), so a synchronous scan of many marker files keeps every tree it
 * parsed, ~150 KB a file, until it returns (docs/performance.md).
 */
export async function scanYielding(paths: readonly string[], options: ScanOptions): Promise<ScanResult> {
  const steps = scanSteps(paths, options);
  for (let parsed = 1; ; parsed++) {
    const step = steps.next();
    if (step.done) return step.value;
    await treesFreedEvery(parsed);
  }
}

/** Lets the event loop turn, and tree-sitter's finalizers run, once every FILES_BETWEEN_TURNS parsed files. */
export function treesFreedEvery(parsed: number): Promise<void> | void {
  if (parsed % FILES_BETWEEN_TURNS === 0) return new Promise((turn) => setImmediate(turn));
}

const FILES_BETWEEN_TURNS = 16;

/** The scan, paused after each file it parses. */
function* scanSteps(paths: readonly string[], options: ScanOptions): Generator<void, ScanResult> {
  const { annotations, parts } = scanInParts(paths, options);
  const sites: MarkerSite[] = [];
  const inMacros: MarkerInMacro[] = [];
  const diagnostics: Diagnostic[] = [];
  for (;;) {
    const part = parts.next();
    if (part.done) return { ...part.value, sites, inMacros, diagnostics, annotations };
    sites.push(...part.value.sites);
    inMacros.push(...part.value.inMacros);
    diagnostics.push(...part.value.diagnostics);
    yield;
  }
}

/** One marker file's part of a scan. */
export interface FileScan {
  readonly sites: MarkerSite[];
  readonly inMacros: MarkerInMacro[];
  readonly diagnostics: Diagnostic[];
}

/** A scan whose first pass is done: the tree's annotation macros, and the second pass to walk. */
export interface ScanInParts {
  readonly annotations: AnnotationMacros;
  /** Each listed file's stamp, as read, when the options asked for them (stampsAt). */
  readonly stamps?: BigInt64Array;
  /** Each marker file's part, in file order, read when asked; then what the whole scan read and could not. */
  readonly parts: Generator<FileScan, Pick<ScanResult, 'stats' | 'problems'>>;
}

/**
 * The scan for a caller that takes each marker file's sites as they are
 * made and need not keep them (src/analyze.ts, analyzeInParts): the first
 * pass reads every file now; the second reads one marker file a step.
 */
export function scanInParts(paths: readonly string[], options: ScanOptions): ScanInParts {
  const root = resolve(options.root);
  const listed = options.files ?? listCFiles(paths);
  const { files } = listed;
  options.onListed?.(files.length);
  const problems = [...listed.problems];
  const read = prefilter(files, options.jobs ?? 1, options.onProgress, options.stampsAt);
  for (const { file, reason } of read.unreadable) problems.push(new IoProblem(file, reason));
  const { candidates } = read;
  // The tree's #defines matter only to a file that may hold a marker: a tree without one reads none.
  const definitions = candidates.length === 0 ? [] : headerDefinitions(files, new Set([...candidates, ...read.headers, ...read.unreadable].map((f) => f.file)));
  for (const cut of [...read.headers, ...candidates]) definitions.push(cut.definitions);
  const macros = new AnnotationMacros(definitions, options.annotationMacros);
  const functionMacros = options.functionMacros ?? DEFAULT_FUNCTION_MACROS;
  const stats = { filesRead: files.length, bytesRead: read.bytesRead, threads: read.threads, filesParsed: candidates.length };
  return {
    annotations: macros,
    stamps: read.stamps,
    parts: secondPass(
      candidates.map((c) => c.file),
      root,
      macros,
      functionMacros,
      stats,
      problems,
    ),
  };
}

/** One marker file's bytes, text and tree at a time: with markers everywhere they are most of the tree. */
function* secondPass(candidates: readonly string[], root: string, macros: AnnotationMacros, functionMacros: FunctionMacros, stats: ScanStats, problems: IoProblem[]): Generator<FileScan, Pick<ScanResult, 'stats' | 'problems'>> {
  const reader = new FileReader();
  for (const absolute of candidates) {
    let bytes: Buffer;
    try {
      bytes = reader.read(absolute);
    } catch (error) {
      problems.push(new IoProblem(absolute, describeFsError(error)));
      continue;
    }
    const file = treePath(root, absolute);
    const { text, latin1, diagnostics: decoding } = decodeSource(bytes, file);
    if (text === null) {
      yield { sites: [], inMacros: [], diagnostics: decoding };
      continue;
    }
    const extraction = scanText(file, text, macros, functionMacros);
    yield {
      sites: latin1 ? extraction.sites.map(withLatin1Format) : extraction.sites,
      inMacros: extraction.inMacros,
      diagnostics: decoding.length === 0 ? extraction.diagnostics : [...decoding, ...extraction.diagnostics],
    };
  }
  return { stats, problems };
}

/**
 * The #defines of the headers not in `skipped`, read again: those the first
 * pass read before it found a file that may hold a marker (prefilter.ts).
 * A header that can no longer be read adds none.
 */
function headerDefinitions(files: readonly string[], skipped: ReadonlySet<string>): FileDefinitions[] {
  const reader = new FileReader();
  const definitions: FileDefinitions[] = [];
  for (const file of files) {
    if (!file.endsWith('.h') || skipped.has(file)) continue;
    try {
      definitions.push(definitionsIn(reader.read(file)));
    } catch {
      // Unreadable now though it was read a moment ago: its definitions are lost, as they would be had it not been listed.
    }
  }
  return definitions;
}

/**
 * The marker sites of one file's text (`file` relative to the root), read
 * with the tree's annotation macros. Each top-level definition around a
 * marker is parsed on its own, so that a parse error cannot spill into the
 * next (docs/scanning.md), and of a definition only its header and marker
 * statements (sparse.ts); a plain definition whose markers are all call
 * statements is not parsed at all (statementSites).
 */
export function scanText(file: string, text: string, macros: AnnotationMacros, functionMacros: FunctionMacros): Extraction {
  const targets = markerNameOffsets(text);
  const regions = regionsAround(text, targets);
  const parts = partsToParse(regions, targets).map((part) => cutOf(text, part));
  // The text with its annotations blanked, made only if a parse or a header that is not plain reads it; blanked
  // only where they read: the header alone of a definition with call statements only.
  let annotationsBlanked: string | undefined;
  let blanked: string | undefined;
  const withoutAnnotations = (): string => {
    const ranges = regions === null ? undefined : parts.flatMap((part) => (part.statements ? part.sparse!.slice(0, 1) : part.ranges!));
    return (annotationsBlanked ??= blankAnnotations(text, macros, ranges));
  };
  const blankedText = (): string => (blanked ??= blankHeaderDirectives(withoutAnnotations(), regions));
  let wholeRegionsBlanked: string | undefined;
  const found: Extraction = { sites: [], inMacros: [], diagnostics: [] };
  for (const part of parts) {
    const { region, statements } = part;
    if (region !== undefined && statements === null && !namesAMarker(text, region, part.targets)) continue;
    const plain = region !== undefined && statements !== null ? plainDefinition(text, region, macros, functionMacros) : null;
    const definition = plain ?? (region !== undefined ? regionDefinition(blankedText(), region, functionMacros, withoutAnnotations()) : undefined);
    let extraction: Extraction;
    if (definition !== undefined && statements) extraction = statementSites(text, file, statements, definition.name);
    else {
      // A definition tree-sitter must name after all: its statements are blanked too, as the parse reads them.
      const source = statements ? (wholeRegionsBlanked ??= blankHeaderDirectives(blankAnnotations(text, macros, regions ?? undefined), regions)) : blankedText();
      extraction = extractMarkers(parseC(source, part.sparse ?? part.ranges), text, file, functionMacros, part.targets, definition);
    }
    found.sites.push(...extraction.sites);
    found.inMacros.push(...extraction.inMacros);
    found.diagnostics.push(...extraction.diagnostics);
  }
  return found;
}

/**
 * Whether a marker's name at one of `targets` (sorted offsets in `region`)
 * may be a site or stand in a `#define`, as kmark's lexer reads the region:
 * a word of its own outside comments and literals, or in a directive
 * (a word holding a `$`, which tree-sitter may split, counts too). At the
 * others a parse finds nothing: a region holding only those (a comment
 * about trace_mark(), a longer identifier) is not parsed, and a build whose
 * markers are all plain statements loads no tree-sitter (docs/scanning.md#regions).
 */
function namesAMarker(text: string, region: TextRange, targets: readonly number[]): boolean {
  let next = 0;
  for (const token of cTokens(text, 'whole', region.startIndex)) {
    if (token.start >= region.endIndex) break;
    // Targets before this token lie in a comment.
    while (next < targets.length && targets[next]! < token.start) next++;
    if (next === targets.length) return false;
    for (; next < targets.length && targets[next]! < token.end; next++) {
      if (token.kind === 'directive' && targets[next] !== definedName(token)) return true;
      if (token.kind === 'identifier' && ((token.start === targets[next] && MARKER_MACROS.has(token.text)) || token.text.includes('$'))) return true;
    }
  }
  return false;
}

/** Where the name of `#define NAME`, `#ifdef NAME` or `#ifndef NAME` starts: no site, no macro body (extract.ts, NOT_A_CALL). */
function definedName(directive: Token): number {
  const head = /^#[ \t]*(?:define|ifdef|ifndef)[ \t]+(?=[A-Za-z_])/.exec(directive.text);
  return head === null ? -1 : directive.start + head[0].length;
}

interface CutPart extends ParsePart {
  /** The one region of the part, when it has one. */
  readonly region?: TextRange;
  /** Its header, marker statements and closing brace (sparse.ts), when it is a plain definition. */
  readonly sparse: TextRange[] | null;
  /** The marker call statements of `sparse`, when its markers are nothing else (none stands in a directive line). */
  readonly statements: TextRange[] | null;
}

const HASH = 35;

function cutOf(text: string, part: ParsePart): CutPart {
  const region = part.ranges?.length === 1 ? part.ranges[0]! : undefined;
  const sparse = region !== undefined ? sparseRanges(text, region, part.targets) : null;
  const pieces = sparse?.slice(1, -1) ?? null;
  const statements = pieces !== null && pieces.every((piece) => text.charCodeAt(piece.startIndex) !== HASH) ? pieces : null;
  // Written out whole: a spread gave each part a hidden class of its own, a third of a second on a kernel tree (docs/performance.md).
  return { ranges: part.ranges, targets: part.targets, region, sparse, statements };
}

/** A site of a file read as Latin-1 keeps its format's bytes (docs/bad-input.md). */
export const withLatin1Format = (site: MarkerSite): MarkerSite => (site.format ? { ...site, format: { ...site.format, latin1: true } } : site);
