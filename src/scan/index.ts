/**
 * scan: files → marker sites. Every file is read and byte-searched; only the
 * files that may hold a marker are decoded, and of those only the top-level
 * definitions around a marker are parsed, after the tree's annotation macros
 * are blanked (SPEC §3).
 */
import { relative, resolve, sep } from 'node:path';
import { describeFsError, IoProblem } from '../io/errors.js';
import { FileReader } from '../io/read.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { MarkerSite } from '../model/marker.js';
import { AnnotationMacros, blankAnnotations, macroDefinitions, type MacroDefinition } from './annotations.js';
import { extractMarkers, markerNameOffsets } from './extract.js';
import { listCFiles } from './files.js';
import { DEFAULT_FUNCTION_MACROS, type FunctionMacros } from './function-name.js';
import { parseC } from './parser.js';
import { regionsAround } from './regions.js';
import { decodeSource, mayHoldMarkers } from './source.js';

export interface ScanOptions {
  /** Source-tree root: marker paths are relative to it. */
  readonly root: string;
  /** Extra annotation macros to blank; `NAME()` for function-like ones. */
  readonly annotationMacros?: readonly string[];
  readonly functionMacros?: FunctionMacros;
  /** Called after each file is read, for a progress display. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ScanResult {
  readonly filesRead: number;
  readonly bytesRead: number;
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
  const candidates: Array<{ file: string; bytes: Buffer }> = [];
  const definitions: MacroDefinition[] = [];
  let bytesRead = 0;
  const reader = new FileReader();
  files.forEach((file, index) => {
    let bytes: Buffer;
    try {
      bytes = reader.read(file);
    } catch (error) {
      problems.push(new IoProblem(file, describeFsError(error)));
      return;
    }
    bytesRead += bytes.length;
    if (mayHoldMarkers(bytes)) candidates.push({ file, bytes: Buffer.from(bytes) });
    else if (file.endsWith('.h')) definitions.push(...macroDefinitions(bytes));
    options.onProgress?.(index + 1, files.length);
  });

  const sites: MarkerSite[] = [];
  const diagnostics: Diagnostic[] = [];
  const decoded = candidates.map(({ file, bytes }) => ({ file: treePath(root, file), ...decodeSource(bytes, treePath(root, file)) }));
  for (const { text } of decoded) if (text !== null) definitions.push(...macroDefinitions(text));
  const macros = new AnnotationMacros(definitions, options.annotationMacros);
  const functionMacros = options.functionMacros ?? DEFAULT_FUNCTION_MACROS;
  for (const { file, text, diagnostics: decoding } of decoded) {
    diagnostics.push(...decoding);
    if (text === null) continue;
    const targets = markerNameOffsets(text);
    const regions = regionsAround(text, targets) ?? undefined;
    const tree = parseC(blankAnnotations(text, macros, regions), regions);
    const extraction = extractMarkers(tree, text, file, functionMacros, targets);
    sites.push(...extraction.sites);
    diagnostics.push(...extraction.diagnostics);
  }
  return { filesRead: files.length, bytesRead, sites, diagnostics, problems, annotations: macros };
}
