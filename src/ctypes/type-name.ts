/** A C type name as written in an evmarker or a cast: `const char *`, `unsigned long`, `struct page *`. */
import { cTokens } from '../c/c-tokens.js';
import { int, pointerTo, VOID, type CType, type IntegerName } from './types.js';

const QUALIFIERS = new Set(['const', 'volatile', 'restrict', '__restrict', '__restrict__', '__user', '__iomem', '__rcu', '__percpu', '__kernel', '__force']);
const INTEGER_WORDS = new Set(['signed', 'unsigned', 'char', 'short', 'int', 'long', '_Bool', '__signed__']);

/** Returns null when the text is not a type name or names an unknown typedef. */
export function parseTypeName(text: string, lookupTypedef: (name: string) => CType | undefined): CType | null {
  const words: string[] = [];
  let pointers = 0;
  let constTarget = false;
  for (const token of cTokens(text, 'tokens')) {
    if (token.text === '*') pointers++;
    else if (token.kind !== 'identifier') return null;
    else if (QUALIFIERS.has(token.text)) constTarget ||= pointers === 0 && token.text === 'const';
    else if (pointers > 0) return null;
    else words.push(token.text);
  }
  const base = baseType(words, lookupTypedef);
  if (!base) return null;
  let type = base;
  for (let k = 0; k < pointers; k++) type = k === 0 && constTarget ? { kind: 'pointer', to: type, constTarget } : pointerTo(type);
  return type;
}

function baseType(words: readonly string[], lookupTypedef: (name: string) => CType | undefined): CType | null {
  const [first, second] = words;
  if (!first) return null;
  if ((first === 'struct' || first === 'union') && second && words.length === 2) return { kind: 'record', union: first === 'union', tag: second };
  if (first === 'enum' && second && words.length === 2) return { kind: 'enum', tag: second };
  if (words.length === 1 && first === 'void') return VOID;
  if (words.length === 1 && (first === 'float' || first === 'double')) return { kind: 'floating', name: first };
  if (words.length === 2 && first === 'long' && second === 'double') return { kind: 'floating', name: 'long double' };
  if (words.every((w) => INTEGER_WORDS.has(w))) return integerType(words);
  if (words.length === 1) return lookupTypedef(first) ?? null;
  return null;
}

/** `unsigned long int` and the like, from its words; null when they are not an integer type. */
export function integerType(words: readonly string[]): CType | null {
  if (words.length === 0 || !words.every((w) => INTEGER_WORDS.has(w))) return null;
  const count = (w: string): number => words.filter((x) => x === w).length;
  const unsigned = count('unsigned') > 0;
  const explicitSigned = count('signed') + count('__signed__') > 0;
  if (unsigned && explicitSigned) return null;
  let name: IntegerName;
  if (count('_Bool')) name = '_Bool';
  else if (count('char')) name = 'char';
  else if (count('short')) name = 'short';
  else if (count('long') >= 2) name = 'long long';
  else if (count('long') === 1) name = 'long';
  else name = 'int';
  if (name === 'char' && !unsigned && !explicitSigned) return { kind: 'integer', name, signed: true, plainChar: true };
  return name === '_Bool' ? int(name, false) : int(name, !unsigned);
}
