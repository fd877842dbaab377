/**
 * Annotation macros: object-like macros that expand to nothing or to
 * attributes (`__init`, `__user`, `notrace`), and function-like ones that
 * expand to attributes (`__section(".x")`). tree-sitter does not expand
 * macros, so `static int __init f(void)` would parse with the wrong name;
 * blanking them first (offsets kept) gives the parse the compiler sees.
 */
import { cTokens, endOfLogicalLine, type Token } from './c-tokens.js';
import type { TextRange } from './regions.js';

export interface AnnotationMacros {
  readonly objectLike: ReadonlySet<string>;
  readonly functionLike: ReadonlySet<string>;
}

/** Known even when no header of the tree defines them. */
export const BUILTIN_ANNOTATIONS: AnnotationMacros = {
  objectLike: new Set([
    '__init', '__exit', '__initdata', '__exitdata', '__initconst', '__devinit', '__devexit', '__meminit',
    '__cpuinit', '__ref', '__refdata', '__user', '__kernel', '__iomem', '__percpu', '__rcu', '__force',
    '__nocast', '__safe', '__bitwise', '__must_check', '__always_inline', 'noinline', '__noinline', '__cold',
    '__hot', 'notrace', 'asmlinkage', '__visible', '__weak', '__used', '__maybe_unused', '__always_unused',
    '__pure', '__read_mostly', '__sched', '__deprecated', '__packed', '__malloc', '__latent_entropy',
    '__noreturn', '__noclone', '__randomize_layout', '__nocfi', '__cacheline_aligned',
    '__cacheline_aligned_in_smp', '____cacheline_aligned', '__attribute_const__', 'fastcall', '__inline__',
    '__inline', '__extension__', '__restrict', '__restrict__',
  ]),
  functionLike: new Set([
    '__attribute__', '__attribute', '__declspec', '__aligned', '__section', '__printf', '__scanf', '__acquires',
    '__releases', '__must_hold', '__alloc_size', '__cond_lock', '__assume_aligned', '__diagnose_as',
  ]),
};

/** `#define NAME …` or `#define NAME(…) …`, its body as tokens. */
export interface MacroDefinition {
  readonly name: string;
  readonly functionLike: boolean;
  readonly body: readonly Token[];
}

const KEYWORDS_ALLOWED_IN_ANNOTATIONS = new Set(['inline', '__inline', '__inline__', '__extension__']);

/** Every `#define` of `text`, found by a byte search so that files without one cost nothing more. */
export function macroDefinitions(text: string): MacroDefinition[] {
  const definitions: MacroDefinition[] = [];
  for (let at = text.indexOf('define'); at >= 0; at = text.indexOf('define', at + 6)) {
    const lineStart = text.lastIndexOf('\n', at) + 1;
    if (!/^[ \t]*#[ \t]*$/.test(text.slice(lineStart, at))) continue;
    const end = endOfLogicalLine(text, at);
    const definition = parseDefinition(text.slice(at + 6, end));
    if (definition) definitions.push(definition);
  }
  return definitions;
}

function parseDefinition(rest: string): MacroDefinition | null {
  const tokens = [...cTokens(rest, 'tokens')];
  const name = tokens[0];
  if (!name || name.kind !== 'identifier') return null;
  // Function-like only when `(` follows the name with no space between.
  const functionLike = tokens[1]?.text === '(' && tokens[1].start === name.end;
  let bodyStart = 1;
  if (functionLike) {
    const close = tokens.findIndex((t, k) => k > 1 && t.text === ')');
    if (close < 0) return null;
    bodyStart = close + 1;
  }
  return { name: name.text, functionLike, body: tokens.slice(bodyStart) };
}

/**
 * The annotation macros of a tree: the builtin ones, the configured ones and
 * every macro all of whose definitions expand only to annotations. Iterated to
 * a fixed point because annotations are built of annotations
 * (`#define __init __section(".init.text") __cold`).
 */
export function annotationMacros(definitions: Iterable<MacroDefinition>, configured: readonly string[] = []): AnnotationMacros {
  const objectLike = new Set(BUILTIN_ANNOTATIONS.objectLike);
  const functionLike = new Set(BUILTIN_ANNOTATIONS.functionLike);
  for (const name of configured) {
    if (name.endsWith('()')) functionLike.add(name.slice(0, -2));
    else objectLike.add(name);
  }
  const byName = new Map<string, MacroDefinition[]>();
  for (const d of definitions) {
    const list = byName.get(d.name);
    if (list) list.push(d);
    else byName.set(d.name, [d]);
  }
  const known: AnnotationMacros = { objectLike, functionLike };
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, defs] of byName) {
      if (objectLike.has(name) || functionLike.has(name)) continue;
      if (!defs.every((d) => isAnnotationBody(d.body, known) && d.functionLike === defs[0]!.functionLike)) continue;
      (defs[0]!.functionLike ? functionLike : objectLike).add(name);
      changed = true;
    }
  }
  return known;
}

function isAnnotationBody(body: readonly Token[], known: AnnotationMacros): boolean {
  for (let k = 0; k < body.length; k++) {
    const token = body[k]!;
    if (token.kind !== 'identifier') return false;
    if (known.objectLike.has(token.text) || KEYWORDS_ALLOWED_IN_ANNOTATIONS.has(token.text)) continue;
    if (!known.functionLike.has(token.text) || body[k + 1]?.text !== '(') return false;
    k = matchingParen(body, k + 1);
    if (k < 0) return false;
  }
  return true;
}

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
  const blanks = (ranges ?? [{ startIndex: 0, endIndex: text.length }]).flatMap((r) => annotationUses(text, r.startIndex, r.endIndex, macros));
  if (blanks.length === 0) return text;
  let out = '';
  let last = 0;
  for (const [start, end] of blanks) {
    out += text.slice(last, start) + text.slice(start, end).replace(/[^\n]/g, ' ');
    last = end;
  }
  return out + text.slice(last);
}

/** The [start, end) offsets of annotation macro uses in text[from, to). */
function annotationUses(text: string, from: number, to: number, macros: AnnotationMacros): Array<[number, number]> {
  const tokens = [...cTokens(text.slice(from, to))];
  const ranges: Array<[number, number]> = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    if (token.kind !== 'identifier') continue;
    if (macros.objectLike.has(token.text)) {
      ranges.push([from + token.start, from + token.end]);
    } else if (macros.functionLike.has(token.text) && tokens[k + 1]?.text === '(' && token.text !== '__attribute__') {
      const close = matchingParen(tokens, k + 1);
      if (close < 0) continue;
      ranges.push([from + token.start, from + tokens[close]!.end]);
      k = close;
    }
  }
  return ranges;
}
