/**
 * From declaration syntax to a CType: the specifiers give the base type, the
 * declarator wraps it inside out (`int (*fp)(void)`: pointer to function
 * returning int). `const` is kept where a pointer's target is const, which is
 * what `%s` and `%n` care about.
 */
import { joinQualifiers, qualifiers, typedef, unqualified, VOID, int, PLAIN_CHAR, pointerTo, type CType, type Qualifiers } from './types.js';
import { innerDeclarator } from './declarations.js';
import { evaluateConstant } from './constant.js';
import { at, isResolved, unresolved, type Place, type Resolver, type Typed } from './resolver.js';
import { integerType } from './type-name.js';
import type { SyntaxNode } from '../c/parser.js';

interface Base {
  readonly type: CType;
  readonly qualifiers: Qualifiers | undefined;
}

type BaseOrWhy = Base | { readonly unresolved: string };

/** The type a declaration gives one of its declarators (`holder`: declaration, field, parameter, typedef or type descriptor). */
export function declaredType(holder: SyntaxNode, declarator: SyntaxNode | null, place: Place, r: Resolver): Typed {
  const specifier = holder.childForFieldName('type');
  // `__auto_type x = e;` (GNU C) and `auto x = e;` (C23): the initializer's type, decayed.
  if (specifier && AUTO.has(specifier.text) && declarator?.type === 'init_declarator') {
    const value = declarator.childForFieldName('value');
    const typed = value ? r.expressionText(value.text, at(place, value)) : unresolved(`no initializer for '${declarator.text}'`);
    return isResolved(typed) ? { type: adjustParameter(typed.type) } : typed;
  }
  // `(typeof(x))y`: tree-sitter reads typeof as a type name with a parameter list.
  const parameters = declarator?.type === 'abstract_function_declarator' ? declarator.childForFieldName('parameters') : null;
  if (specifier && TYPEOF.has(specifier.text) && parameters && !declarator?.childForFieldName('declarator')) {
    return r.typeofText(parameters.text.slice(1, -1), at(place, parameters));
  }
  const base = baseType(holder, place, r);
  if ('unresolved' in base) return pointerToUnknown(base.unresolved, specifier, declarator, place, r);
  return applyDeclarator(base.type, base.qualifiers, declarator, place, r);
}

/**
 * A declaration of an unknown type that its declarator makes a pointer (an
 * array or a function, which decay to one): still unresolved, but known to be
 * a pointer, to a stand-in named as written (docs/ctypes.md).
 */
function pointerToUnknown(why: string, specifier: SyntaxNode | null, declarator: SyntaxNode | null, place: Place, r: Resolver): Typed {
  if (!specifier || !declarator) return unresolved(why);
  const standIn = applyDeclarator(typedef(specifier.text, VOID), undefined, declarator, place, r);
  if (!isResolved(standIn)) return unresolved(why);
  const kind = unqualified(standIn.type).kind;
  return kind === 'pointer' || kind === 'array' || kind === 'function' ? { unresolved: why, pointer: adjustParameter(standIn.type) } : unresolved(why);
}

/** A parameter's type as the function sees it: arrays and functions become pointers. */
export function adjustParameter(type: CType): CType {
  const t = unqualified(type);
  if (t.kind === 'array') return pointerTo(t.of, t.constElements === true);
  if (t.kind === 'function') return pointerTo(type);
  return type;
}

/** The qualifiers written among the nodes' children, with those `inherited` from a typedef. */
function qualifiersOf(nodes: readonly SyntaxNode[], inherited?: Qualifiers): Qualifiers | undefined {
  const written = nodes.flatMap((node) => node.namedChildren.filter((c) => c.type === 'type_qualifier').map((c) => c.text));
  return joinQualifiers(inherited, qualifiers(written.includes('const'), written.includes('volatile')));
}

const isConst = (q: Qualifiers | undefined): boolean => q?.includes('const') === true;

function baseType(holder: SyntaxNode, place: Place, r: Resolver): BaseOrWhy {
  const specifier = holder.childForFieldName('type');
  if (!specifier) return unresolved(`no type in '${holder.text.slice(0, 60)}'`) as BaseOrWhy;
  const typed = specifierType(specifier, place, r);
  if (!isResolved(typed)) return typed;
  return { type: typed.type, qualifiers: qualifiersOf([holder, specifier], typed.qualifiers) };
}

const AUTO = new Set(['__auto_type', 'auto']);
/** The GNU and C23 spellings of typeof. */
export const TYPEOF: ReadonlySet<string> = new Set(['typeof', '__typeof__', '__typeof', 'typeof_unqual', '__typeof_unqual__']);

const KEYWORD_TYPES: Readonly<Record<string, CType>> = {
  void: VOID,
  char: PLAIN_CHAR,
  int: int('int'),
  float: { kind: 'floating', name: 'float' },
  double: { kind: 'floating', name: 'double' },
  _Bool: int('_Bool', false),
};

/** The type a type specifier names. */
function specifierType(specifier: SyntaxNode, place: Place, r: Resolver): Typed {
  switch (specifier.type) {
    case 'primitive_type':
    case 'type_identifier': {
      const keyword = KEYWORD_TYPES[specifier.text];
      if (keyword) return { type: keyword };
      return r.typedefName(specifier.text, at(place, specifier));
    }
    case 'sized_type_specifier': {
      const words = specifier.children.filter((c) => c.type !== 'type_qualifier').map((c) => c.text);
      const named = specifier.childForFieldName('type');
      if (named && named.type === 'type_identifier' && !KEYWORD_TYPES[named.text]) {
        return unresolved(`'${specifier.text}' is not a C type`);
      }
      if (words.length === 2 && words.includes('long') && words.includes('double')) return { type: { kind: 'floating', name: 'long double' } };
      const type = integerType(words);
      return type ? { type } : unresolved(`'${specifier.text}' is not a C type`);
    }
    case 'struct_specifier':
    case 'union_specifier':
    case 'enum_specifier':
      return r.tagged(specifier, at(place, specifier));
    case 'macro_type_specifier': {
      const argument = specifier.childForFieldName('type');
      if (TYPEOF.has(specifier.childForFieldName('name')?.text ?? '') && argument) return r.typeofText(argument.text, at(place, argument));
      return unresolved(`the type '${specifier.text}' is made by a macro`);
    }
    default:
      return unresolved(`'${specifier.text}' is not a C type kmark models`);
  }
}

/** A type descriptor (a cast's or sizeof's type name). */
export function descriptorType(descriptor: SyntaxNode, place: Place, r: Resolver): Typed {
  return declaredType(descriptor, descriptor.childForFieldName('declarator'), place, r);
}

/**
 * Wraps `type` in what the declarator says, outermost first. The qualifiers
 * of what it declares come along when it declares a scalar object: the
 * base type's (`const _Bool b`), a pointer's own (`char *const p`).
 */
function applyDeclarator(type: CType, baseQualifiers: Qualifiers | undefined, declarator: SyntaxNode | null, place: Place, r: Resolver): Typed {
  let current = type;
  let currentQualifiers = baseQualifiers;
  for (let d = declarator; d; d = innerDeclarator(d)) {
    switch (d.type) {
      case 'pointer_declarator':
      case 'abstract_pointer_declarator':
        current = pointerTo(current, isConst(currentQualifiers));
        currentQualifiers = qualifiersOf([d]);
        break;
      case 'array_declarator':
      case 'abstract_array_declarator': {
        const size = d.childForFieldName('size');
        const length = size && size.type !== '*' ? evaluateConstant(size, at(place, size), r) : null;
        current = { kind: 'array', of: current, length: length === null ? null : Number(length), ...(isConst(currentQualifiers) ? { constElements: true } : {}) };
        currentQualifiers = undefined;
        break;
      }
      case 'function_declarator':
      case 'abstract_function_declarator': {
        const parameters = d.childForFieldName('parameters');
        const signature = parameters ? parameterTypes(parameters, place, r) : { params: null, variadic: false };
        current = { kind: 'function', returns: current, ...signature };
        currentQualifiers = undefined;
        break;
      }
      case 'parenthesized_declarator':
      case 'abstract_parenthesized_declarator':
      case 'attributed_declarator':
      case 'init_declarator':
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
      case 'primitive_type':
        break;
      default:
        return unresolved(`cannot read the declarator '${d.text.slice(0, 60)}'`);
    }
  }
  return currentQualifiers ? { type: current, qualifiers: currentQualifiers } : { type: current };
}

/** A parameter list's types; null params when unprototyped (`()`) or when one cannot be resolved (the return type still can). */
function parameterTypes(list: SyntaxNode, place: Place, r: Resolver): { params: CType[] | null; variadic: boolean } {
  const declarations = list.namedChildren.filter((c) => c.type === 'parameter_declaration');
  const variadic = list.children.some((c) => c.type === 'variadic_parameter' || c.type === '...');
  if (declarations.length === 0) return { params: null, variadic };
  const only = declarations[0]!;
  if (declarations.length === 1 && !variadic && only.childForFieldName('type')?.text === 'void' && !only.childForFieldName('declarator')) {
    return { params: [], variadic: false };
  }
  const params: CType[] = [];
  for (const parameter of declarations) {
    const typed = declaredType(parameter, parameter.childForFieldName('declarator'), at(place, parameter), r);
    if (!isResolved(typed)) return { params: null, variadic };
    params.push(adjustParameter(typed.type));
  }
  return { params, variadic };
}
