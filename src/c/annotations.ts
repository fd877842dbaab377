/**
 * Annotation macros: object-like macros that expand to nothing or to
 * attributes (`__init`, `__user`, `notrace`), and function-like ones that
 * expand to attributes (`__section(".x")`). tree-sitter does not expand
 * macros, so `static int __init f(void)` would parse with the wrong name;
 * blanking them first (offsets kept) gives the parse the compiler sees.
 */
import { fnv1a, fnv1aOf } from '../model/string-hash.js';
import { cTokens, tokensIn, type Token } from './c-tokens.js';
import type { TextRange } from './parser.js';

/** `#define NAME …` or `#define NAME(…) …` that may expand to annotations, its replacement text as written. */
export interface MacroDefinition {
  readonly name: string;
  readonly functionLike: boolean;
  readonly body: string;
}

/**
 * A file's `#define`s as a scan keeps them: one string. Most of a kernel's
 * ~500,000 cannot expand to annotations, as their bodies start with
 * neither a name nor a comment (numbers, expressions): of those only the
 * name is kept, and it says the name is no annotation macro, whatever its
 * other definitions. The string holds first the others, each a space
 * (object-like) or `(` (function-like), the name, a newline, the body and
 * a NUL (a file holding a NUL has no definitions: macroDefinitions); then
 * the vetoed names, each followed by a newline. One string a file rather
 * than objects and strings a definition: a scan of a kernel tree with a
 * few marker files reads every header's, and spent a third of its time
 * making and keeping them (docs/performance.md, "Eighth round");
 * AnnotationMacros reads a definition only when a name of its bucket is
 * asked.
 */
export type FileDefinitions = string;

/** The definitions in a file's string, as AnnotationMacros reads them: whole, or the name of one that vetoes it. */
export function readDefinitions(definitions: FileDefinitions): SortedDefinition[] {
  const found: SortedDefinition[] = [];
  const vetoedAt = definitions.lastIndexOf('\0') + 1;
  for (let at = 0; at < vetoedAt; at = definitions.indexOf('\0', at) + 1) found.push(definitionAt(definitions, at));
  for (let at = vetoedAt; at < definitions.length; at = definitions.indexOf('\n', at) + 1) found.push(definitionAt(definitions, at));
  return found;
}

type SortedDefinition = MacroDefinition | string;

/** The definition at `at`, where an annotating one or a vetoed name starts. */
function definitionAt(definitions: FileDefinitions, at: number): SortedDefinition {
  const kind = definitions.charCodeAt(at);
  const nameEnd = definitions.indexOf('\n', at);
  if (kind !== SPACE && kind !== OPEN_PAREN) return definitions.slice(at, nameEnd);
  return { name: definitions.slice(at + 1, nameEnd), functionLike: kind === OPEN_PAREN, body: definitions.slice(nameEnd + 1, definitions.indexOf('\0', nameEnd)) };
}

/** Bytes gathered for one string, in a buffer kept from file to file. */
class ByteSink {
  private buffer = Buffer.allocUnsafe(1 << 16);
  length = 0;

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    if (this.buffer.length >= this.length + n) return;
    const grown = Buffer.allocUnsafe(2 * (this.length + n));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  push(byte: number): void {
    this.buffer[this.length++] = byte;
  }

  /** By hand: Buffer#copy checks its arguments at a cost greater than a name's few bytes. */
  copy(bytes: Buffer, from: number, to: number): void {
    for (let k = from; k < to; k++) this.buffer[this.length++] = bytes[k]!;
  }

  /** The bytes gathered, then `more`'s, as one string; both emptied. */
  take(more: ByteSink): string {
    this.reserve(more.length);
    this.length += more.buffer.copy(this.buffer, this.length, 0, more.length);
    const text = this.buffer.toString('latin1', 0, this.length);
    this.length = more.length = 0;
    return text;
  }
}

const annotatingKept = new ByteSink();
const vetoedKept = new ByteSink();

const KEYWORDS_ALLOWED_IN_ANNOTATIONS = new Set(['inline', '__inline', '__inline__', '__extension__']);

const BUILTIN_OBJECT_LIKE = new Set([
  '__init',
  '__exit',
  '__initdata',
  '__exitdata',
  '__initconst',
  '__devinit',
  '__devexit',
  '__meminit',
  '__cpuinit',
  '__ref',
  '__refdata',
  '__user',
  '__kernel',
  '__iomem',
  '__percpu',
  '__rcu',
  '__force',
  '__nocast',
  '__safe',
  '__bitwise',
  '__must_check',
  '__always_inline',
  'noinline',
  '__noinline',
  '__cold',
  '__hot',
  'notrace',
  'asmlinkage',
  '__visible',
  '__weak',
  '__used',
  '__maybe_unused',
  '__always_unused',
  '__pure',
  '__read_mostly',
  '__sched',
  '__deprecated',
  '__packed',
  '__malloc',
  '__latent_entropy',
  '__noreturn',
  '__noclone',
  '__randomize_layout',
  '__nocfi',
  '__cacheline_aligned',
  '__cacheline_aligned_in_smp',
  '____cacheline_aligned',
  '__attribute_const__',
  'fastcall',
  '__inline__',
  '__inline',
  '__extension__',
  '__restrict',
  '__restrict__',
]);

const BUILTIN_FUNCTION_LIKE = new Set([
  '__attribute__',
  '__attribute',
  '__declspec',
  '__aligned',
  '__section',
  '__printf',
  '__scanf',
  '__acquires',
  '__releases',
  '__must_hold',
  '__alloc_size',
  '__cond_lock',
  '__assume_aligned',
  '__diagnose_as',
]);

/**
 * Every `#define` of a file, found by a byte search and read only as far as
 * its name: bodies are tokenized later, and only for the names that matter.
 * Works on the bytes, so that a header is never decoded as a whole. The
 * search is for `#`, a byte C text rarely holds outside directives (memchr
 * speed), rather than for `define`, whose `d` starts many false matches.
 */
export function macroDefinitions(source: Buffer | string): FileDefinitions {
  const bytes = typeof source === 'string' ? Buffer.from(source, 'latin1') : source;
  if (bytes.indexOf(0) >= 0) return '';
  for (let hash = bytes.indexOf(HASH); hash >= 0; hash = bytes.indexOf(HASH, hash + 1)) {
    if (!onlyBlanksBefore(bytes, hash)) continue;
    let i = skipBlanks(bytes, hash + 1);
    if (!bytesAt(bytes, i, DEFINE)) continue;
    const end = endOfLogicalLineInBytes(bytes, i);
    i = skipBlanks(bytes, i + DEFINE.length);
    const nameStart = i;
    while (i < end && isIdentifierByte(bytes[i]!)) i++;
    if (i === nameStart) continue;
    const nameEnd = i;
    const functionLike = bytes[i] === OPEN_PAREN;
    if (functionLike) {
      const close = bytes.indexOf(CLOSE_PAREN, i);
      if (close < 0 || close > end) continue;
      i = close + 1;
    }
    const first = bytes[skipBlanks(bytes, i)];
    const mayAnnotate = i >= end || first === undefined || isIdentifierStartByte(first) || first === SLASH || first === BACKSLASH || first === CARRIAGE_RETURN || first === NEWLINE;
    if (mayAnnotate) {
      // The kind, the name, a newline, the body and a NUL: never more than the line and three bytes.
      annotatingKept.reserve(end - nameStart + 3);
      annotatingKept.push(functionLike ? OPEN_PAREN : SPACE);
      annotatingKept.copy(bytes, nameStart, nameEnd);
      annotatingKept.push(NEWLINE);
      annotatingKept.copy(bytes, i, end);
      annotatingKept.push(0);
    } else {
      vetoedKept.reserve(nameEnd - nameStart + 1);
      vetoedKept.copy(bytes, nameStart, nameEnd);
      vetoedKept.push(NEWLINE);
    }
  }
  return annotatingKept.take(vetoedKept);
}

const HASH = 0x23;
const DEFINE = Buffer.from('define');
const NEWLINE = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const CARRIAGE_RETURN = 0x0d;

const isIdentifierByte = (b: number): boolean => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === 0x24;

const isIdentifierStartByte = (b: number): boolean => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === 0x24;

const skipBlanks = (bytes: Buffer, i: number): number => {
  while (bytes[i] === SPACE || bytes[i] === TAB) i++;
  return i;
};

/** Whether `word` stands at `i` (compared in place: a subarray per `#` costs more than the search). */
function bytesAt(bytes: Buffer, i: number, word: Buffer): boolean {
  for (let k = 0; k < word.length; k++) if (bytes[i + k] !== word[k]) return false;
  return true;
}

/** Whether only blanks stand between the line's start and `at`. */
function onlyBlanksBefore(bytes: Buffer, at: number): boolean {
  for (let k = at - 1; k >= 0 && bytes[k] !== NEWLINE; k--) {
    if (bytes[k] !== SPACE && bytes[k] !== TAB) return false;
  }
  return true;
}

function endOfLogicalLineInBytes(bytes: Buffer, i: number): number {
  for (;;) {
    const nl = bytes.indexOf(NEWLINE, i);
    if (nl < 0) return bytes.length;
    let k = nl - 1;
    if (bytes[k] === 0x0d) k--;
    if (bytes[k] !== 0x5c) return nl;
    i = nl + 1;
  }
}

type Kind = 'object' | 'function';

/**
 * The annotation macros of a tree: the builtin ones, the configured ones
 * (`NAME()` for a function-like one) and every macro all of whose
 * definitions expand only to annotations. Macros are classified on demand,
 * recursively, since annotations are built of annotations
 * (`#define __init __section(".init.text") __cold`); a large tree defines
 * thousands of macros of which only those met in a marker's region matter.
 */
export class AnnotationMacros {
  /**
   * The definitions by name, indexed a bucket of names at a time, at the
   * first question about a name of the bucket: a tree whose files hold no
   * marker asks none, and one with a few marker files asks about a few
   * names, while indexing a kernel's ~500,000 definitions was a tenth of
   * its scan (docs/performance.md, "Sixth round"). Only the names all of
   * whose definitions may annotate are kept: a vetoed name (FileDefinitions)
   * takes its name out when its bucket is indexed. A bucket holds where its
   * definitions are in `files` (reference()), read when it is indexed.
   */
  private readonly byName = new Map<string, MacroDefinition[]>();
  private buckets: Array<number[] | undefined> | undefined;
  private files: FileDefinitions[] = [];
  private readonly known = new Map<string, Kind | null>();
  /**
   * The names that may be annotation macros, as bits by a hash of the name:
   * a scan asks about every word of a definition's header (1.2 million
   * questions of 34,000 names with a marker in every function of a kernel
   * tree), and nearly all are no macro's; the bit answers them without a
   * lookup. Set for the builtin and configured names, and for every name
   * with a definition that may annotate when the definitions are first read.
   */
  private readonly mayAnnotate = new Int32Array(NAME_BITS / 32);

  constructor(
    private definitions: Iterable<FileDefinitions> = [],
    configured: readonly string[] = [],
  ) {
    for (const name of BUILTIN_OBJECT_LIKE) this.known.set(name, 'object');
    for (const name of BUILTIN_FUNCTION_LIKE) this.known.set(name, 'function');
    for (const name of configured) {
      if (name.endsWith('()')) this.known.set(name.slice(0, -2), 'function');
      else this.known.set(name, 'object');
    }
    for (const name of this.known.keys()) this.markMayAnnotate(name);
  }

  private markMayAnnotate(name: string): void {
    this.mark(fnv1a(name) & (NAME_BITS - 1));
  }

  private mark(bit: number): void {
    this.mayAnnotate[bit >>> 5]! |= 1 << (bit & 31);
  }

  /**
   * The definitions sorted into buckets, once, at the first question; the
   * names that may annotate marked. A vetoed name matters only to a name
   * with a definition that may annotate: only those whose bit is marked are
   * sorted.
   */
  private bucketed(): Array<number[] | undefined> {
    if (this.buckets === undefined) {
      const buckets: Array<number[] | undefined> = Array.from({ length: BUCKETS }, () => undefined);
      const files = [...this.definitions].filter((definitions) => definitions !== '');
      const vetoedAt = files.map((definitions) => definitions.lastIndexOf('\0') + 1);
      for (let file = 0; file < files.length; file++) {
        const definitions = files[file]!;
        for (let at = 0; at < vetoedAt[file]!; at = definitions.indexOf('\0', at) + 1) {
          const nameEnd = definitions.indexOf('\n', at);
          this.mark(fnv1aOf(definitions, at + 1, nameEnd) & (NAME_BITS - 1));
          (buckets[bucketAt(definitions, at + 1, nameEnd)] ??= []).push(reference(file, at));
        }
      }
      // Once every name that may annotate is marked.
      for (let file = 0; file < files.length; file++) {
        const definitions = files[file]!;
        for (let at = vetoedAt[file]!, end = definitions.indexOf('\n', at); end >= 0; at = end + 1, end = definitions.indexOf('\n', at)) {
          if (this.isMarked(fnv1aOf(definitions, at, end) & (NAME_BITS - 1))) (buckets[bucketAt(definitions, at, end)] ??= []).push(reference(file, at));
        }
      }
      this.files = files;
      this.buckets = buckets;
      this.definitions = [];
    }
    return this.buckets;
  }

  /** Whether `name` may be an annotation macro; the definitions are read for a name whose bit the builtin and configured ones did not set. */
  private mayBeAnnotation(name: string): boolean {
    return this.mayBeMarked(fnv1a(name) & (NAME_BITS - 1));
  }

  /**
   * Whether the word text[start, end) may be an annotation macro: false
   * answers isObjectLike and isFunctionLike for it without making the
   * word a string (src/scan/function-name.ts, simpleDefinition).
   */
  mayBeAnnotationAt(text: string, start: number, end: number): boolean {
    return this.mayBeMarked(fnv1aOf(text, start, end) & (NAME_BITS - 1));
  }

  private mayBeMarked(bit: number): boolean {
    if (this.isMarked(bit)) return true;
    if (this.buckets !== undefined) return false;
    this.bucketed();
    return this.isMarked(bit);
  }

  private isMarked(bit: number): boolean {
    return (this.mayAnnotate[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  private definitionsOf(name: string): MacroDefinition[] | undefined {
    const buckets = this.bucketed();
    const bucket = bucketOf(name);
    const pending = buckets[bucket];
    if (pending !== undefined) {
      buckets[bucket] = undefined;
      const definitions = pending.map((ref) => definitionAt(this.files[fileOf(ref)]!, offsetOf(ref)));
      for (const d of definitions) {
        if (typeof d === 'string') continue;
        const list = this.byName.get(d.name);
        if (list) list.push(d);
        else this.byName.set(d.name, [d]);
      }
      for (const d of definitions) if (typeof d === 'string') this.byName.delete(d);
    }
    return this.byName.get(name);
  }

  isObjectLike(name: string): boolean {
    return this.kind(name) === 'object';
  }

  isFunctionLike(name: string): boolean {
    return this.kind(name) === 'function';
  }

  private kind(name: string): Kind | null {
    if (!this.mayBeAnnotation(name)) return null;
    const known = this.known.get(name);
    if (known !== undefined) return known;
    const defs = this.definitionsOf(name);
    if (!defs) return null;
    // Provisionally not an annotation, so that a recursive definition ends.
    this.known.set(name, null);
    const functionLike = defs[0]!.functionLike;
    const kind: Kind | null = defs.every((d) => d.functionLike === functionLike && this.isAnnotationBody(d.body)) ? (functionLike ? 'function' : 'object') : null;
    this.known.set(name, kind);
    return kind;
  }

  private isAnnotationBody(body: string): boolean {
    const tokens = [...cTokens(body, 'tokens')];
    for (let k = 0; k < tokens.length; k++) {
      const token = tokens[k]!;
      if (token.kind !== 'identifier') return false;
      if (KEYWORDS_ALLOWED_IN_ANNOTATIONS.has(token.text) || this.isObjectLike(token.text)) continue;
      if (!this.isFunctionLike(token.text) || tokens[k + 1]?.text !== '(') return false;
      k = matchingParen(tokens, k + 1);
      if (k < 0) return false;
    }
    return true;
  }
}

/** A bit for about every 20 names that may annotate (~50,000 in a kernel tree): a word that is none is told so 19 times in 20. */
const NAME_BITS = 1 << 20;

/** Buckets of names by length and last character: names differ most there (`__init`, `__exit`, `__devinit`). */
const BUCKETS = 32 * 64;
const bucketOf = (name: string): number => bucketAt(name, 0, name.length);
const bucketAt = (text: string, start: number, end: number): number => (((end - start) & 31) << 6) | (text.charCodeAt(end - 1) & 63);

/** A definition's place, its file's index in `files` and its offset there, as one number. */
const reference = (file: number, at: number): number => file * 2 ** 32 + at;
const fileOf = (ref: number): number => Math.floor(ref / 2 ** 32);
const offsetOf = (ref: number): number => ref % 2 ** 32;

function matchingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k]!.text;
    if (t === '(') depth++;
    else if (t === ')' && --depth === 0) return k;
  }
  return -1;
}

/**
 * `text` with every annotation macro use (within `ranges`, else anywhere)
 * replaced by spaces: same length, same line breaks, so every offset, line
 * and column stays true. Preprocessor directives are left alone.
 */
export function blankAnnotations(text: string, macros: AnnotationMacros, ranges?: readonly TextRange[]): string {
  const blanks = (ranges ?? [{ startIndex: 0, endIndex: text.length }]).flatMap((r) => annotationUses(tokensIn(text, r.startIndex, r.endIndex), macros));
  if (blanks.length === 0) return text;
  let out = '';
  let last = 0;
  for (const [start, end] of blanks) {
    out += text.slice(last, start) + text.slice(start, end).replace(/[^\n]/g, ' ');
    last = end;
  }
  return out + text.slice(last);
}

/** The [start, end) offsets of the annotation macro uses among `tokens`, read as one piece of text (tokensIn). */
export function annotationUses(tokens: readonly Token[], macros: AnnotationMacros): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    if (token.kind !== 'identifier' || namesADefinition(tokens, k)) continue;
    if (macros.isObjectLike(token.text)) {
      ranges.push([token.start, token.end]);
    } else if (token.text !== '__attribute__' && tokens[k + 1]?.text === '(' && macros.isFunctionLike(token.text)) {
      const close = matchingParen(tokens, k + 1);
      if (close < 0) continue;
      ranges.push([token.start, tokens[close]!.end]);
      k = close;
    }
  }
  return ranges;
}

/** Whether the `)` at `close` ends an `__attribute__((…))`, which may stand before a function's name. */
function followsAttribute(tokens: readonly Token[], close: number): boolean {
  let depth = 0;
  for (let k = close; k >= 0; k--) {
    const t = tokens[k]!.text;
    if (t === ')') depth++;
    else if (t === '(' && --depth === 0) return tokens[k - 1]?.text.startsWith('__attribute') === true;
  }
  return false;
}

/**
 * `static void proc_fips_exit(void) {` where another `#if` branch or a header
 * stubs it out with `#define proc_fips_exit()`: a name followed by its
 * parameters and a body is the function's own, never an annotation. An
 * annotation after the parameters (`f(void) __acquires(x) {`) follows a `)`
 * that closes no `__attribute__`.
 */
function namesADefinition(tokens: readonly Token[], k: number): boolean {
  if (tokens[k + 1]?.text !== '(' || (tokens[k - 1]?.text === ')' && !followsAttribute(tokens, k - 1))) return false;
  const close = matchingParen(tokens, k + 1);
  if (close < 0) return false;
  // The body, or K&R parameter declarations (`int a; char *b;`) then the body.
  let declarations = false;
  for (let j = close + 1; j < tokens.length && j < close + 64; j++) {
    const t = tokens[j]!.text;
    if (t === '{') return j === close + 1 || declarations;
    if (t === ';') declarations = true;
    else if (t === '(' || t === '=' || t === '}') return false;
  }
  return false;
}
