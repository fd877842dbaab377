/** The tree-sitter C parser, created once per process. */
import { createRequire } from 'node:module';
import type ParserType from 'tree-sitter';
import type { TextRange } from './regions.js';

const require = createRequire(import.meta.url);

export type SyntaxNode = ParserType.SyntaxNode;
export type Tree = ParserType.Tree;

// Loaded on first use: a scan whose files hold no marker never pays for it.
let parser: ParserType | undefined;

function cParser(): ParserType {
  if (!parser) {
    const Parser = require('tree-sitter') as typeof ParserType;
    parser = new Parser();
    parser.setLanguage(require('tree-sitter-c') as ParserType.Language);
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
  if (!ranges) return cParser().parse(text, undefined, { bufferSize: text.length + 1 });
  const longest = ranges.reduce((most, r) => Math.max(most, r.endIndex - r.startIndex), 0);
  const input = (offset: number): string => text.slice(offset, endOfRangeFrom(ranges, offset) ?? text.length);
  return cParser().parse(input, undefined, { bufferSize: longest + 1, includedRanges: [...ranges] });
}

/** The end of the first range that ends after `offset`, if any. */
function endOfRangeFrom(ranges: readonly TextRange[], offset: number): number | undefined {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranges[mid]!.endIndex > offset) hi = mid;
    else lo = mid + 1;
  }
  return ranges[lo]?.endIndex;
}
