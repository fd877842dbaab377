/**
 * ctypes: the C type of a marker argument (docs/ctypes.md). Types come from the tree
 * itself — the file, the headers it includes (resolved as `gcc -I` would) and,
 * for what no header defines, the builtin kernel and C typedefs. Each file is
 * read and parsed at most once per model, its declarations indexed on first
 * use; nothing here throws on bad input: what cannot be known is `unresolved`,
 * with the reason. docs/ctypes.md says what is modelled and what approximated.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import type { Abi } from '../model/abi.js';
import { describeFsError } from '../io/errors.js';
import type { SourceSpan } from '../model/location.js';
import type { AnnotationMacros } from '../c/annotations.js';
import { includeCandidates } from '../c/includes.js';
import { decodeSource } from '../c/source.js';
import type { SyntaxNode } from '../c/parser.js';
import { decay, typeOfExpression } from './expressions.js';
import { promotedFrom, treeOf } from './gcc-tree.js';
import { isInteger, type Operand } from './arithmetic.js';
import { isResolved, unresolved, type Place, type Typed, type Unresolved } from './resolver.js';
import { initialMacros, type PreprocessorOptions } from './conditions.js';
import { SourceFile, type IncludeDirective } from './source-file.js';
import { TranslationUnit, type UnitContext } from './translation-unit.js';
import type { CType } from './types.js';

export interface TypeModelOptions {
  /** Source-tree root: the files given to the model are relative to it. */
  readonly root: string;
  /** Directories searched for #include, as gcc -I (relative ones are taken from the root). */
  readonly includePaths: readonly string[];
  readonly abi: Abi;
  /** Annotation macros blanked before parsing (`__user`, `__attribute__((…))`), as the scanner does. */
  readonly annotations: AnnotationMacros;
  /** -D, -U and -include for the preprocessor conditions (docs/ctypes.md); the target's own macros come from `abi`. */
  readonly conditions?: PreprocessorOptions;
}

/** An integer type, with the width of a bit-field narrower than its declared type (`unsigned x:3`): gcc types it by that width. */
export interface IntegerType {
  readonly type: CType;
  readonly bitWidth?: number;
}

/**
 * A resolved type, or why there is none. `bitWidth` is set when the value is
 * a bit-field narrower than its declared type (`unsigned x:3`): gcc promotes
 * it by that width, not by its declared type. For an integer value,
 * `promotedFrom` is what -Wformat-signedness sees of its default promotion:
 * the type gcc's folded argument is widened from by a NOP_EXPR (`unsigned
 * char` for `u8 / 3`, computed in `unsigned char`), or null when gcc's tree
 * is no such conversion (`(f(), u8)`, a `_Bool`); see ./gcc-tree.ts.
 */
export type ResolvedType = { readonly type: CType; readonly bitWidth?: number; readonly promotedFrom?: IntegerType | null } | Unresolved;

export interface TypeModel {
  /**
   * The type of the expression that spans exactly `span` (1-based, end
   * exclusive, as MarkerArgument.span) in `file` (relative to the root), in
   * the scope at that place. Arrays and functions decay to pointers, as they
   * do when passed to a variadic function.
   */
  typeOfExpressionAt(file: string, span: SourceSpan): ResolvedType;
  /**
   * A type name (an evmarker TYPE: `struct page *`, `u64`) as seen from
   * `file`: typedefs through its includes, else the builtin ones; from `at`,
   * when given, block-scope typedefs too.
   */
  typeOfTypeName(file: string, text: string, at?: SourceSpan): ResolvedType;
  /** The headers `file` includes, directly or not, as absolute paths in the order first read; for depfiles. */
  headersOf(file: string): readonly string[];
  /** The #include names of `file`'s unit that no include path has, as written (`<stdio.h>`). */
  missingHeadersOf(file: string): readonly string[];
}

/**
 * An unresolved type is known to be a pointer only for a declared name: the
 * operators pass an unknown operand's answer through unchanged, and `*pp` of
 * a `T **pp` is no `T **` (resolver.ts, Unresolved).
 */
function pointerOnlyOfNames(node: SyntaxNode | null, typed: ResolvedType): ResolvedType {
  return 'unresolved' in typed && typed.pointer !== undefined && node?.type !== 'identifier' ? { unresolved: typed.unresolved } : typed;
}

/** The expression node types tree-sitter-c gives; any other node over a span means the argument must be parsed on its own. */
const EXPRESSIONS = new Set([
  'identifier',
  'number_literal',
  'char_literal',
  'string_literal',
  'concatenated_string',
  'true',
  'false',
  'null',
  'parenthesized_expression',
  'field_expression',
  'subscript_expression',
  'call_expression',
  'pointer_expression',
  'unary_expression',
  'binary_expression',
  'update_expression',
  'assignment_expression',
  'cast_expression',
  'compound_literal_expression',
  'sizeof_expression',
  'alignof_expression',
  'offsetof_expression',
  'conditional_expression',
  'comma_expression',
  'generic_expression',
  'extension_expression',
  'gnu_asm_expression',
]);

export function createTypeModel(options: TypeModelOptions): TypeModel {
  return new Model(options);
}

class Model implements TypeModel {
  private readonly root: string;
  private readonly includePaths: readonly string[];
  private readonly files = new Map<string, SourceFile | string>();
  private readonly units = new Map<string, TranslationUnit | string>();
  private readonly isFile = new Map<string, boolean>();
  private readonly context: UnitContext;

  constructor(private readonly options: TypeModelOptions) {
    this.root = resolve(options.root);
    this.includePaths = options.includePaths.map((p) => (isAbsolute(p) ? p : resolve(this.root, p)));
    this.context = {
      abi: options.abi,
      initialMacros: () => initialMacros(options.abi, options.conditions),
      forcedIncludes: (options.conditions?.includeFiles ?? []).map((p) => (isAbsolute(p) ? p : resolve(this.root, p))),
      annotations: options.annotations,
      load: (path) => this.load(path),
      resolveInclude: (directive, from) => this.resolveInclude(directive, from),
    };
  }

  typeOfExpressionAt(file: string, span: SourceSpan): ResolvedType {
    return this.guarded(() => {
      const unit = this.unit(file);
      if (typeof unit === 'string') return unresolved(unit);
      if (span.line < 1) return unresolved('empty argument');
      const source = unit.root;
      const start = source.offsetOf(span.line, span.column);
      const end = source.offsetOf(span.endLine, span.endColumn);
      if (end <= start) return unresolved('empty argument');
      const node = exactNode(source.root, start, end);
      if (node && EXPRESSIONS.has(node.type) && !node.hasError) return pointerOnlyOfNames(node, decay(typeOfExpression(node, source, unit)));
      // A macro argument tree-sitter could not read whole (beside a type name, in ERROR recovery): parsed on its own, typed in place.
      return pointerOnlyOfNames(null, decay(unit.expressionText(source.text.slice(start, end), { node: source.root.descendantForIndex(start), file: source })));
    });
  }

  typeOfTypeName(file: string, text: string, at?: SourceSpan): ResolvedType {
    return this.guarded(() => {
      const unit = this.unit(file);
      if (typeof unit === 'string') return unresolved(unit);
      const source = unit.root;
      const node = at && at.line > 0 ? source.root.descendantForIndex(source.offsetOf(at.line, at.column)) : source.root;
      const place: Place = { node, file: source };
      return unit.typeNameText(text, place);
    });
  }

  headersOf(file: string): readonly string[] {
    const unit = this.unit(file);
    return typeof unit === 'string' ? [] : unit.files.slice(1).map((f) => f.path);
  }

  missingHeadersOf(file: string): readonly string[] {
    const unit = this.unit(file);
    return typeof unit === 'string' ? [] : unit.missing;
  }

  /** Bad input gives a reason, never an exception (a tree-sitter failure, a stack overflow on absurd nesting). */
  private guarded(compute: () => Typed): ResolvedType {
    try {
      const typed = compute();
      if (!isResolved(typed)) return typed;
      const resolved = typed.bitWidth === undefined ? { type: typed.type } : { type: typed.type, bitWidth: typed.bitWidth };
      return isInteger(typed.type) ? { ...resolved, promotedFrom: this.promotedFrom(typed) } : resolved;
    } catch (error) {
      return unresolved(`internal error while typing: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private promotedFrom(typed: Operand): IntegerType | null {
    const from = promotedFrom(treeOf(typed, this.options.abi), this.options.abi);
    if (!from) return null;
    return from.bits === undefined ? { type: from.type } : { type: from.type, bitWidth: from.bits };
  }

  private unit(file: string): TranslationUnit | string {
    const path = resolve(this.root, file);
    let unit = this.units.get(path);
    if (unit === undefined) {
      const source = this.load(path);
      unit = typeof source === 'string' ? source : new TranslationUnit(source, this.context);
      this.units.set(path, unit);
    }
    return unit;
  }

  private load(path: string): SourceFile | string {
    let loaded = this.files.get(path);
    if (loaded !== undefined) return loaded;
    try {
      // Symlinked paths to one file share its parse.
      const real = realpathSync.native(path);
      loaded = this.files.get(real) ?? readSource(real, this.options.annotations);
      this.files.set(real, loaded);
    } catch (error) {
      loaded = `cannot read ${path}: ${describeFsError(error)}`;
    }
    this.files.set(path, loaded);
    return loaded;
  }

  private resolveInclude(directive: IncludeDirective, from: SourceFile): string | null {
    const here = dirname(from.path);
    let directories: readonly string[] = directive.system ? this.includePaths : [here, ...this.includePaths];
    if (directive.next) {
      const index = this.includePaths.findIndex((d) => from.path.startsWith(d.endsWith(sep) ? d : d + sep));
      directories = this.includePaths.slice(index + 1);
    }
    for (const candidate of includeCandidates(directive.name, directories)) {
      let exists = this.isFile.get(candidate);
      if (exists === undefined) {
        exists = isRegularFile(candidate);
        this.isFile.set(candidate, exists);
      }
      if (exists) return candidate;
    }
    return null;
  }
}

/** A symlink loop or an unreadable directory is no file. */
function isRegularFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

function readSource(path: string, annotations: AnnotationMacros): SourceFile | string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return `cannot read ${path}: ${describeFsError(error)}`;
  }
  const { text } = decodeSource(bytes, path);
  if (text === null) return `${path} is a binary file`;
  return new SourceFile(path, text, annotations);
}

/** The outermost node spanning exactly [start, end), or null. */
function exactNode(root: SyntaxNode, start: number, end: number): SyntaxNode | null {
  let best: SyntaxNode | null = null;
  for (let n: SyntaxNode | null = root.descendantForIndex(start, end - 1); n && n.startIndex >= start && n.endIndex <= end; n = n.parent) {
    if (n.startIndex === start && n.endIndex === end) best = n;
  }
  return best;
}
