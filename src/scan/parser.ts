/** The tree-sitter C parser and the project's queries, created once per process. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type ParserType from 'tree-sitter';

const require = createRequire(import.meta.url);

export type SyntaxNode = ParserType.SyntaxNode;
export type Tree = ParserType.Tree;
export type Query = ParserType.Query;

// Loaded on first use: a scan whose files hold no marker never pays for it.
let parser: ParserType | undefined;
let language: unknown;

function cParser(): ParserType {
  if (!parser) {
    const Parser = require('tree-sitter') as typeof ParserType;
    language = require('tree-sitter-c');
    parser = new Parser();
    parser.setLanguage(language as ParserType.Language);
  }
  return parser;
}

// tree-sitter's default buffer for string input is 32 KiB; giving the whole
// text at once avoids re-reading it through the callback many times.
export function parseC(text: string): Tree {
  return cParser().parse(text, undefined, { bufferSize: text.length + 1 });
}

const queries = new Map<string, Query>();

/** A query from `src/scan/queries/NAME.scm`, compiled once. */
export function query(name: string): Query {
  let compiled = queries.get(name);
  if (!compiled) {
    cParser();
    const source = readFileSync(new URL(`../../src/scan/queries/${name}.scm`, import.meta.url), 'utf8');
    const Parser = require('tree-sitter') as typeof ParserType;
    compiled = new Parser.Query(language as ParserType.Language, source);
    queries.set(name, compiled);
  }
  return compiled;
}
