/**
 * One C file as the type model reads it: decoded, annotation macros blanked
 * (offsets kept), parsed once, and its file-scope declarations, tags, macros
 * and #include directives indexed on first use.
 */
import type { AnnotationMacros } from '../c/annotations.js';
import { blankAnnotations } from '../c/annotations.js';
import { parseC, type SyntaxNode, type Tree } from '../c/parser.js';
import type { Place } from './resolver.js';
import { collectDeclared, macroOf, type Declared, type MacroDefinitionNode, type TagDefinition } from './declarations.js';

export interface IncludeDirective {
  /** Where it stands: declarations before it in this file come before the header's. */
  readonly offset: number;
  readonly name: string;
  /** `<…>` (searched in the include paths only) rather than `"…"`. */
  readonly system: boolean;
  /** `#include_next`: the search starts after the including file's own directory. */
  readonly next: boolean;
}

/** A preprocessor line that bears on what the unit sees: a condition, a macro (un)definition, an include. */
export interface Directive {
  /** Where its `#` stands. */
  readonly offset: number;
  /** Where its logical line ends. */
  readonly end: number;
  readonly keyword: 'if' | 'ifdef' | 'ifndef' | 'elif' | 'else' | 'endif' | 'define' | 'undef' | 'include' | 'include_next';
  /** The rest of the line, continuation lines joined. */
  readonly rest: string;
}

/** What a file declares at file scope under one name, in source order, every preprocessor branch included. */
export interface FileDeclarations {
  readonly ordinary: readonly Declared[];
  readonly tags: readonly TagDefinition[];
  readonly macros: readonly MacroDefinitionNode[];
}

const NONE: FileDeclarations = { ordinary: [], tags: [], macros: [] };

let nextIndex = 0;

const WORD = /[A-Za-z_$][\w$]*/g;

/**
 * Parsing is deferred until a declaration is looked for in the file, and a
 * name is looked for only in files whose text mentions it: a unit's include
 * graph comes from the text alone, so the many headers that declare nothing a
 * marker argument needs are read but never parsed.
 */
export class SourceFile {
  /** Distinguishes files in cache keys. */
  readonly index = nextIndex++;
  private parsed: Tree | undefined;
  private blanked: string | undefined;
  private readonly byName = new Map<string, FileDeclarations>();
  private readonly byItem = new Map<number, FileDeclarations>();
  private includeList: IncludeDirective[] | undefined;
  private directiveList: Directive[] | undefined;
  private words: Set<string> | undefined;

  constructor(
    /** Absolute path, or a description for text parsed on its own. */
    readonly path: string,
    /** The text as read (annotation macros are blanked, offsets kept, before parsing). */
    readonly source: string,
    private readonly annotations: AnnotationMacros | null,
    /** For text parsed on its own: the place in a real file it stands at. */
    readonly outer: Place | null = null,
  ) {}

  /** The text as parsed: annotation macros blanked. */
  get text(): string {
    this.blanked ??= this.annotations ? blankAnnotations(this.source, this.annotations) : this.source;
    return this.blanked;
  }

  get tree(): Tree {
    this.parsed ??= parseC(this.text);
    return this.parsed;
  }

  get root(): SyntaxNode {
    return this.tree.rootNode;
  }

  get includes(): readonly IncludeDirective[] {
    this.includeList ??= includeDirectives(this.directives);
    return this.includeList;
  }

  get directives(): readonly Directive[] {
    this.directiveList ??= preprocessorLines(this.source);
    return this.directiveList;
  }

  /**
   * The file-scope declarations of `name`. Only the top-level items (a
   * declaration, a definition, a #define) where the name occurs are read, each
   * once: a header's thousands of other declarations cost nothing.
   */
  declarationsOf(name: string): FileDeclarations {
    let found = this.byName.get(name);
    if (found) return found;
    found = NONE;
    if (this.mentions(name)) {
      const ordinary: Declared[] = [];
      const tags: TagDefinition[] = [];
      const macros: MacroDefinitionNode[] = [];
      const seen = new Set<number>();
      for (const offset of wordOffsets(this.source, name)) {
        const item = fileScopeItem(this.root, offset);
        if (!item || seen.has(item.id)) continue;
        seen.add(item.id);
        const declared = this.declaredBy(item);
        for (const d of declared.ordinary) if (d.name === name) ordinary.push(d);
        for (const t of declared.tags) if (t.name === name) tags.push(t);
        for (const m of declared.macros) if (m.name === name) macros.push(m);
      }
      if (ordinary.length + tags.length + macros.length > 0) found = { ordinary, tags, macros };
    }
    this.byName.set(name, found);
    return found;
  }

  private declaredBy(item: SyntaxNode): FileDeclarations {
    let declared = this.byItem.get(item.id);
    if (declared) return declared;
    const ordinary: Declared[] = [];
    const tags: TagDefinition[] = [];
    const macros: MacroDefinitionNode[] = [];
    if (item.type === 'preproc_def' || item.type === 'preproc_function_def') {
      const macro = macroOf(item, this);
      if (macro) macros.push(macro);
    } else {
      collectDeclared(item, this, { ordinary: (d) => ordinary.push({ ...d, fileScope: true }), tag: (t) => tags.push({ ...t, fileScope: true }) });
    }
    declared = { ordinary, tags, macros };
    this.byItem.set(item.id, declared);
    return declared;
  }

  /** Whether the name can be declared here at all (it is one of the file's words), known before any parse. */
  mentions(name: string): boolean {
    this.words ??= new Set(this.source.match(WORD));
    return this.words.has(name);
  }

  /** The offset of a 1-based line and column (columns count UTF-16 units, as tree-sitter's do here). */
  offsetOf(line: number, column: number): number {
    let offset = 0;
    for (let row = 1; row < line; row++) {
      const nl = this.source.indexOf('\n', offset);
      if (nl < 0) return this.source.length;
      offset = nl + 1;
    }
    return Math.min(offset + column - 1, this.source.length);
  }
}

/** Where `word` occurs in `text` as a whole word. */
function* wordOffsets(text: string, word: string): Generator<number> {
  const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    if (!isWordChar(text.charCodeAt(at - 1)) && !isWordChar(text.charCodeAt(at + word.length))) yield at;
  }
}

/**
 * The file-scope item around an offset: the outermost node that is not a
 * container (#if branches, ERROR recovery), or null in a comment or a
 * directive. A declaration inside a function is not file scope: its item is
 * the function definition.
 */
function fileScopeItem(root: SyntaxNode, offset: number): SyntaxNode | null {
  const path: SyntaxNode[] = [];
  for (let n: SyntaxNode | null = root.descendantForIndex(offset); n; n = n.parent) path.push(n);
  for (let k = path.length - 2; k >= 0; k--) {
    const node = path[k]!;
    const type = node.type;
    if (type === 'ERROR' || (type.startsWith('preproc_') && type !== 'preproc_def' && type !== 'preproc_function_def')) continue;
    return type === 'comment' ? null : node;
  }
  return null;
}

/** The #include lines of a text, from its directives. */
function includeDirectives(directives: readonly Directive[]): IncludeDirective[] {
  return directives.flatMap(({ keyword, offset, rest }) => {
    if (keyword !== 'include' && keyword !== 'include_next') return [];
    const match = /^[ \t]*(?:<([^>\n]+)>|"([^"\n]+)")/.exec(rest);
    return match ? [{ offset, name: (match[1] ?? match[2])!, system: match[1] !== undefined, next: keyword === 'include_next' }] : [];
  });
}

const DIRECTIVE = /^[ \t]*#[ \t]*(ifdef|ifndef|if|elif|else|endif|define|undef|include_next|include)\b((?:[^\n]*\\\r?\n)*[^\n]*)/gm;

/** The directives of a text that bear on a unit (`Directive`), in order; those inside block comments are skipped. */
function preprocessorLines(text: string): Directive[] {
  if (!text.includes('#')) return [];
  const found: Directive[] = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const offset = match.index + match[0].length - match[0].trimStart().length;
    if (text.lastIndexOf('/*', offset) > text.lastIndexOf('*/', offset)) continue;
    const rest = match[2]!.replace(/\\\r?\n/g, ' ');
    found.push({ offset, end: match.index + match[0].length, keyword: match[1] as Directive['keyword'], rest });
  }
  return found;
}
