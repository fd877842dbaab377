/**
 * One translation unit: a file and the headers it includes, in the order the
 * preprocessor would read them. Names are looked up in block scope first
 * (walking up from the place), then through the unit's files in that order:
 * the first declaration wins. Types of declarations are computed on first use
 * and kept, per unit, since a header's typedefs may come from an earlier header.
 */
import type { Abi } from '../model/abi.js';
import type { AnnotationMacros } from '../c/annotations.js';
import { cTokens } from '../c/c-tokens.js';
import type { SyntaxNode } from '../c/parser.js';
import { declarationReread } from './ambiguity.js';
import { integerPrecision } from './arithmetic.js';
import { builtinTypedef, isCLibraryHeader, type BuiltinFlavor } from './builtins.js';
import { followCondition, isConditional, parseDefine, type ConditionGroup, type MacroTable } from './conditions.js';
import { evaluateConstant } from './constant.js';
import { collectDeclared, declaratorName, enumerators, fieldDeclarations, nameFunctionDeclarator, TRANSPARENT, type Declared, type MacroDefinitionNode, type TagDefinition } from './declarations.js';
import { adjustParameter, declaredType, descriptorType, TYPEOF } from './declarators.js';
import { argumentSpans, splitArguments, typeOfExpression } from './expressions.js';
import { followedByArguments, substitute, type Copied, type Expansion } from './macro-expansion.js';
import { isResolved, unresolved, type MacroArgument, type Place, type Resolver, type Typed, type ValueLookup } from './resolver.js';
import { SourceFile, type FileDeclarations, type IncludeDirective } from './source-file.js';
import { int, typedef, unqualified, type CType } from './types.js';

export interface UnitContext {
  readonly abi: Abi;
  /** A fresh copy of the macros a unit starts with (the target's, -D, -U). */
  initialMacros(): MacroTable;
  /** Absolute paths of the files read before the unit's own (gcc -include). */
  readonly forcedIncludes: readonly string[];
  readonly annotations: AnnotationMacros;
  /** The parsed file, or why it cannot be read. */
  load(path: string): SourceFile | string;
  /** The absolute path an #include names, or null when no directory has it. */
  resolveInclude(directive: IncludeDirective, from: SourceFile): string | null;
}

interface Segment {
  readonly file: SourceFile;
  readonly from: number;
  readonly to: number;
}

/** A file being read: its next directive, where its active stretch began (null in a turned-off branch), its open #if groups. */
interface Frame {
  readonly file: SourceFile;
  next: number;
  from: number | null;
  readonly groups: ConditionGroup[];
}

interface RecordBody {
  readonly file: SourceFile;
  readonly body: SyntaxNode;
  readonly fileScope?: boolean;
}

/** A stretch copied from the text of `file`. */
interface Copy extends Copied {
  readonly file: SourceFile;
}

/**
 * Where the text of a probe (text parsed on its own) comes from, for the
 * macros C expands in it: a macro's arguments are expanded where the macro is
 * used, before they are put in (C11 6.10.3.1); the rest of its expansion is
 * rescanned with the macro itself no longer expanded (6.10.3.4). The copied
 * stretches of the text tell the one from the other.
 */
interface Origin {
  /** Where the text stands: the macro's use, or the node whose text it is (an initializer, a typeof's argument). */
  readonly at: Place;
  /** The macro the text is the expansion of. */
  readonly macro?: string;
  /** Offsets in the text; in the probe once it is parsed. */
  readonly copies: readonly Copy[];
}

/** The argument of a `typeof(…)` a probe has as a placeholder type name, and where it stands. */
interface TypeofArgument {
  readonly text: string;
  readonly file: SourceFile;
  readonly offset: number;
}

/** Struct and union types made from a definition, mapped to it: how an anonymous struct's members are found. */
const recordBodies = new WeakMap<CType, RecordBody>();

/** Containers whose earlier children are declarations visible further down. */
const BLOCKS = new Set(['compound_statement', 'case_statement', 'ERROR', ...TRANSPARENT]);

const MAX_MACRO_DEPTH = 32;

const PROBE_PREFIX = 'void __kmark_probe(void) { (';
const DECLARATION_PROBE_PREFIX = 'void __kmark_probe(void) { ';

const nodeKey = (file: SourceFile, node: SyntaxNode): string => `${file.index}:${node.id}`;

/** The `NAME` of a parameter declarator tree-sitter read as `(NAME)(…)`, an abstract function declarator taking a type NAME; else null. */
function parenthesizedName(declarator: SyntaxNode | null): string | null {
  let inner = declarator;
  while (inner?.type === 'abstract_function_declarator' && inner.childForFieldName('declarator')) inner = inner.childForFieldName('declarator');
  if (inner === declarator || inner?.type !== 'abstract_function_declarator') return null;
  const params = inner.childForFieldName('parameters')?.namedChildren ?? [];
  const only = params.length === 1 ? params[0]! : null;
  const type = only?.type === 'parameter_declaration' && !only.childForFieldName('declarator') ? only.childForFieldName('type') : null;
  return type?.type === 'type_identifier' && only!.namedChildCount === 1 ? type.text : null;
}

export class TranslationUnit implements Resolver {
  readonly abi: Abi;
  /** Headers that could not be found or read, as written: `<stdio.h>`, `"missing.h"`. */
  readonly missing: string[] = [];
  /** Whose meaning builtin typedefs take: glibc's once the unit includes a C library header kmark cannot find. */
  private builtinFlavor: BuiltinFlavor = 'kernel';
  /** Every file of the unit, the root first, in the order they are first included. */
  readonly files: SourceFile[] = [];
  private readonly segments: Segment[] = [];
  private readonly ordinaryCache = new Map<string, Declared | null>();
  private readonly tagCache = new Map<string, TagDefinition | null>();
  private readonly macroCache = new Map<string, MacroDefinitionNode | null>();
  private readonly typeCache = new Map<string, Typed>();
  private readonly recordCache = new Map<string, CType>();
  private readonly enumValueCache = new Map<string, ReadonlyArray<bigint | null>>();
  private readonly enumValuesSoFar = new Map<string, ReadonlyArray<bigint | null>>();
  private readonly inProgress = new Set<string>();
  private readonly macroSignatures = new Map<string, SourceFile | null>();
  /** Parameters whose name is parenthesized (`int (fn)(void *)`), parsed again without the parentheses. */
  private readonly parenthesizedParameters = new Map<string, SourceFile>();
  private readonly origins = new WeakMap<SourceFile, Origin>();
  /** `typeof(…)` placeholders by name, unique in the unit: a probe's text copied into another keeps its placeholders. */
  private readonly typeofs = new Map<string, TypeofArgument>();
  private readonly rereadDeclarations = new Map<string, { readonly file: SourceFile; readonly declaration: SyntaxNode } | null>();

  constructor(
    readonly root: SourceFile,
    private readonly context: UnitContext,
  ) {
    this.abi = context.abi;
    this.visit(root);
  }

  /**
   * The unit's files in include order, cut into segments at each #include
   * and around each branch the conditions turn off (conditions.ts): what a
   * turned-off branch declares is not seen. A loop, not recursion: include
   * chains can be deep. Forced includes (`-include`) come first, as gcc reads them.
   */
  private visit(root: SourceFile): void {
    const macros = this.context.initialMacros();
    const visited = new Set<SourceFile>([root]);
    this.files.push(root);
    const stack: Frame[] = [{ file: root, next: 0, from: 0, groups: [] }];
    for (const path of [...this.context.forcedIncludes].reverse()) {
      const forced = this.context.load(path);
      if (typeof forced === 'string' || visited.has(forced)) continue;
      visited.add(forced);
      this.files.push(forced);
      stack.push({ file: forced, next: 0, from: 0, groups: [] });
    }
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const directive = frame.file.directives[frame.next++];
      if (!directive) {
        if (frame.from !== null) this.segments.push({ file: frame.file, from: frame.from, to: Infinity });
        stack.pop();
        continue;
      }
      const wasActive = frame.from !== null;
      if (isConditional(directive.keyword)) {
        followCondition(frame.groups, directive, macros);
        const active = frame.groups.every((g) => g.taking);
        if (wasActive && !active) this.segments.push({ file: frame.file, from: frame.from!, to: directive.offset });
        if (active !== wasActive) frame.from = active ? directive.end : null;
        continue;
      }
      if (!wasActive) continue;
      if (directive.keyword === 'define') {
        const defined = parseDefine(directive.rest);
        if (defined) macros.set(defined.name, defined.macro);
        continue;
      }
      if (directive.keyword === 'undef') {
        macros.delete(directive.rest.trim().split(/\s/)[0] ?? '');
        continue;
      }
      const include = frame.file.includes.find((d) => d.offset === directive.offset);
      if (!include) continue;
      this.segments.push({ file: frame.file, from: frame.from!, to: include.offset });
      frame.from = include.offset;
      const path = this.context.resolveInclude(include, frame.file);
      const loaded = path === null ? null : this.context.load(path);
      if (loaded === null || typeof loaded === 'string') {
        const written = include.system ? `<${include.name}>` : `"${include.name}"`;
        if (!this.missing.includes(written)) this.missing.push(written);
        if (include.system && isCLibraryHeader(include.name)) this.builtinFlavor = 'c-library';
        continue;
      }
      // A header is read once per unit, guard or not, which also stops cycles.
      if (visited.has(loaded)) continue;
      visited.add(loaded);
      this.files.push(loaded);
      stack.push({ file: loaded, next: 0, from: 0, groups: [] });
    }
  }

  /** A reason, naming the headers that might have declared what was not found. */
  private unknown(what: string): string {
    if (this.missing.length === 0) return what;
    const shown = this.missing.slice(0, 3).join(', ') + (this.missing.length > 3 ? ', …' : '');
    return `${what} (${this.missing.length === 1 ? 'header' : 'headers'} ${shown} not found)`;
  }

  // -------------------------------------------------------------------------
  // File scope

  private fileScope<T>(name: string, cache: Map<string, T | null>, pick: (d: FileDeclarations) => readonly T[], offset: (entry: T) => number): T | null {
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    let found: T | null = null;
    for (const segment of this.segments) {
      if (!segment.file.mentions(name)) continue;
      found = pick(segment.file.declarationsOf(name)).find((entry) => offset(entry) >= segment.from && offset(entry) < segment.to) ?? null;
      if (found) break;
    }
    cache.set(name, found);
    return found;
  }

  private fileOrdinary(name: string): Declared | null {
    return this.fileScope(
      name,
      this.ordinaryCache,
      (d) => d.ordinary,
      (d) => d.holder.startIndex,
    );
  }

  private fileTag(name: string): TagDefinition | null {
    return this.fileScope(
      name,
      this.tagCache,
      (d) => d.tags,
      (t) => t.specifier.startIndex,
    );
  }

  private fileMacro(name: string): MacroDefinitionNode | null {
    return this.fileScope(
      name,
      this.macroCache,
      (d) => d.macros,
      (m) => m.offset,
    );
  }

  // -------------------------------------------------------------------------
  // Block scope

  private lookupOrdinary(name: string, place: Place): Declared | null {
    for (let p: Place | null = place; p; p = p.file.outer) {
      const found = this.searchBlocks(name, p, 'ordinary');
      if (found) return found as Declared;
    }
    return this.fileOrdinary(name);
  }

  private lookupTag(name: string, place: Place): TagDefinition | null {
    for (let p: Place | null = place; p; p = p.file.outer) {
      const found = this.searchBlocks(name, p, 'tag');
      if (found) return found as TagDefinition;
    }
    return this.fileTag(name);
  }

  /** The innermost declaration of `name` before the place, inside the function around it; null at file scope. */
  private searchBlocks(name: string, place: Place, namespace: 'ordinary' | 'tag'): Declared | TagDefinition | null {
    const position = place.node.startIndex;
    const file = place.file;
    let found: Declared | TagDefinition | null = null;
    const sink = {
      ordinary: (d: Declared): void => {
        if (!found && namespace === 'ordinary' && d.name === name) found = d;
      },
      tag: (t: TagDefinition): void => {
        if (!found && namespace === 'tag' && t.name === name) found = t;
      },
      expressionStatement: (statement: SyntaxNode): void => {
        if (!found && namespace === 'ordinary') this.misreadDeclaration(statement, file, name, sink.ordinary);
      },
    };
    if (place.fileScope) return null;
    // Blocks around the place; at file scope (a header's struct, say) there are none to search.
    const ancestors: SyntaxNode[] = [];
    const types: string[] = [];
    let blocksAbove = 0;
    for (let n: SyntaxNode | null = place.node; n; n = n.parent) {
      const type = n.type;
      ancestors.push(n);
      types.push(type);
      if (type === 'compound_statement') blocksAbove++;
    }
    if (blocksAbove === 0 && !types.includes('ERROR')) return null;
    // No mention of the name in the enclosing top-level item before the place: nothing local declares it.
    const item = ancestors[ancestors.length - 2];
    // A body a macro made into a function has its parameters in the statement before it.
    const from = item && types[ancestors.length - 2] === 'compound_statement' ? (item.previousNamedSibling ?? item).startIndex : item?.startIndex;
    if (from !== undefined && !mentionedBetween(file.source, name, from, position)) return null;
    for (let k = 0; k < ancestors.length; k++) {
      const n = ancestors[k]!;
      const type = types[k]!;
      if (type === 'translation_unit') return null;
      if (type === 'function_definition') {
        if (namespace === 'ordinary') this.parameters(n, file, name, sink.ordinary);
        // A definition inside a block is a loop macro tree-sitter misread (`for_each_cpu(cpu) { … }`) or a GNU nested function: the enclosing block goes on.
        if (found || blocksAbove === 0) return found;
        continue;
      }
      const inBlock = blocksAbove > 0 || (type === 'ERROR' && types[k + 1] === 'translation_unit');
      if (type === 'compound_statement') blocksAbove--;
      if (type === 'for_statement') {
        const initializer = n.childForFieldName('initializer');
        if (initializer?.type === 'declaration' && initializer.endIndex <= position) collectDeclared(initializer, file, sink);
      } else if (inBlock && BLOCKS.has(type)) {
        for (const child of n.namedChildren) {
          if (child.startIndex >= position) break;
          if (child.endIndex <= position) collectDeclared(child, file, sink);
          else if (child.type === 'declaration') this.earlierDeclarators(child, position, file, sink.ordinary);
          if (found) break;
        }
      }
      if (type === 'compound_statement' && namespace === 'ordinary' && !found) this.detachedParameters(n, file, name, sink.ordinary);
      if (found) return found;
    }
    return found;
  }

  /** What a declaration tree-sitter read as an expression statement (`u32 (*fp)(int);`) declares under `name`. */
  private misreadDeclaration(statement: SyntaxNode, file: SourceFile, name: string, sink: (d: Declared) => void): void {
    // Only a statement that mentions the name can declare it: most are calls, and telling costs a lookup.
    if (!mentionedBetween(file.source, name, statement.startIndex, statement.endIndex)) return;
    const key = nodeKey(file, statement);
    let reread = this.rereadDeclarations.get(key);
    if (reread === undefined) {
      const text = declarationReread(statement, file, this);
      const probe = text === null ? null : this.probe(DECLARATION_PROBE_PREFIX, text, '\n}', { at: { node: statement, file }, copies: [] });
      const declaration = probe ? probeStatement(probe) : undefined;
      reread = probe && !probe.root.hasError && declaration?.type === 'declaration' ? { file: probe, declaration } : null;
      this.rereadDeclarations.set(key, reread);
    }
    if (reread) collectDeclared(reread.declaration, reread.file, { ordinary: sink, tag: () => {} });
  }

  /** `int a = 1, b = a;`: the declarators of a declaration that are complete before the position. */
  private earlierDeclarators(declaration: SyntaxNode, position: number, file: SourceFile, sink: (d: Declared) => void): void {
    for (const declarator of declaration.childrenForFieldName('declarator')) {
      const name = declaratorName(declarator);
      if (name && name.endIndex <= position) sink({ name: name.text, kind: 'value', file, holder: declaration, declarator });
    }
  }

  /**
   * The parameters of a body tree-sitter did not attach to a function
   * definition: after ERROR recovery, those of the declarator just before it;
   * for a function made by a macro (`SYSCALL_DEFINE3(read, unsigned int, fd,
   * char __user *, buf, size_t, count) { … }`), its TYPE, NAME pairs.
   */
  private detachedParameters(body: SyntaxNode, file: SourceFile, name: string, sink: (d: Declared) => void): void {
    if (body.parent?.type === 'ERROR') {
      const declarator = orphanDeclarator(body);
      if (declarator) this.parameterList(declarator.childForFieldName('parameters'), file, name, sink);
      return;
    }
    if (body.parent?.type !== 'translation_unit' && !TRANSPARENT.has(body.parent?.type ?? '')) return;
    const key = nodeKey(file, body);
    let signature = this.macroSignatures.get(key);
    if (signature === undefined) {
      const text = macroFunctionSignature(body);
      signature = text === null ? null : this.probe('', `${text};`, '', { at: { node: body, file }, copies: [] });
      this.macroSignatures.set(key, signature);
    }
    const declarator = signature?.root.namedChildren[0]?.childForFieldName('declarator') ?? null;
    if (signature && !signature.root.hasError && declarator) this.parameterList(declarator.childForFieldName('parameters'), signature, name, sink);
  }

  private parameters(definition: SyntaxNode, file: SourceFile, name: string, sink: (d: Declared) => void): void {
    this.parameterList(nameFunctionDeclarator(definition.childForFieldName('declarator'))?.childForFieldName('parameters') ?? null, file, name, sink);
  }

  private parameterList(list: SyntaxNode | null, file: SourceFile, name: string, sink: (d: Declared) => void): void {
    for (const parameter of list?.namedChildren ?? []) {
      if (parameter.type !== 'parameter_declaration') continue;
      const declarator = parameter.childForFieldName('declarator');
      if (declaratorName(declarator)?.text === name) sink({ name, kind: 'value', file, holder: parameter, declarator });
      else if (parenthesizedName(declarator) === name) this.parenthesizedParameter(parameter, file, name, sink);
    }
  }

  /**
   * `int (fn)(void *)`: tree-sitter, knowing no typedefs, reads `(fn)` as an
   * abstract function declarator taking a `fn`; gcc reads the parameter `fn`
   * when `fn` names no type (a type's name would give no value to look up).
   */
  private parenthesizedParameter(parameter: SyntaxNode, file: SourceFile, name: string, sink: (d: Declared) => void): void {
    const key = nodeKey(file, parameter);
    let parsed = this.parenthesizedParameters.get(key);
    if (parsed === undefined) {
      const text = parameter.text.replace(new RegExp(`\\(\\s*${name}\\s*\\)`), ` ${name} `);
      parsed = this.probe('', `${text};`, '', { at: { node: parameter, file }, copies: [] });
      this.parenthesizedParameters.set(key, parsed);
    }
    const declaration = parsed.root.namedChildren[0];
    const declarator = declaration?.childForFieldName('declarator') ?? null;
    if (declaration && !parsed.root.hasError && declaratorName(declarator)?.text === name) sink({ name, kind: 'value', file: parsed, holder: declaration, declarator });
  }

  // -------------------------------------------------------------------------
  // Resolver

  value(name: string, place: Place): ValueLookup {
    const found = this.lookupOrdinary(name, place);
    if (!found) return { kind: 'none', why: this.unknown(`unknown identifier '${name}'`) };
    if (found.kind === 'typedef') return { kind: 'none', why: `'${name}' is a type, not a value` };
    if (found.kind === 'constant') {
      const value = this.enumeratorValue(found);
      const fitsInt = value === null || (value >= -(1n << 31n) && value < 1n << 31n);
      const body = enumBodyOf(found.holder);
      const wide = body ? this.enumUnderlying({ file: found.file, body, fileScope: found.fileScope === true }) : undefined;
      return { kind: 'constant', value, type: fitsInt ? int('int') : (wide ?? int('int')) };
    }
    return { kind: 'value', typed: this.typeOfDeclared(found) };
  }

  nameKind(name: string, place: Place): 'type' | 'value' | 'unknown' {
    if (this.typeofs.has(name)) return 'type';
    const found = this.lookupOrdinary(name, place);
    if (found) return found.kind === 'typedef' ? 'type' : 'value';
    return builtinTypedef(name, this.abi, this.builtinFlavor) ? 'type' : 'unknown';
  }

  typedefName(name: string, place: Place): Typed {
    const typeofArgument = this.typeofs.get(name);
    if (typeofArgument) {
      const { text, file, offset } = typeofArgument;
      return this.typeofIn(text, { at: place, copies: [{ from: 0, to: text.length, file, source: offset }] });
    }
    const found = this.lookupOrdinary(name, place);
    const builtin = builtinTypedef(name, this.abi, this.builtinFlavor);
    if (found?.kind === 'typedef') {
      const typed = this.typeOfDeclared(found);
      // A header's typedef built on what a missing header declares: the builtin meaning stands in.
      return isResolved(typed) || !builtin ? typed : { type: builtin };
    }
    if (builtin) return { type: builtin };
    if (found) return unresolved(`'${name}' is not a type`);
    return unresolved(this.unknown(`unknown typedef '${name}'`));
  }

  typedefType(name: string): CType | undefined {
    const found = this.fileOrdinary(name);
    if (found?.kind === 'typedef') {
      const typed = this.typeOfDeclared(found);
      if (isResolved(typed)) return typed.type;
    }
    return builtinTypedef(name, this.abi, this.builtinFlavor);
  }

  private integerTypedef(name: string): CType {
    const type = this.typedefType(name);
    const t = type ? unqualified(type) : null;
    return type && t?.kind === 'integer' ? type : builtinTypedef(name, this.abi, this.builtinFlavor)!;
  }

  get sizeType(): CType {
    return this.integerTypedef('size_t');
  }

  get ptrdiffType(): CType {
    return this.integerTypedef('ptrdiff_t');
  }

  private typeOfDeclared(d: Declared): Typed {
    const key = `${nodeKey(d.file, d.holder)}:${d.declarator?.id ?? ''}`;
    const cached = this.typeCache.get(key);
    if (cached) return cached;
    if (this.inProgress.has(key)) return unresolved(`'${d.name}' is defined in terms of itself`);
    this.inProgress.add(key);
    let typed: Typed;
    try {
      typed = d.kind === 'constant' ? { type: int('int') } : declaredType(d.holder, d.declarator, this.placeOf(d.holder, d), this);
      if (isResolved(typed) && d.kind === 'typedef') typed = { ...typed, type: typedef(d.name, typed.type) };
      else if (isResolved(typed) && d.holder.type === 'parameter_declaration') typed = { ...typed, type: adjustParameter(typed.type) };
    } finally {
      this.inProgress.delete(key);
    }
    this.typeCache.set(key, typed);
    return typed;
  }

  tagged(specifier: SyntaxNode, place: Place): Typed {
    const tag = specifier.childForFieldName('name')?.text ?? null;
    const body = specifier.childForFieldName('body');
    if (specifier.type === 'enum_specifier') {
      const definition = body ? { file: place.file, body, fileScope: place.fileScope === true } : tag ? this.enumBody(tag, place) : null;
      const underlying = definition ? this.enumUnderlying(definition) : undefined;
      return { type: underlying ? { kind: 'enum', tag, underlying } : { kind: 'enum', tag } };
    }
    const union = specifier.type === 'union_specifier';
    if (!body) return { type: { kind: 'record', union, tag } };
    const key = nodeKey(place.file, specifier);
    let type = this.recordCache.get(key);
    if (!type) {
      type = { kind: 'record', union, tag };
      recordBodies.set(type, { file: place.file, body, fileScope: place.fileScope === true });
      this.recordCache.set(key, type);
    }
    return { type };
  }

  private enumBody(tag: string, place: Place): RecordBody | null {
    const definition = this.lookupTag(tag, place);
    const body = definition?.kind === 'enum' ? definition.specifier.childForFieldName('body') : null;
    return definition && body ? { file: definition.file, body, fileScope: definition.fileScope === true } : null;
  }

  member(record: CType, name: string, place: Place): Typed {
    const t = unqualified(record);
    if (t.kind !== 'record') return unresolved(`member '${name}' of a non-struct`);
    const written = `${t.union ? 'union' : 'struct'} ${t.tag ?? '<anonymous>'}`;
    let definition = recordBodies.get(t) ?? null;
    if (!definition && t.tag !== null) {
      const tag = this.lookupTag(t.tag, place);
      const body = tag && tag.kind === (t.union ? 'union' : 'struct') ? tag.specifier.childForFieldName('body') : null;
      definition = tag && body ? { file: tag.file, body, fileScope: tag.fileScope === true } : null;
    }
    if (!definition) return unresolved(this.unknown(`'${written}' is incomplete: no definition found`));
    return this.findMember(definition, name) ?? unresolved(`'${written}' has no member named '${name}'`);
  }

  /** A member of a struct or union body, looking into anonymous struct and union members. */
  private findMember(record: RecordBody, name: string): Typed | null {
    const { file, body } = record;
    const key = `${nodeKey(file, body)}.${name}`;
    const cached = this.typeCache.get(key);
    if (cached) return cached;
    for (const field of fieldDeclarations(body)) {
      const declarators = field.childrenForFieldName('declarator');
      if (declarators.length === 0) {
        const inner = field.childForFieldName('type')?.childForFieldName('body');
        const found = inner ? this.findMember({ ...record, body: inner }, name) : null;
        if (found) return found;
        continue;
      }
      const declarator = declarators.find((d) => declaratorName(d)?.text === name);
      if (!declarator) continue;
      const typed = this.bitField(declaredType(field, declarator, this.placeOf(field, record), this), declarator, record);
      this.typeCache.set(key, typed);
      return typed;
    }
    return null;
  }

  /** A bit-field narrower than its declared type keeps its width: gcc types it by that width. */
  private bitField(typed: Typed, declarator: SyntaxNode, record: RecordBody): Typed {
    const clause = declarator.nextNamedSibling;
    if (!isResolved(typed) || clause?.type !== 'bitfield_clause') return typed;
    const widthNode = clause.namedChildren[0];
    const width = widthNode ? evaluateConstant(widthNode, this.placeOf(widthNode, record), this) : null;
    if (width === null) return unresolved(`the width of bit-field '${declarator.text}' is unknown`);
    const t = unqualified(typed.type);
    // An enum's bit-field holds values of the enum's integer type (32 bits when its values are unknown).
    const integer = t.kind === 'enum' && t.underlying ? unqualified(t.underlying) : t;
    const precision = integer.kind === 'integer' ? integerPrecision(integer.name, this.abi) : 32;
    const bits = Number(width);
    if (bits >= precision) return typed;
    // gcc gives an enum's bit-field of 32 bits or more an integer type of that width (`enum big x:40` is `long unsigned int:40`); a narrower one is an int either way.
    const declared = t.kind === 'enum' && bits >= 32 ? integer : typed.type;
    // gcc names a bit-field wider than int by the first standard type of its precision: `long long x:40` is `long unsigned int:40` on LP64.
    const named = bits > 32 && integer.kind === 'integer' && integer.name === 'long long' && this.abi === 'lp64' ? int('long', integer.signed) : declared;
    return { type: named, bitWidth: bits, ...(typed.qualifiers ? { qualifiers: typed.qualifiers } : {}) };
  }

  private placeOf(node: SyntaxNode, where: { readonly file: SourceFile; readonly fileScope?: boolean }): Place {
    return where.fileScope ? { node, file: where.file, fileScope: true } : { node, file: where.file };
  }

  /** The values of an enum's constants; while they are computed, those computed so far (`B = A + 1` uses A's). */
  private enumeratorValues(record: RecordBody): ReadonlyArray<bigint | null> {
    const { file, body } = record;
    const key = nodeKey(file, body);
    const known = this.enumValueCache.get(key) ?? this.enumValuesSoFar.get(key);
    if (known) return known;
    const values: Array<bigint | null> = [];
    this.enumValuesSoFar.set(key, values);
    try {
      let next: bigint | null = 0n;
      for (const enumerator of enumerators(body)) {
        const expression = enumerator.childForFieldName('value');
        const value: bigint | null = expression ? evaluateConstant(expression, this.placeOf(expression, record), this) : next;
        values.push(value);
        next = value === null ? null : value + 1n;
      }
    } finally {
      this.enumValuesSoFar.delete(key);
    }
    this.enumValueCache.set(key, values);
    return values;
  }

  private enumeratorValue(constant: Declared): bigint | null {
    const body = enumBodyOf(constant.holder);
    if (!body) return null;
    const index = enumerators(body).findIndex((e) => e.id === constant.holder.id);
    return this.enumeratorValues({ file: constant.file, body, fileScope: constant.fileScope === true })[index] ?? null;
  }

  /** gcc's integer type for an enum: unsigned int unless a value is negative, wider when a value needs it. */
  private enumUnderlying(record: RecordBody): CType | undefined {
    const values = this.enumeratorValues(record);
    if (values.length === 0 || values.some((v) => v === null)) return undefined;
    const known = values as readonly bigint[];
    const min = known.reduce((a, b) => (b < a ? b : a));
    const max = known.reduce((a, b) => (b > a ? b : a));
    const wide = this.abi === 'lp64' ? int('long', min < 0n) : int('long long', min < 0n);
    if (min < 0n) return min >= -(1n << 31n) && max < 1n << 31n ? int('int') : wide;
    return max < 1n << 32n ? int('int', false) : wide;
  }

  // -------------------------------------------------------------------------
  // Macros and text typed on its own

  macro(name: string, args: readonly MacroArgument[] | null, place: Place): Typed | null {
    const definition = this.fileMacro(name);
    if (!definition) return null;
    const around = this.expansionsAround(place);
    if (around.includes(name)) return null;
    if (around.length >= MAX_MACRO_DEPTH) return unresolved(`macro '${name}' nests too deeply`);
    let expansion: Expansion;
    if (definition.params === null) expansion = args === null ? { text: definition.body, copies: [] } : followedByArguments(definition.body, args);
    else if (args === null) return null;
    else {
      const substituted = substitute(definition, args);
      if (substituted === null) return unresolved(`macro '${name}' takes ${definition.params.length} arguments, not ${args.length}`);
      expansion = substituted;
    }
    if (expansion.text.trim() === '') return unresolved(`macro '${name}' expands to nothing`);
    const copies = expansion.copies.map((c) => ({ ...c, file: place.file }));
    const typed = this.typeText(expansion.text, { at: place, macro: name, copies });
    return isResolved(typed) ? typed : unresolved(`${typed.unresolved}, in the expansion of macro '${name}'`);
  }

  /** The macros whose expansions hold the node at `place`, innermost first: C does not expand them again there. */
  private expansionsAround(place: Place): string[] {
    const macros: string[] = [];
    let { file } = place;
    let from = place.node.startIndex;
    let to = place.node.endIndex;
    for (let origin = this.origins.get(file); origin; origin = this.origins.get(file)) {
      const copy = origin.copies.find((c) => c.from <= from && to <= c.to);
      if (copy) {
        // Copied text is as it is where it was written (a macro's argument, where the macro is used).
        from += copy.source - copy.from;
        to += copy.source - copy.from;
        file = copy.file;
      } else {
        if (origin.macro !== undefined) macros.push(origin.macro);
        ({ file } = origin.at);
        from = origin.at.node.startIndex;
        to = origin.at.node.endIndex;
      }
    }
    return macros;
  }

  expressionText(text: string, place: Place): Typed {
    return this.typeText(text, standingAt(text, place));
  }

  private typeText(text: string, origin: Origin): Typed {
    const probe = this.probe(PROBE_PREFIX, text, '\n); }', origin);
    const statement = probeStatement(probe);
    const parenthesized = statement?.type === 'expression_statement' ? statement.namedChildren[0] : null;
    const inner = parenthesized?.type === 'parenthesized_expression' ? parenthesized.namedChildren.filter((c) => c.type !== 'comment') : [];
    if (probe.root.hasError || inner.length !== 1) {
      // A macro call whose arguments are not expressions (`min_t(u32, a, b)`): expanded first.
      const call = /^\s*([A-Za-z_]\w*)\s*\(/.exec(text);
      const args = call && balancedCall(text) ? argumentSpans(text, PROBE_PREFIX.length) : null;
      const expanded = call && args ? this.macro(call[1]!, args, { node: probe.root, file: probe }) : null;
      return expanded ?? unresolved(`cannot parse '${oneLine(text)}' as an expression`);
    }
    return typeOfExpression(inner[0]!, probe, this);
  }

  typeofText(text: string, place: Place): Typed {
    return this.typeofIn(text, standingAt(text, place));
  }

  descriptorType(descriptor: SyntaxNode, place: Place): Typed {
    return descriptorType(descriptor, place, this);
  }

  private typeofIn(text: string, origin: Origin): Typed {
    const asExpression = this.typeText(text, origin);
    if (isResolved(asExpression)) return asExpression;
    const asType = this.typeNameIn(text, origin);
    return isResolved(asType) ? asType : asExpression;
  }

  /** A type name (an evmarker TYPE) as seen from `place`. */
  typeNameText(text: string, place: Place): Typed {
    return this.typeNameIn(text, standingAt(text, place));
  }

  private typeNameIn(text: string, origin: Origin): Typed {
    const probe = this.probe(PROBE_PREFIX, text, '\n)0; }', origin);
    const statement = probeStatement(probe);
    const cast = statement?.type === 'expression_statement' ? statement.namedChildren[0] : null;
    const descriptor = cast?.type === 'cast_expression' ? cast.childForFieldName('type') : null;
    if (probe.root.hasError || !descriptor) return unresolved(`'${oneLine(text)}' is not a type name`);
    return declaredTypeOfDescriptor(descriptor, probe, this);
  }

  /**
   * `text` parsed on its own, between `before` and `after`. tree-sitter-c has
   * no typeof (it reads `typeof(1) x` as an error): each use becomes a
   * placeholder type name of the same length, so that offsets are the text's.
   */
  private probe(before: string, text: string, after: string, origin: Origin): SourceFile {
    const whole = `${before}${text}${after}`;
    let parsed = whole;
    const placeholders: Array<{ readonly name: string; readonly text: string; readonly offset: number }> = [];
    for (const use of typeofUses(whole)) {
      // Base 36 keeps a name within the shortest use, `typeof(x)`.
      const name = `__kt${(this.typeofs.size + placeholders.length).toString(36)}`;
      if (name.length > use.end - use.start) continue;
      parsed = parsed.slice(0, use.start) + name.padEnd(use.end - use.start) + parsed.slice(use.end);
      placeholders.push({ name, text: whole.slice(use.argumentStart, use.argumentEnd), offset: use.argumentStart });
    }
    const file = new SourceFile(`<text at ${origin.at.file.path}>`, parsed, this.context.annotations, origin.at);
    const copies = origin.copies.map((c) => ({ ...c, from: c.from + before.length, to: c.to + before.length }));
    this.origins.set(file, { ...origin, copies });
    for (const { name, text: argument, offset } of placeholders) this.typeofs.set(name, { text: argument, file, offset });
    return file;
  }
}

/** Text that stands at `place`: where it starts at the node (an initializer, a typeof's argument), a copy of the file's text. */
function standingAt(text: string, place: Place): Origin {
  const copied = place.file.text.startsWith(text, place.node.startIndex);
  return { at: place, copies: copied ? [{ from: 0, to: text.length, file: place.file, source: place.node.startIndex }] : [] };
}

function declaredTypeOfDescriptor(descriptor: SyntaxNode, file: SourceFile, r: Resolver): Typed {
  return declaredType(descriptor, descriptor.childForFieldName('declarator'), { node: descriptor, file }, r);
}

/** `SYSCALL_DEFINE2(name, T1, a1, T2, a2)` before a body → `void __kmark_fn(T1 a1, T2 a2)`; null when the statement before it is not such a call. */
function macroFunctionSignature(body: SyntaxNode): string | null {
  const before = body.previousNamedSibling;
  const call = before?.type === 'expression_statement' ? before.namedChildren[0] : before;
  const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
  const count = callee?.type === 'identifier' ? /DEFINE(\d)$/.exec(callee.text)?.[1] : undefined;
  const args = count !== undefined ? splitArguments(call!.childForFieldName('arguments')?.text ?? '') : [];
  if (count === undefined || args.length !== 1 + 2 * Number(count)) return null;
  const params = [];
  for (let k = 1; k < args.length; k += 2) params.push(`${args[k]} ${args[k + 1]}`);
  return `void __kmark_fn(${params.length > 0 ? params.join(', ') : 'void'})`;
}

/** The function declarator right before a block that ERROR recovery left without its function_definition. */
function orphanDeclarator(body: SyntaxNode): SyntaxNode | null {
  const before = body.previousNamedSibling;
  if (!before) return null;
  const candidates = before.type === 'function_declarator' ? [before] : before.descendantsOfType('function_declarator');
  // The outermost ones: a function pointer parameter has a declarator of its own inside.
  const outermost = candidates.filter((c) => !candidates.some((o) => o !== c && o.startIndex <= c.startIndex && c.endIndex <= o.endIndex));
  return outermost[outermost.length - 1] ?? null;
}

function enumBodyOf(enumerator: SyntaxNode): SyntaxNode | null {
  let body: SyntaxNode | null = enumerator.parent;
  while (body && body.type !== 'enumerator_list') body = body.parent;
  return body;
}

/** The first statement of a probe's body: what the text parsed on its own reads as. */
function probeStatement(probe: SourceFile): SyntaxNode | undefined {
  return probe.root.namedChildren[0]?.childForFieldName('body')?.namedChildren.find((c) => c.type !== 'comment');
}

function mentionedBetween(text: string, word: string, from: number, to: number): boolean {
  const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
  for (let at = text.indexOf(word, from); at >= 0 && at < to; at = text.indexOf(word, at + word.length)) {
    if (!isWordChar(text.charCodeAt(at - 1)) && !isWordChar(text.charCodeAt(at + word.length))) return true;
  }
  return false;
}

interface TypeofUse {
  readonly start: number;
  readonly end: number;
  readonly argumentStart: number;
  readonly argumentEnd: number;
}

/** The `typeof(…)` uses in a text, outermost ones only: where each is, and its argument. */
function typeofUses(text: string): TypeofUse[] {
  const uses: TypeofUse[] = [];
  if (!text.includes('typeof')) return uses;
  const tokens = [...cTokens(text, 'tokens')];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    if (token.kind !== 'identifier' || !TYPEOF.has(token.text) || tokens[k + 1]?.text !== '(') continue;
    let depth = 0;
    let close = -1;
    for (let j = k + 1; j < tokens.length; j++) {
      if (tokens[j]!.text === '(') depth++;
      else if (tokens[j]!.text === ')' && --depth === 0) {
        close = j;
        break;
      }
    }
    if (close < 0) break;
    uses.push({ start: token.start, end: tokens[close]!.end, argumentStart: tokens[k + 1]!.end, argumentEnd: tokens[close]!.start });
    k = close;
  }
  return uses;
}

/** `NAME(…)` with the parenthesis opened after the name closing at the very end. */
function balancedCall(text: string): boolean {
  let depth = 0;
  let closedAt = -1;
  for (const token of cTokens(text, 'tokens')) {
    if (closedAt >= 0) return false;
    if (token.text === '(') depth++;
    else if (token.text === ')' && --depth === 0) closedAt = token.end;
  }
  return closedAt >= 0;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
