/**
 * Integer constant expressions, as far as array lengths, bit-field widths,
 * enumerator values and null pointer constants need them. Null when the value
 * cannot be known (a macro, a sizeof of something unknown).
 */
import type { SyntaxNode } from '../c/parser.js';
import { sizeOf } from './types.js';
import type { Place, Resolver } from './resolver.js';
import { at, isResolved } from './resolver.js';

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, e: 27, '0': 0 };

function integerLiteralValue(text: string): bigint | null {
  const match = /^([-+]?)(0[xX][0-9a-fA-F']+|0[bB][01']+|[0-9][0-9']*)[uUlLwWzZ]*$/.exec(text);
  if (!match) return null;
  const digits = match[2]!.replace(/'/g, '');
  try {
    const value = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
    return match[1] === '-' ? -value : value;
  } catch {
    return null;
  }
}

function charLiteralValue(text: string): bigint | null {
  const body = /^[LuU8]*'(.*)'$/s.exec(text)?.[1];
  if (body === undefined) return null;
  if (!body.startsWith('\\')) return body.length === 1 ? BigInt(body.charCodeAt(0)) : null;
  const escape = body.slice(1);
  if (/^[0-7]{1,3}$/.test(escape)) return BigInt(parseInt(escape, 8));
  if (/^x[0-9a-fA-F]+$/.test(escape)) return BigInt(parseInt(escape.slice(1), 16));
  const simple = SIMPLE_ESCAPES[escape];
  if (simple !== undefined) return BigInt(simple);
  return escape.length === 1 ? BigInt(escape.charCodeAt(0)) : null;
}

const MAX_DEPTH = 64;

export function evaluateConstant(node: SyntaxNode, place: Place, r: Resolver, depth = 0): bigint | null {
  if (depth > MAX_DEPTH) return null;
  const inner = (n: SyntaxNode | null): bigint | null => (n ? evaluateConstant(n, at(place, n), r, depth + 1) : null);
  switch (node.type) {
    case 'number_literal':
      return integerLiteralValue(node.text);
    case 'char_literal': {
      const value = charLiteralValue(node.text);
      // An unprefixed character constant is an int holding a (signed, on x86) char: '\377' is -1.
      return value !== null && node.text.startsWith("'") && value >= 128n && value < 256n ? value - 256n : value;
    }
    case 'true':
      return 1n;
    case 'false':
      return 0n;
    case 'parenthesized_expression':
      return node.namedChildCount === 1 ? inner(node.namedChild(0)) : null;
    case 'cast_expression':
      return inner(node.childForFieldName('value'));
    case 'identifier': {
      const found = r.value(node.text, place);
      return found.kind === 'constant' ? found.value : null;
    }
    case 'sizeof_expression': {
      const descriptor = node.childForFieldName('type');
      if (!descriptor) return null;
      const typed = r.descriptorType(descriptor, at(place, descriptor));
      const size = isResolved(typed) ? sizeOf(typed.type, r.abi) : undefined;
      return size === undefined ? null : BigInt(size);
    }
    case 'unary_expression': {
      const value = inner(node.childForFieldName('argument'));
      if (value === null) return null;
      switch (node.childForFieldName('operator')?.type) {
        case '-':
          return -value;
        case '+':
          return value;
        case '~':
          return ~value;
        case '!':
          return value === 0n ? 1n : 0n;
        default:
          return null;
      }
    }
    case 'conditional_expression': {
      const condition = inner(node.childForFieldName('condition'));
      if (condition === null) return null;
      return condition !== 0n ? inner(node.childForFieldName('consequence') ?? node.childForFieldName('condition')) : inner(node.childForFieldName('alternative'));
    }
    case 'binary_expression': {
      const left = inner(node.childForFieldName('left'));
      const right = inner(node.childForFieldName('right'));
      if (left === null || right === null) return null;
      return evaluateBinary(node.childForFieldName('operator')?.type ?? '', left, right);
    }
    default:
      return null;
  }
}

/** `a op b` on unbounded integers; null for a division by zero or a shift of more than 64 bits (undefined for every type here). */
export function evaluateBinary(operator: string, a: bigint, b: bigint): bigint | null {
  const truth = (x: boolean): bigint => (x ? 1n : 0n);
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0n ? null : a / b;
    case '%':
      return b === 0n ? null : a % b;
    case '<<':
      return b < 0n || b > 64n ? null : a << b;
    case '>>':
      return b < 0n || b > 64n ? null : a >> b;
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    case '&&':
      return truth(a !== 0n && b !== 0n);
    case '||':
      return truth(a !== 0n || b !== 0n);
    case '==':
      return truth(a === b);
    case '!=':
      return truth(a !== b);
    case '<':
      return truth(a < b);
    case '>':
      return truth(a > b);
    case '<=':
      return truth(a <= b);
    case '>=':
      return truth(a >= b);
    default:
      return null;
  }
}
