/**
 * The name of the function that encloses a marker (docs/scanning.md#the-enclosing-function). The tree gives
 * it for ordinary definitions; where tree-sitter misread the header (an
 * unknown annotation macro, a function made by a macro such as
 * `SYSCALL_DEFINE3(read, …)`), the header's own tokens give it.
 */
import { annotationUses, type AnnotationMacros } from '../c/annotations.js';
import { CLexer, splitOnCommas, tokensIn, type Token } from '../c/c-tokens.js';
import { parseC, type SyntaxNode } from '../c/parser.js';
import { bodyOpening, type TextRange } from './regions.js';
import { ancestorsOf, firstToken, tokensBefore } from './syntax.js';

/** `SYSCALL_DEFINE3` → `sys_{1}`: `{1}` is the macro's first argument, `{0}` its name. */
export type FunctionMacros = ReadonlyMap<string, string>;

/** The `SYSCALL_DEFINEn(name, …)` family, and the older `SYSCALL_DEFINE(name)(…)` form of 2.6.2x kernels. */
export const DEFAULT_FUNCTION_MACROS: FunctionMacros = new Map(
  ['', '0', '1', '2', '3', '4', '5', '6'].flatMap((n) => [
    [`SYSCALL_DEFINE${n}`, 'sys_{1}'],
    [`COMPAT_SYSCALL_DEFINE${n}`, 'compat_sys_{1}'],
  ]),
);

const DECLARATOR_WRAPPERS = new Set(['pointer_declarator', 'parenthesized_declarator', 'attributed_declarator', 'array_declarator', 'function_declarator']);

/** What a region's own header says: where its body opens, and the function it defines. */
export interface RegionDefinition {
  readonly bodyStart: number;
  readonly name: string;
}

/**
 * The function a region defines, read from its header alone, parsed with an
 * empty body. Inside the body tree-sitter's reading can go astray (braces
 * that balance only per `#if` branch, loop macros) in ways that reach the
 * definition itself; the header, cut from the region whose braces were
 * counted like the compiler's, is all the name needs. Undefined when the
 * region defines no function (a struct, an initializer). `blanked` has the
 * annotations and the header's directives blanked; `withDirectives` only the
 * annotations.
 */
export function regionDefinition(blanked: string, region: TextRange, macros: FunctionMacros, withDirectives: string): RegionDefinition | undefined {
  const bodyStart = bodyOpening(blanked, region);
  if (bodyStart < 0) return undefined;
  // A plain header holds no `;`, so it has no K&R declarations to cut off (oldStyleHeaderEnd).
  const plain = plainHeaderName(tokensIn(blanked, region.startIndex, bodyStart), macros);
  if (plain !== null) return { bodyStart, name: plain };
  const last = parseC(`${blanked.slice(region.startIndex, oldStyleHeaderEnd(blanked, region.startIndex, bodyStart))}{}`).rootNode.lastChild;
  // Where tree-sitter's recovery went astray in the header, as over macro calls with no `;`
  // (`REMAP2(u64, writeq, volatile)` lines before a definition), the header's last `NAME(…)`
  // after its last directive, as kmark's lexer reads it, names the function. A header that an
  // `#if` splits is left to tree-sitter, which names its first branch, as ctags does.
  const lexed = (): string | null => nameOfHeader(lexedHeader(withDirectives, region.startIndex, bodyStart), macros);
  let name: string | null;
  if (last?.type === 'function_definition') name = (last.hasError ? lexed() : null) ?? definitionName(last, macros);
  else if (last?.type === 'compound_statement') name = nameFromHeaderTokens(last, macros);
  else name = lexed();
  return name === null ? undefined : { bodyStart, name };
}

/**
 * regionDefinition's answer for a region whose header is plain, read from
 * the text as written rather than from a blanked copy of it: the header's
 * tokens to the body's `{`, once, less the annotation macro uses
 * (blankAnnotations over the header) and the directives after its first
 * token (blankHeaderDirectives), are the tokens regionDefinition reads of
 * the blanked text. Null when the header is not plain (plainHeaderName),
 * and regionDefinition must answer. With a marker in every function,
 * blanking each file and reading each header four times was a fifth of the scan.
 */
export function plainDefinition(text: string, region: TextRange, annotations: AnnotationMacros, macros: FunctionMacros): RegionDefinition | null {
  const simple = simpleDefinition(text, region, annotations, macros);
  if (simple !== undefined) return simple;
  const lexer = new CLexer(text, region.startIndex, region.endIndex);
  const tokens: Token[] = [];
  while (lexer.next()) {
    tokens.push(lexer.token());
    if (lexer.isPunct('{')) break;
  }
  const open = tokens[tokens.length - 1];
  if (open?.text !== '{') return null;
  const uses = annotationUses(tokens, annotations);
  const header: Token[] = [];
  let inHeader = false;
  for (let k = 0, use = 0; k < tokens.length - 1; k++) {
    const token = tokens[k]!;
    while (use < uses.length && uses[use]![1] <= token.start) use++;
    if (use < uses.length && uses[use]![0] <= token.start) continue;
    if (token.kind !== 'directive') inHeader = true;
    else if (inHeader) continue;
    header.push(token);
  }
  const name = plainHeaderName(header, macros);
  return name === null ? null : { bodyStart: open.start, name };
}

/**
 * plainDefinition's answer without a token object, for the header most
 * definitions have: words and `*`, `NAME(…)`, then the body's `{`, with no
 * directive. Of the words before the name, the object-like annotation
 * macros are left out, as plainDefinition leaves them out; the name is
 * never one (namesADefinition), and inside the parameters an annotation's
 * use changes nothing plainHeaderName reads. Undefined for any other
 * header, which plainDefinition reads token by token: with a marker in
 * every function, those tokens were a seventh of the scan's garbage
 * (docs/performance.md, "Eighth round").
 */
export function simpleDefinition(text: string, region: TextRange, annotations: AnnotationMacros, macros: FunctionMacros): RegionDefinition | undefined {
  const lexer = new CLexer(text, region.startIndex, region.endIndex);
  const name = simpleName(lexer, text, annotations, macros);
  if (name === undefined) return undefined;
  const bodyStart = simpleParametersEnd(lexer, text);
  return bodyStart < 0 ? undefined : { bodyStart, name };
}

/** The words and `*` of a simple header, then its name: the lexer is left at the `(` after it. */
function simpleName(lexer: CLexer, text: string, annotations: AnnotationMacros, macros: FunctionMacros): string | undefined {
  // The word read last, a type's or the name; the last word kept before it (-1: none, or a `*`).
  let word = -1;
  let wordEnd = -1;
  let kept = -1;
  let keptEnd = -1;
  const keepWord = (): void => {
    if (word < 0 || (annotations.mayBeAnnotationAt(text, word, wordEnd) && annotations.isObjectLike(text.slice(word, wordEnd)))) return;
    kept = word;
    keptEnd = wordEnd;
  };
  for (;;) {
    if (!lexer.next()) return undefined;
    if (lexer.kind === 'identifier') {
      keepWord();
      word = lexer.start;
      wordEnd = lexer.end;
      continue;
    }
    if (lexer.kind !== 'punct') return undefined;
    const c = text.charCodeAt(lexer.start);
    if (c === OPEN_PAREN && word >= 0) break;
    if (c !== STAR) return undefined;
    keepWord();
    word = kept = -1;
  }
  const name = text.slice(word, wordEnd);
  if (!isPlainName(name) || macros.has(name) || (kept >= 0 && TAG_KEYWORDS.has(text.slice(kept, keptEnd)))) return undefined;
  return name;
}

/** From the `(` of a simple header's parameters, the offset of the body's `{` right after their `)`, or -1. */
function simpleParametersEnd(lexer: CLexer, text: string): number {
  for (let depth = 1; depth > 0;) {
    if (!lexer.next() || lexer.kind === 'directive') return -1;
    if (lexer.kind !== 'punct') continue;
    const c = text.charCodeAt(lexer.start);
    if (c === OPEN_PAREN) depth++;
    else if (c === CLOSE_PAREN) depth--;
    else if (NOT_IN_PARAMETERS.has(text[lexer.start]!)) return -1;
  }
  return lexer.next() && lexer.isPunct('{') ? lexer.start : -1;
}

/**
 * The name a plain header declares, read from its tokens: words and `*`,
 * then `NAME(…)` and nothing after. tree-sitter reads such a header as a
 * function definition named NAME, or, when a word it does not know stands
 * among the types, splits it and is read back to the same NAME
 * (nameFromHeaderTokens); asking it costs a parse a definition, most of a
 * scan with a marker in every function (docs/performance.md). Null for any
 * other header: a function-defining macro, an attribute, a K&R parameter
 * list, a declarator in parentheses.
 */
function plainHeaderName(tokens: readonly Token[], macros: FunctionMacros): string | null {
  const n = tokens.length;
  if (n < 3 || tokens[n - 1]!.text !== ')') return null;
  let open = -1;
  for (let k = n - 1, depth = 0; k >= 0 && open < 0; k--) {
    const { kind, text } = tokens[k]!;
    if (kind === 'directive' || NOT_IN_PARAMETERS.has(text)) return null;
    if (text === ')') depth++;
    else if (text === '(' && --depth === 0) open = k;
  }
  const name = tokens[open - 1];
  if (open === 1 && name!.kind === 'identifier' && macros.has(name!.text)) return plainMacroHeaderName(tokens, macros.get(name!.text)!);
  if (name?.text === ')') return pointerReturningName(tokens, open - 1, macros);
  if (open < 1 || name!.kind !== 'identifier' || !isPlainName(name!.text) || macros.has(name!.text)) return null;
  for (let k = 0; k < open - 1; k++) if (tokens[k]!.kind !== 'identifier' && tokens[k]!.text !== '*') return null;
  // `struct s(…)` names a tag, not a function.
  if (TAG_KEYWORDS.has(tokens[open - 2]?.text ?? '')) return null;
  return name!.text;
}

/**
 * `SYSCALL_DEFINE3(read, unsigned int, fd, …)` alone: the configured name
 * of its first argument when that is one plain word, as both of
 * tree-sitter's readings of such a header name it (macroFunctionName,
 * nameFromHeaderTokens); null for any other first argument.
 */
function plainMacroHeaderName(tokens: readonly Token[], template: string): string | null {
  const first = tokens[2]!;
  const after = tokens[3]?.text;
  if (first.kind !== 'identifier' || !isPlainName(first.text) || (after !== ',' && after !== ')')) return null;
  return expandTemplate(template, tokens[0]!.text, first.text);
}

/**
 * `static ssize_t (*NAME(…))(…)`, a function returning a function pointer:
 * NAME, as tree-sitter's declarator chain names it (nameFromDeclarator),
 * when the type before is one tree-sitter reads without recovery; null for
 * any other shape. `close` is the `)` that ends the parenthesized declarator.
 */
function pointerReturningName(tokens: readonly Token[], close: number, macros: FunctionMacros): string | null {
  let open = -1;
  for (let k = close, depth = 0; k >= 0 && open < 0; k--) {
    if (tokens[k]!.text === ')') depth++;
    else if (tokens[k]!.text === '(' && --depth === 0) open = k;
  }
  if (open < 1 || tokens[open + 1]?.text !== '*') return null;
  let at = open + 1;
  while (tokens[at]?.text === '*') at++;
  const name = tokens[at];
  if (name?.kind !== 'identifier' || !isPlainName(name.text) || macros.has(name.text) || tokens[at + 1]?.text !== '(') return null;
  // Its own parameters close just before `close`, and hold nothing a parameter list cannot.
  for (let k = at + 1, depth = 0; k < close; k++) {
    const { kind, text } = tokens[k]!;
    if (kind === 'directive' || NOT_IN_PARAMETERS.has(text)) return null;
    if (text === '(') depth++;
    else if (text === ')' && --depth === 0 && k !== close - 1) return null;
  }
  const type: string[] = [];
  for (let k = 0; k < open; k++) {
    const { kind, text } = tokens[k]!;
    if (kind !== 'identifier' && text !== '*') return null;
    if (text !== '*' && !QUALIFIER_WORDS.has(text)) type.push(text);
  }
  return isPlainType(type) ? name.text : null;
}

/** A type tree-sitter reads without recovery: its primitive types (`unsigned long`, `ssize_t`), one type name, or `struct` and a tag. */
function isPlainType(words: readonly string[]): boolean {
  if (words.length > 0 && words.every((w) => PRIMITIVE_WORDS.has(w) || PRIMITIVE_TYPE_NAME.test(w))) return true;
  if (words.length === 1) return isPlainName(words[0]!);
  return words.length === 2 && TAG_KEYWORDS.has(words[0]!) && isPlainName(words[1]!);
}

const QUALIFIER_WORDS = new Set('static extern inline __inline __inline__ register const volatile restrict __restrict __extension__'.split(' '));
const PRIMITIVE_WORDS = new Set('unsigned signed short long int char void float double _Bool _Complex'.split(' '));

/** `#` too: one that starts no directive in the text may start one once an annotation before it on its line is blanked (plainDefinition). */
const NOT_IN_PARAMETERS = new Set([';', '{', '}', '=', '#']);
const TAG_KEYWORDS = new Set(['struct', 'union', 'enum']);
const STAR = 42;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;

/** An identifier tree-sitter reads as one: no `$`, no keyword or type it knows, no attribute keyword. */
const isPlainName = (name: string): boolean => !name.includes('$') && !C_WORDS.has(name) && !isAttributeKeyword(name) && !PRIMITIVE_TYPE_NAME.test(name);

/** The `_t` names tree-sitter's C grammar reads as primitive types. */
const PRIMITIVE_TYPE_NAME = /^u?int\d*_t$|^(size|ssize|ptrdiff|intptr|uintptr|char\d+|nullptr)_t$/;

const C_WORDS = new Set(
  (
    'auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch ' +
    'typedef union unsigned void volatile while _Bool _Complex _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert _Thread_local bool typeof __typeof__ __typeof ' +
    '__asm__ __asm asm __inline __inline__ __restrict __restrict__ __extension__ __volatile__ __thread __based __cdecl __clrcall __stdcall __fastcall __thiscall __vectorcall ' +
    'alignas alignof noreturn static_assert thread_local constexpr nullptr true false NULL TRUE FALSE offsetof __alignof__ __alignof _alignof __unaligned _unaligned __ptr32 __ptr64 __sptr __uptr __forceinline'
  ).split(' '),
);

export function enclosingFunctionName(node: SyntaxNode, macros: FunctionMacros): string | null {
  const ancestors = ancestorsOf(node);
  const firstBlock = ancestors.findIndex((a) => a.type === 'compound_statement');
  for (let k = ancestors.length - 1; k >= 0; k--) {
    const a = ancestors[k]!;
    // `for_each_online_cpu(cpu) { … }` inside a body parses as a nested
    // definition; C has none, so it is a loop macro and the walk goes on.
    if (a.type === 'function_definition' && (firstBlock < 0 || firstBlock > k)) return definitionName(a, macros);
    if (a.type === 'ERROR') {
      const recovered = nameFromErrorNode(a, node);
      if (recovered !== null) return macroFunctionName(recovered, macros) ?? recovered.text;
    }
  }
  // No definition around the site: tree-sitter may have split a macro-made
  // function into a call statement and a bare block.
  return firstBlock >= 0 ? nameFromHeaderTokens(ancestors[firstBlock]!, macros) : null;
}

function definitionName(definition: SyntaxNode, macros: FunctionMacros): string | null {
  const declarator = definition.childForFieldName('declarator');
  const oldForm = oldFormMacroName(definition.childForFieldName('type'), declarator, macros);
  if (oldForm !== null) return oldForm;
  const named = nameFromDeclarator(declarator);
  // `T * __attribute__((weak)) name(…)` reads as a declarator named `__attribute__`.
  if (named !== null && !isAttributeKeyword(named.text)) return macroFunctionName(named, macros) ?? named.text;
  const body = definition.childForFieldName('body');
  return body ? nameFromHeaderTokens(body, macros) : null;
}

const isAttributeKeyword = (name: string): boolean => name.startsWith('__attribute') || name === '__declspec';

/** `SYSCALL_DEFINE(fallocate)(int fd, …)`: tree-sitter reads a type `SYSCALL_DEFINE` and a declarator `(fallocate)(…)`. */
function oldFormMacroName(type: SyntaxNode | null, declarator: SyntaxNode | null, macros: FunctionMacros): string | null {
  if (type?.type !== 'type_identifier' || declarator?.type !== 'function_declarator') return null;
  const template = macros.get(type.text);
  const inner = declarator.childForFieldName('declarator');
  if (template === undefined || inner?.type !== 'parenthesized_declarator') return null;
  const name = inner.namedChildren[0];
  return name?.type === 'identifier' ? expandTemplate(template, type.text, name.text) : null;
}

/**
 * When tree-sitter could not close a definition (braces that balance only
 * per `#if` branch), it keeps `TYPE DECLARATOR {` as children of an ERROR
 * node: the last function declarator followed by `{` before the site names it.
 */
function nameFromErrorNode(error: SyntaxNode, site: SyntaxNode): SyntaxNode | null {
  let found: SyntaxNode | null = null;
  for (const child of error.children) {
    if (child.startIndex >= site.startIndex) break;
    if (child.type === 'function_declarator' && child.nextSibling?.type === '{') found = nameFromDeclarator(child) ?? found;
  }
  return found;
}

/**
 * `const char *f(a, b) int a; char *b;`: tree-sitter reads K&R parameter
 * declarations only after a plain declarator, so the header is read to the
 * `)` they follow (the first top-level `)` followed by a word), when a `;`
 * shows there are some.
 */
function oldStyleHeaderEnd(text: string, start: number, bodyStart: number): number {
  const tokens = tokensIn(text, start, bodyStart);
  let depth = 0;
  let end = -1;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!.text;
    if (t === '(') depth++;
    else if (t === ')' && --depth === 0 && end < 0 && tokens[k + 1]?.kind === 'identifier') end = tokens[k]!.end;
    else if (t === ';' && depth === 0) return end < 0 ? bodyStart : end;
  }
  return bodyStart;
}

/** The identifier a function declarator declares, or null when the chain holds no function declarator. */
function nameFromDeclarator(declarator: SyntaxNode | null): SyntaxNode | null {
  let sawFunction = false;
  let node = declarator;
  while (node && DECLARATOR_WRAPPERS.has(node.type)) {
    if (node.type === 'function_declarator') sawFunction = true;
    node = node.childForFieldName('declarator') ?? node.namedChildren.find((c) => c.type !== 'attribute_specifier') ?? null;
  }
  return sawFunction && node?.type === 'identifier' ? node : null;
}

/** For `SYSCALL_DEFINE3(read, …)` parsed as a declarator, the configured name. */
function macroFunctionName(name: SyntaxNode, macros: FunctionMacros): string | null {
  const template = macros.get(name.text);
  if (template === undefined) return null;
  const params = name.parent?.childForFieldName('parameters');
  const first = params?.namedChildren[0]?.text ?? '';
  return expandTemplate(template, name.text, first);
}

function expandTemplate(template: string, macro: string, firstArgument: string): string {
  return template.replaceAll('{0}', macro).replaceAll('{1}', firstArgument.trim());
}

const HEADER_STOPS = new Set([';', '}', '{']);

/** A token of a header as nameOfHeader reads it, from tree-sitter's leaves or kmark's lexer. */
interface HeaderToken {
  readonly text: string;
  /** A name tree-sitter reads as an identifier or a type's name: no keyword. */
  readonly word: boolean;
  /** A `;`, `{`, `}` or directive: outside parentheses, the header starts after it. */
  readonly stop: boolean;
}

/** Header tokens past this many are no header: the read gives up. */
const MAX_HEADER_TOKENS = 512;

/** The header `… NAME ( … ) [attributes]`, in order, from its tokens read backwards from the body's `{`; null past MAX_HEADER_TOKENS. */
function headerBackwards(backwards: Iterable<HeaderToken>): HeaderToken[] | null {
  const header: HeaderToken[] = [];
  let depth = 0;
  for (const token of backwards) {
    if (token.text === ')') depth++;
    else if (token.text === '(') depth--;
    else if (depth === 0 && token.stop) break;
    header.push(token);
    if (header.length > MAX_HEADER_TOKENS) return null;
  }
  return header.reverse();
}

/** The name the header of a parsed body gives, read from the tree's tokens. */
function nameFromHeaderTokens(body: SyntaxNode, macros: FunctionMacros): string | null {
  return nameOfHeader(headerBackwards(treeTokensBefore(body)), macros);
}

function* treeTokensBefore(body: SyntaxNode): Generator<HeaderToken> {
  for (const { type, text } of tokensBefore(firstToken(body))) {
    yield { text, word: type === 'identifier' || type === 'type_identifier', stop: HEADER_STOPS.has(type) || type.startsWith('#') || type === 'preproc_arg' };
  }
}

/** The header of text[start, bodyStart) as nameFromHeaderTokens reads a tree's, but with kmark's lexer. */
function lexedHeader(text: string, start: number, bodyStart: number): HeaderToken[] | null {
  const tokens = tokensIn(text, start, bodyStart);
  function* backwards(): Generator<HeaderToken> {
    for (let k = tokens.length - 1; k >= 0; k--) {
      const { kind, text: t } = tokens[k]!;
      yield { text: t, word: kind === 'identifier' && !C_WORDS.has(t), stop: HEADER_STOPS.has(t) || kind === 'directive' };
    }
  }
  return headerBackwards(backwards());
}

/** The function a header's tokens name: its last `NAME(…)`, attributes after it left out. */
function nameOfHeader(header: readonly HeaderToken[] | null, macros: FunctionMacros): string | null {
  if (header === null) return null;
  let end = header.length;
  while (end > 0 && header[end - 1]!.text === ')') {
    const open = matchingOpen(header, end - 1);
    if (open <= 0) return null;
    const callee = header[open - 1]!;
    if (callee.word && callee.text.startsWith('__attribute')) {
      end = open - 1;
      continue;
    }
    if (callee.text === ')') return oldFormFromTokens(header, open - 1, macros);
    if (!callee.word) return null;
    const template = macros.get(callee.text);
    if (template !== undefined) {
      const args = splitOnCommas(header.slice(open + 1, end - 1));
      const first = args[0]?.map((t) => t.text).join(' ') ?? '';
      return expandTemplate(template, callee.text, first);
    }
    // A function's own name, or an unconfigured function-defining macro's, which then stands for it.
    return callee.text;
  }
  return null;
}

/** `MACRO(name)(…)` read from tokens: the configured template, else `name`. */
function oldFormFromTokens(header: readonly HeaderToken[], close: number, macros: FunctionMacros): string | null {
  const open = matchingOpen(header, close);
  const macro = header[open - 1];
  if (open <= 0 || close - open !== 2 || !macro) return null;
  const name = header[open + 1]!.text;
  const template = macros.get(macro.text);
  return template === undefined ? name : expandTemplate(template, macro.text, name);
}

function matchingOpen(tokens: readonly HeaderToken[], close: number): number {
  let depth = 0;
  for (let k = close; k >= 0; k--) {
    if (tokens[k]!.text === ')') depth++;
    else if (tokens[k]!.text === '(' && --depth === 0) return k;
  }
  return -1;
}
