/**
 * What a piece of syntax declares: ordinary names (variables, functions,
 * typedefs, enumeration constants), struct/union/enum tags, macros. Shared by
 * the per-file tables (file scope) and the block-scope search.
 */
import type { SyntaxNode } from '../c/parser.js';
import type { SourceFile } from './source-file.js';

export interface Declared {
  readonly name: string;
  readonly kind: 'value' | 'typedef' | 'constant';
  readonly file: SourceFile;
  /**
   * The node whose `type` field and qualifiers give the base type
   * (declaration, type_definition, function_definition, parameter_declaration,
   * field_declaration), or the `enumerator` of a constant.
   */
  readonly holder: SyntaxNode;
  /** The declarator down to the name; null for a constant. */
  readonly declarator: SyntaxNode | null;
  /** Declared at file scope (from a file's table). */
  readonly fileScope?: boolean;
}

export type TagKind = 'struct' | 'union' | 'enum';

/** A struct, union or enum specifier with a body. */
export interface TagDefinition {
  readonly name: string;
  readonly kind: TagKind;
  readonly file: SourceFile;
  readonly specifier: SyntaxNode;
  readonly fileScope?: boolean;
}

export interface MacroDefinitionNode {
  readonly name: string;
  readonly file: SourceFile;
  readonly offset: number;
  /** Parameter names of a function-like macro (`...` as `__VA_ARGS__`), null for an object-like one. */
  readonly params: readonly string[] | null;
  /** The last parameter takes the rest of the arguments (`...` or GNU `args...`). */
  readonly variadic: boolean;
  readonly body: string;
}

interface DeclarationSink {
  ordinary(entry: Declared): void;
  tag(entry: TagDefinition): void;
  /** An expression statement: a declaration tree-sitter misread when it begins with a type name (./ambiguity.ts). */
  expressionStatement?(statement: SyntaxNode): void;
}

/** Containers whose children are declarations or statements of the same scope. */
export const TRANSPARENT = new Set(['preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef', 'linkage_specification', 'declaration_list']);

const DECLARATOR_TYPES = new Set([
  'identifier',
  'field_identifier',
  'type_identifier',
  'pointer_declarator',
  'array_declarator',
  'function_declarator',
  'parenthesized_declarator',
  'attributed_declarator',
  'init_declarator',
  'abstract_pointer_declarator',
  'abstract_array_declarator',
  'abstract_function_declarator',
  'abstract_parenthesized_declarator',
  'primitive_type',
]);

/** The declarator a declarator wraps, or null at the name. */
export function innerDeclarator(node: SyntaxNode): SyntaxNode | null {
  const field = node.childForFieldName('declarator');
  if (field) return field;
  if (node.type !== 'parenthesized_declarator' && node.type !== 'attributed_declarator' && node.type !== 'abstract_parenthesized_declarator') return null;
  return node.namedChildren.find((c) => DECLARATOR_TYPES.has(c.type)) ?? null;
}

/** The name a declarator declares, or null for an abstract one. */
export function declaratorName(node: SyntaxNode | null): SyntaxNode | null {
  for (let n = node; n; n = innerDeclarator(n)) {
    if (n.type === 'identifier' || n.type === 'field_identifier' || n.type === 'type_identifier' || n.type === 'primitive_type') return n;
  }
  return null;
}

/** The function declarator nearest the name: the one whose parameters a definition's body sees. */
export function nameFunctionDeclarator(node: SyntaxNode | null): SyntaxNode | null {
  let found: SyntaxNode | null = null;
  for (let n = node; n; n = innerDeclarator(n)) if (n.type === 'function_declarator') found = n;
  return found;
}

/** What one declaration-level node declares. `fileScope` also takes function definitions and top-level specifiers. */
export function collectDeclared(node: SyntaxNode, file: SourceFile, sink: DeclarationSink): void {
  switch (node.type) {
    case 'declaration':
    case 'type_definition': {
      collectTags(node.childForFieldName('type'), file, sink);
      const kind = node.type === 'type_definition' ? 'typedef' : 'value';
      for (const declarator of node.childrenForFieldName('declarator')) {
        const name = declaratorName(declarator);
        if (name) sink.ordinary({ name: name.text, kind, file, holder: node, declarator });
      }
      return;
    }
    case 'function_definition': {
      collectTags(node.childForFieldName('type'), file, sink);
      const declarator = node.childForFieldName('declarator');
      const name = declaratorName(declarator);
      if (name) sink.ordinary({ name: name.text, kind: 'value', file, holder: node, declarator });
      return;
    }
    case 'struct_specifier':
    case 'union_specifier':
    case 'enum_specifier':
      collectTags(node, file, sink);
      return;
    case 'expression_statement':
      sink.expressionStatement?.(node);
      return;
    default:
      if (TRANSPARENT.has(node.type)) for (const child of node.namedChildren) collectDeclared(child, file, sink);
  }
}

/** Tags defined in a type specifier, nested ones included (they belong to the same scope in C), and enumeration constants. */
function collectTags(specifier: SyntaxNode | null, file: SourceFile, sink: DeclarationSink): void {
  if (!specifier) return;
  const kind = specifier.type === 'struct_specifier' ? 'struct' : specifier.type === 'union_specifier' ? 'union' : specifier.type === 'enum_specifier' ? 'enum' : null;
  const body = kind ? specifier.childForFieldName('body') : null;
  if (!kind || !body) return;
  const name = specifier.childForFieldName('name');
  if (name) sink.tag({ name: name.text, kind, file, specifier });
  if (kind === 'enum') {
    for (const enumerator of enumerators(body)) {
      const constant = enumerator.childForFieldName('name');
      if (constant) sink.ordinary({ name: constant.text, kind: 'constant', file, holder: enumerator, declarator: null });
    }
    return;
  }
  for (const field of fieldDeclarations(body)) collectTags(field.childForFieldName('type'), file, sink);
}

/** The field declarations of a struct or union body, through `#if` branches. */
export function fieldDeclarations(body: SyntaxNode): SyntaxNode[] {
  const fields: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === 'field_declaration') fields.push(child);
      else if (TRANSPARENT.has(child.type) || child.type === 'ERROR') visit(child);
    }
  };
  visit(body);
  return fields;
}

/** The enumerators of an enum body, through `#if` branches. */
export function enumerators(body: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === 'enumerator') found.push(child);
      else if (TRANSPARENT.has(child.type)) visit(child);
    }
  };
  visit(body);
  return found;
}

/** A macro definition node's name, parameters and body text. */
export function macroOf(node: SyntaxNode, file: SourceFile): MacroDefinitionNode | null {
  const name = node.childForFieldName('name');
  if (!name) return null;
  const body =
    node
      .childForFieldName('value')
      ?.text.replace(/\\\r?\n/g, ' ')
      .trim() ?? '';
  if (node.type === 'preproc_def') return { name: name.text, file, offset: node.startIndex, params: null, variadic: false, body };
  const params = node.childForFieldName('parameters');
  if (!params) return null;
  const names: string[] = [];
  let variadic = false;
  for (const child of params.children) {
    const ellipsis = child.type === '...' || (child.type === 'ERROR' && child.text.trim() === '...');
    if (child.type === 'identifier') names.push(child.text);
    else if (ellipsis) {
      // GNU `args...` names the rest `args`; a bare `...` is `__VA_ARGS__`.
      const named = child.previousSibling?.type === 'identifier' && child.previousSibling.endIndex === child.startIndex;
      if (!named) names.push('__VA_ARGS__');
      variadic = true;
    }
  }
  return { name: name.text, file, offset: node.startIndex, params: names, variadic, body };
}
