/** What the declarator and expression typers ask of the translation unit around them. */
import type { Abi } from '../model/abi.js';
import type { SyntaxNode } from '../c/parser.js';
import type { Operand } from './arithmetic.js';
import type { SourceFile } from './source-file.js';
import type { CType } from './types.js';

/**
 * A type, or why it cannot be known. An unknown type may still be known to be
 * a pointer (`pthread_mutex_t *` without its header): `pointer` is then that
 * pointer with a stand-in target, enough for a conversion that takes no
 * pointer (docs/ctypes.md, "Pointers to unknown types").
 */
export type Typed = Operand | Unresolved;
export interface Unresolved {
  readonly unresolved: string;
  readonly pointer?: CType;
}

export const unresolved = (why: string): Typed => ({ unresolved: why });

export function isResolved(typed: Typed): typed is Operand {
  return 'type' in typed;
}

/**
 * Where a name is looked up: a node of a parsed file. For text parsed on its
 * own (an argument re-parsed out of ERROR recovery, a macro body) the file's
 * `outer` place is where the search goes on once its own blocks are searched.
 */
export interface Place {
  readonly node: SyntaxNode;
  readonly file: SourceFile;
  /** Known to stand at file scope (a header's declaration): no block to search. */
  readonly fileScope?: boolean;
}

/** Another node of the same place. */
export const at = (place: Place, node: SyntaxNode): Place => (place.fileScope ? { node, file: place.file, fileScope: true } : { node, file: place.file });

/**
 * A value a name stands for: a variable or function, or an enumeration
 * constant with its value when known (of type int, or with gcc the enum's
 * own integer type when int cannot hold it).
 */
export type ValueLookup = { readonly kind: 'value'; readonly typed: Typed } | { readonly kind: 'constant'; readonly value: bigint | null; readonly type: CType } | { readonly kind: 'none'; readonly why: string };

/** A macro argument as written, and where it starts in the file of the macro's use. */
export interface MacroArgument {
  readonly text: string;
  readonly offset: number;
}

export interface Resolver {
  readonly abi: Abi;
  value(name: string, place: Place): ValueLookup;
  /**
   * What an identifier names at `place`, as gcc's parser asks to tell a cast
   * from a call: a type (a typedef in scope, or a builtin typedef nothing
   * declares), a value (a variable, a function, an enumeration constant), or
   * nothing kmark knows of.
   */
  nameKind(name: string, place: Place): 'type' | 'value' | 'unknown';
  /** A typedef name as a type; unknown ones fall back to the builtin kernel and C typedefs. */
  typedefName(name: string, place: Place): Typed;
  /** A typedef known at file scope or as a builtin (`wchar_t`, `char16_t`), for literals. */
  typedefType(name: string): CType | undefined;
  /** A struct, union or enum specifier (with or without a body) as a type. */
  tagged(specifier: SyntaxNode, place: Place): Typed;
  /** The type of member `name` of a struct or union. */
  member(record: CType, name: string, place: Place): Typed;
  /** A function-like or object-like macro's expansion typed at `place`, its use (`args` as written there), or null when `name` is no macro or not expanded there. */
  macro(name: string, args: readonly MacroArgument[] | null, place: Place): Typed | null;
  /** Text parsed and typed as an expression at `place`. */
  expressionText(text: string, place: Place): Typed;
  /** `typeof(text)`: the type of an expression, or a type name, at `place`. */
  typeofText(text: string, place: Place): Typed;
  /** A type descriptor (`sizeof(T)`'s T) as a type: how constant.ts reaches declarators.ts, which evaluates array lengths with it. */
  descriptorType(descriptor: SyntaxNode, place: Place): Typed;
  readonly sizeType: CType;
  readonly ptrdiffType: CType;
}
