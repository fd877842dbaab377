/** The tree-sitter C parser, created once per process. */
import { createRequire } from 'node:module';
import type ParserType from 'tree-sitter';

const require = createRequire(import.meta.url);

export type SyntaxNode = ParserType.SyntaxNode;
export type Tree = ParserType.Tree;
export type TreeCursor = ParserType.TreeCursor;

export interface Point {
  readonly row: number;
  readonly column: number;
}

/** A part of a text to parse, as tree-sitter takes it. */
export interface TextRange {
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: Point;
  readonly endPosition: Point;
}

// Loaded on first use: a scan whose files hold no marker never pays for it.
let parser: ParserType | undefined;

function cParser(): ParserType {
  if (!parser) {
    const Parser = require('tree-sitter') as typeof ParserType;
    parser = new Parser();
    // Without the grammar's node-types table, tree-sitter gives every node the plain
    // SyntaxNode class instead of compiling a class with field getters for each node
    // type: kmark reads fields by name (childForFieldName), and the classes were half
    // of loading tree-sitter (docs/build.md#measured-why-one-run-and-not-a-cache-or-a-server).
    const language = require('tree-sitter-c') as ParserType.Language;
    delete (language as { nodeTypeInfo?: unknown }).nodeTypeInfo;
    parser.setLanguage(language);
  }
  return parser;
}

/**
 * Parses `text`, or only its `ranges` (positions stay those of the whole
 * text). The buffer holds the whole text at once: tree-sitter's 32 KiB
 * default would read it back through a callback many times. With ranges,
 * tree-sitter is handed one range at a time: the whole rest of the text for
 * each was copied into the parser, a large file's text again for every marker.
 */
export function parseC(text: string, ranges?: readonly TextRange[]): Tree {
  if (!ranges || ranges.length === 0) return cParser().parse(text, undefined, { bufferSize: text.length + 1 });
  // Read only up to the last range: given the string, the binding copies the
  // rest of the file at every parse, and a file is parsed once per region.
  const end = ranges[ranges.length - 1]!.endIndex;
  const input = (offset: number): string => text.slice(offset, offset < end ? end : offset + 4096);
  return cParser().parse(input, undefined, { bufferSize: end - ranges[0]!.startIndex + 1, includedRanges: [...ranges] });
}
