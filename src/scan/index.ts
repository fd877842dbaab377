/**
 * scan: files → marker sites. Every file is read and byte-searched
 * (prefilter.ts, on several threads for a large tree); only the files that
 * may hold a marker are decoded, and of those only the top-level
 * definitions around a marker are parsed, after the tree's annotation macros
 * are blanked (SPEC §3).
 */
import { relative, resolve, sep } from 'node:path';
import { IoProblem } from '../io/errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { MarkerSite } from '../model/marker.js';
import { AnnotationMacros, blankAnnotations, macroDefinitions } from './annotations.js';
import { extractMarkers, markerNameOffsets } from './extract.js';
import { listCFiles } from './files.js';
import { DEFAULT_FUNCTION_MACROS, regionDefinition, type FunctionMacros } from './function-name.js';
import { parseC } from './parser.js';
import { prefilter, type Jobs } from './prefilter.js';
import { blankHeaderDirectives, partsToParse, regionsAround } from './regions.js';
import { decodeSource } from './source.js';

export interface ScanOptions {
  /** Source-tree root: marker paths are relative to it. */
  readonly root: string;
  /** Extra annotation macros to blank; `NAME()` for function-like ones. */
  readonly annotationMacros?: readonly string[];
  readonly functionMacros?: FunctionMacros;
  /** Threads reading the files, the calling one included (default 1; 'auto': see prefilter.ts). */
  readonly jobs?: Jobs;
  /** Called after each file the calling thread reads, with the files every thread has taken, for a progress display. */
  readonly onProgress?: (done: number, total: number) => void;
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
  const root = resolve(options.root);
  const { files, problems } = listCFiles(paths);
  const read = prefilter(files, options.jobs ?? 1, options.onProgress);
  for (const { file, reason } of read.unreadable) problems.push(new IoProblem(file, reason));

  const sites: MarkerSite[] = [];
  const diagnostics: Diagnostic[] = [];
  const decoded = read.candidates.map(({ file, bytes }) => {
    const path = treePath(root, file);
    return { file: path, ...decodeSource(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), path) };
  });
  const definitions = [...read.definitions];
  for (const { text } of decoded) if (text !== null) definitions.push(...macroDefinitions(text));
  const macros = new AnnotationMacros(definitions, options.annotationMacros);
  const functionMacros = options.functionMacros ?? DEFAULT_FUNCTION_MACROS;
  for (const { file, text, diagnostics: decoding } of decoded) {
    diagnostics.push(...decoding);
    if (text === null) continue;
    const targets = markerNameOffsets(text);
    const regions = regionsAround(text, targets);
    const blanked = blankHeaderDirectives(blankAnnotations(text, macros, regions ?? undefined), regions);
    for (const part of partsToParse(regions, targets)) {
      const definition = part.ranges?.length === 1 ? regionDefinition(blanked, part.ranges[0]!, functionMacros) : undefined;
      const extraction = extractMarkers(parseC(blanked, part.ranges), text, file, functionMacros, part.targets, definition);
      sites.push(...extraction.sites);
      diagnostics.push(...extraction.diagnostics);
    }
  }
  const stats = { filesRead: files.length, bytesRead: read.bytesRead, threads: read.threads, filesParsed: decoded.length };
  return { stats, sites, diagnostics, problems, annotations: macros };
}
