/** C types, as far as printf formats and trace records care about them. */
import type { Abi } from '../format/pri.js';

export type IntegerName = '_Bool' | 'char' | 'short' | 'int' | 'long' | 'long long';

export type CType =
  | { readonly kind: 'void' }
  | { readonly kind: 'integer'; readonly name: IntegerName; readonly signed: boolean; readonly plainChar?: boolean }
  | { readonly kind: 'floating'; readonly name: 'float' | 'double' | 'long double' }
  | { readonly kind: 'pointer'; readonly to: CType; readonly constTarget?: boolean }
  | { readonly kind: 'array'; readonly of: CType; readonly length: number | null }
  | { readonly kind: 'record'; readonly union: boolean; readonly tag: string | null }
  | { readonly kind: 'enum'; readonly tag: string | null }
  | { readonly kind: 'function'; readonly returns: CType; readonly params: readonly CType[] | null; readonly variadic: boolean }
  /** A typedef keeps its name, for messages and for `%zu`-style length modifiers. */
  | { readonly kind: 'typedef'; readonly name: string; readonly target: CType };

export const VOID: CType = { kind: 'void' };
export const int = (name: IntegerName, signed = true): CType => ({ kind: 'integer', name, signed });
export const pointerTo = (to: CType): CType => ({ kind: 'pointer', to });
export const typedef = (name: string, target: CType): CType => ({ kind: 'typedef', name, target });

/** The type with every typedef layer removed. */
export function unqualified(type: CType): Exclude<CType, { kind: 'typedef' }> {
  while (type.kind === 'typedef') type = type.target;
  return type;
}

export function sizeOf(type: CType, abi: Abi): number | undefined {
  const t = unqualified(type);
  switch (t.kind) {
    case 'integer':
      return { _Bool: 1, char: 1, short: 2, int: 4, long: abi === 'lp64' ? 8 : 4, 'long long': 8 }[t.name];
    case 'floating':
      return { float: 4, double: 8, 'long double': abi === 'lp64' ? 16 : 12 }[t.name];
    case 'pointer':
      return abi === 'lp64' ? 8 : 4;
    case 'enum':
      return 4;
    case 'array': {
      const element = sizeOf(t.of, abi);
      return element !== undefined && t.length !== null ? element * t.length : undefined;
    }
    default:
      return undefined;
  }
}

/** How a type is written in C, typedef names kept. */
export function typeToString(type: CType): string {
  switch (type.kind) {
    case 'void':
      return 'void';
    case 'integer':
      if (type.name === '_Bool') return '_Bool';
      if (type.name === 'char') return type.plainChar ? 'char' : type.signed ? 'signed char' : 'unsigned char';
      return type.signed ? type.name : `unsigned ${type.name}`;
    case 'floating':
      return type.name;
    case 'pointer': {
      const inner = typeToString(type.to);
      return `${type.constTarget ? 'const ' : ''}${inner}${inner.endsWith('*') ? '*' : ' *'}`;
    }
    case 'array':
      return `${typeToString(type.of)}[${type.length ?? ''}]`;
    case 'record':
      return `${type.union ? 'union' : 'struct'} ${type.tag ?? '<anonymous>'}`;
    case 'enum':
      return `enum ${type.tag ?? '<anonymous>'}`;
    case 'function':
      return `${typeToString(type.returns)} (${type.params?.map(typeToString).join(', ') ?? ''}${type.variadic ? ', ...' : ''})`;
    case 'typedef':
      return type.name;
  }
}
