/**
 * From a parsed file to its marker sites. The byte search already knows where
 * each marker macro's name may stand; the tree says what stands there (an
 * identifier, not a comment, a string or a #define body). The call itself is
 * then read with kmark's own lexer, to its matching `)`, and split on its
 * top-level commas: its arguments are macro arguments, not expressions (a C
 * type, `pid_t, prev->pid`), and tree-sitter wraps them in ERROR nodes,
 * inside which its error recovery can misread the tokens themselves
 * (`(typeof(x))'%'` turned the rest of the line into `character` nodes).
 *
 * Why positions and not a tree-sitter query: a query cannot test a node's
 * text natively, so `(identifier) @m (#any-of? @m …)` evaluates its predicate
 * in JavaScript for every identifier of the file. Measured on a 50 KB file with
 * 23 markers: 26 ms with range-restricted queries, 0.4 ms by position.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { SourceSpan } from '../model/location.js';
import type { EvmarkerParts, FormatArgument, FormatPiece, MarkerArgument, MarkerForm, MarkerInMacro, MarkerSite } from '../model/marker.js';
import { SCANNER_RULES, type ScannerRuleId } from '../model/scanner-rules.js';
import { CLexer, cTokens, splitOnCommas, type Token } from '../c/c-tokens.js';
import { enclosingFunctionName, type FunctionMacros, type RegionDefinition } from './function-name.js';
import type { Point, SyntaxNode, TextRange, Tree } from '../c/parser.js';
import { ancestorsOf } from './syntax.js';

export interface Extraction {
  readonly sites: MarkerSite[];
  readonly inMacros: MarkerInMacro[];
  readonly diagnostics: Diagnostic[];
}

export const MARKER_MACROS: ReadonlySet<string> = new Set<string>(['trace_mark', 'evmarker']);

/** Parents under which the macro's name is not a call: its own #define, #ifdef, #undef, a prototype. */
const NOT_A_CALL = new Set(['preproc_def', 'preproc_function_def', 'preproc_ifdef', 'preproc_call', 'preproc_defined', 'function_declarator']);

/**
 * Every offset of a marker macro's name in the text, in order: where the
 * query needs to look. One search for the `mark` both names hold, as
 * source.ts searches the bytes: a search for each name stops at every `t`
 * and `e` and was 4× slower on a kernel tree's marker files (0.25 s against
 * 0.07 s for 190 MB).
 */
export function markerNameOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf('mark'); at >= 0; at = text.indexOf('mark', at + 4)) {
    if (at >= 6 && text.startsWith('trace_', at - 6)) offsets.push(at - 6);
    else if (at >= 2 && text.startsWith('ev', at - 2) && text.startsWith('er', at + 4)) offsets.push(at - 2);
  }
  return offsets;
}

/**
 * The marker sites of a parsed file. `source` is the text as written (the
 * tree may be of a blanked copy); `targets` are its marker-name offsets, to
 * which the queries are confined: a query over every identifier of a large
 * file would cost more than its parse. `definition`, when the tree is of one
 * region, names the markers inside its body.
 */
export function extractMarkers(tree: Tree, source: string, file: string, functionMacros: FunctionMacros, targets: readonly number[], definition?: RegionDefinition): Extraction {
  const sites: MarkerSite[] = [];
  const diagnostics: Diagnostic[] = [];
  const macroBodies = new Map<number, SyntaxNode>();
  for (const at of targets) {
    const node = tree.rootNode.descendantForIndex(at);
    if (node.type === 'preproc_arg') {
      macroBodies.set(node.startIndex, node);
      continue;
    }
    // Inside a body only a call can stand there, whatever tree-sitter's recovery made of it.
    const inBody = definition !== undefined && at > definition.bodyStart;
    if (!(node.type === 'identifier' || (inBody && node.type.endsWith('identifier'))) || node.startIndex !== at || !MARKER_MACROS.has(node.text)) continue;
    if (!inBody && node.parent && NOT_A_CALL.has(node.parent.type) && !isLoopMacroMisreading(node)) continue;
    const name: MarkerName = { form: node.text as MarkerForm, start: node.startIndex, position: node.startPosition };
    keep(
      callSite(source, file, name, () => (inBody ? definition.name : enclosingFunctionName(node, functionMacros))),
      sites,
      diagnostics,
    );
  }
  return { sites, inMacros: markersInMacroBodies(macroBodies.values(), file), diagnostics };
}

/** A marker macro's name where it stands as a call: which macro, its offset, and its line and column (0-based, as tree-sitter counts). */
export interface MarkerName {
  readonly form: MarkerForm;
  readonly start: number;
  readonly position: Point;
}

/**
 * The site of the call whose macro name is `name`, read from the text with
 * kmark's lexer; a diagnostic when the call is malformed; null when the name
 * is not followed by `(`. `functionName` is asked only for a well-formed call.
 */
export function callSite(source: string, file: string, name: MarkerName, functionName: () => string | null): MarkerSite | Diagnostic | null {
  const call = callTokens(source, name.start + name.form.length);
  if (call === 'not-a-call') return null;
  const spans = new CallSpans(source, file, name);
  if (call === 'unterminated') return problem('marker-syntax', spans.of(name.start, name.start + name.form.length), `unterminated ${name.form}(…) call`);
  const groups = splitOnCommas(call.inner);
  const ends = argumentEnds(groups, call.inner, call.close);
  const args = groups.map((tokens, k) => argumentOf(source, spans, tokens, ends[k]!));
  const span = spans.of(name.start, call.close.end);
  const site = siteOf(name.form, span, args, groups, functionName());
  return typeof site === 'string' ? problem('marker-syntax', span, site) : site;
}

/**
 * The sites of the marker call statements of a definition named `functionName`,
 * each range a `NAME(…);` that sparse.ts found at a token's start, outside
 * comments, literals and directives. A parse would only confirm that an
 * identifier stands there, which the character scan already knows; the call
 * itself is read with kmark's lexer either way, so no tree is made.
 */
export function statementSites(source: string, file: string, statements: readonly TextRange[], functionName: string): Extraction {
  const sites: MarkerSite[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { startIndex, startPosition } of statements) {
    const form = source.startsWith('trace_mark', startIndex) ? 'trace_mark' : 'evmarker';
    keep(
      callSite(source, file, { form, start: startIndex, position: startPosition }, () => functionName),
      sites,
      diagnostics,
    );
  }
  return { sites, inMacros: [], diagnostics };
}

function keep(found: MarkerSite | Diagnostic | null, sites: MarkerSite[], diagnostics: Diagnostic[]): void {
  if (found === null) return;
  if ('rule' in found) diagnostics.push(found);
  else sites.push(found);
}

/**
 * A "declarator" inside a body is tree-sitter's misreading of the statement
 * after a brace-less loop macro (`for_each_online_cpu(i) x++; trace_mark(…)`):
 * C declares no function there, so the name is a call.
 */
function isLoopMacroMisreading(node: SyntaxNode): boolean {
  return node.parent?.type === 'function_declarator' && ancestorsOf(node).some((a) => a.type === 'compound_statement');
}

interface CallTokens {
  readonly inner: Token[];
  readonly close: Token;
}

/** The tokens of the call whose macro name ends at `nameEnd`, to its matching `)`. */
function callTokens(source: string, nameEnd: number): CallTokens | 'not-a-call' | 'unterminated' {
  const lexer = new CLexer(source, nameEnd);
  if (!lexer.next() || !lexer.isPunct('(')) return 'not-a-call';
  const inner: Token[] = [];
  let depth = 1;
  while (lexer.next()) {
    if (lexer.isPunct('(')) depth++;
    else if (lexer.isPunct(')') && --depth === 0) return { inner, close: lexer.token() };
    inner.push(lexer.token());
  }
  return 'unterminated';
}

/**
 * Spans of the text of one call. Lines and columns are counted from its name,
 * whose position the tree knows, so the file is never counted from its start.
 */
class CallSpans {
  private readonly lineStart: number;

  constructor(
    private readonly source: string,
    readonly file: string,
    private readonly name: MarkerName,
  ) {
    this.lineStart = name.start - name.position.column;
  }

  of(start: number, end: number): SourceSpan {
    const first = this.position(start);
    const last = this.position(end);
    return { file: this.file, line: first.line, column: first.column, endLine: last.line, endColumn: last.column };
  }

  /** 1-based line and column of an offset at or after the name's start. */
  private position(offset: number): { line: number; column: number } {
    let line = this.name.position.row + 1;
    let lineStart = this.lineStart;
    for (let nl = this.source.indexOf('\n', this.name.start); nl >= 0 && nl < offset; nl = this.source.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    return { line, column: offset - lineStart + 1 };
  }
}

/** The `,` or `)` that ends each argument: the groups split `inner` in order, one comma between each two. */
function argumentEnds(groups: readonly Token[][], inner: readonly Token[], close: Token): Token[] {
  let at = 0;
  return groups.map((group) => {
    at += group.length + 1;
    return inner[at - 1] ?? close;
  });
}

/** An empty argument (`f(a, )`) sits, with no width, where the `,` or `)` that ends it is, as gcc points at it. */
function argumentOf(source: string, spans: CallSpans, tokens: readonly Token[], delimiter: Token): MarkerArgument {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last) return { text: '', span: spans.of(delimiter.start, delimiter.start) };
  return { text: detached(source.slice(first.start, last.end)), span: spans.of(first.start, last.end) };
}

/** The site of a call whose arguments are `args`, each read from its tokens in `groups`; a message when it is malformed. */
function siteOf(form: MarkerForm, span: SourceSpan, args: MarkerArgument[], groups: readonly Token[][], fn: string | null): MarkerSite | string {
  const markerName = args[0];
  if (!markerName || groups[0]!.length !== 1 || groups[0]![0]!.kind !== 'identifier') {
    return `the first argument of ${form} must be the marker's name, an identifier`;
  }
  const name = markerName.text;
  const nameSpan = markerName.span;
  const enclosing = fn === null ? null : detached(fn);
  // Each site is written out whole: spread from a common part and then added to, every site got a V8 hidden class of its own, ~300 bytes (docs/performance.md).
  if (form === 'trace_mark') {
    const format = args[1];
    if (!format || groups[1]!.length === 0) return 'trace_mark needs a format string (or MARK_NOARGS) after the name';
    return { form, name, span, nameSpan, function: enclosing, args, format: formatArgument(format, groups[1]!) };
  }
  if (args.length < 3) return 'evmarker needs TAG, HANDLERS and NR before its TYPE, PARAM pairs';
  return { form, name, span, nameSpan, function: enclosing, args, evmarker: evmarkerParts(args) };
}

/**
 * A copy of a piece of a file's text that does not keep the text alive: V8
 * makes a slice of a long string a view of it, and one site's argument or
 * function name would otherwise hold its whole file in memory for as long as
 * the catalog lives (a tree with markers everywhere held all of its text).
 */
function detached(piece: string): string {
  return ` ${piece}`.slice(1);
}

function formatArgument(arg: MarkerArgument, tokens: readonly Token[]): FormatArgument {
  const only = tokens.length === 1 ? tokens[0]! : null;
  const noArgs = only?.kind === 'identifier' && only.text === 'MARK_NOARGS';
  const pieces: FormatPiece[] = [];
  let literalOnly = !noArgs;
  for (const token of noArgs ? [] : tokens) {
    if (token.kind === 'string') pieces.push({ kind: 'literal', value: stringLiteralValue(token.text) });
    else if (token.kind === 'identifier') {
      pieces.push({ kind: 'macro', name: token.text });
      literalOnly = false;
    } else {
      literalOnly = false;
      pieces.length = 0;
      break;
    }
  }
  const value = noArgs ? '' : literalOnly && pieces.length > 0 ? pieces.map((p) => (p.kind === 'literal' ? p.value : '')).join('') : null;
  return {
    span: arg.span,
    value,
    noArgs,
    macros: pieces.flatMap((p) => (p.kind === 'macro' ? [p.name] : [])),
    pieces,
  };
}

function evmarkerParts(args: readonly MarkerArgument[]): EvmarkerParts {
  const rest = args.slice(3);
  const pairs = [];
  for (let k = 0; k + 1 < rest.length; k += 2) pairs.push({ type: rest[k]!, param: rest[k + 1]! });
  // The site's own arguments, not copies: they are plain data, read only.
  return { handlers: args[1]!, nr: args[2]!, pairs, unpaired: rest.length % 2 === 1 ? [rest[rest.length - 1]!] : [] };
}

/** `#define M … trace_mark(…) …`: check's marker-in-macro reports them. */
function markersInMacroBodies(bodies: Iterable<SyntaxNode>, file: string): MarkerInMacro[] {
  const found: MarkerInMacro[] = [];
  for (const node of bodies) {
    const defined = node.parent?.childForFieldName('name')?.text ?? '';
    if (MARKER_MACROS.has(defined)) continue;
    const tokens = [...cTokens(node.text, 'tokens')];
    const use = tokens.find((t, k) => t.kind === 'identifier' && MARKER_MACROS.has(t.text) && tokens[k + 1]?.text === '(');
    if (use) found.push({ form: use.text as MarkerForm, macro: defined, span: nodeSpan(file, node) });
  }
  return found;
}

function nodeSpan(file: string, node: SyntaxNode): SourceSpan {
  return {
    file,
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
  };
}

function problem(rule: ScannerRuleId, span: SourceSpan, message: string): Diagnostic {
  return { rule, severity: SCANNER_RULES[rule].severity, span, message };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' };

/** The value of a C string literal token, escapes decoded. */
export function stringLiteralValue(literal: string): string {
  const open = literal.indexOf('"');
  const body = literal.slice(open + 1, literal.endsWith('"') ? -1 : undefined);
  return body.replace(/\\(x[0-9a-fA-F]+|[0-7]{1,3}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/gs, (_, esc: string) => {
    if (/^[0-7]/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
    if (/^[xuU]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    return SIMPLE_ESCAPES[esc] ?? esc;
  });
}
