/** The printf conversion that prints a value of a given C type exactly (`%llu` for a u64). */
import { unqualified, type CType } from '../ctypes/types.js';

const LENGTH_OF_TYPEDEF: Readonly<Record<string, string>> = {
  size_t: 'z',
  ssize_t: 'z',
  ptrdiff_t: 't',
  intmax_t: 'j',
  uintmax_t: 'j',
};

const LENGTH_OF_INTEGER: Readonly<Record<string, string>> = { _Bool: '', char: 'hh', short: 'h', int: '', long: 'l', 'long long': 'll' };

export function conversionFor(type: CType): string | null {
  if (type.kind === 'typedef' && LENGTH_OF_TYPEDEF[type.name] !== undefined) {
    const inner = unqualified(type);
    return `%${LENGTH_OF_TYPEDEF[type.name]}${inner.kind === 'integer' && !inner.signed ? 'u' : 'd'}`;
  }
  const t = unqualified(type);
  switch (t.kind) {
    case 'integer':
      if (t.name === '_Bool') return '%d';
      if (t.name === 'char' && t.plainChar) return '%c';
      return `%${LENGTH_OF_INTEGER[t.name]}${t.signed ? 'd' : 'u'}`;
    case 'enum':
      // Without its enumerators' type, %d: right unless the enum is unsigned under -Wformat-signedness or wider than int.
      return t.underlying && unqualified(t.underlying).kind === 'integer' ? conversionFor(t.underlying) : '%d';
    case 'floating':
      return t.name === 'long double' ? '%Lf' : '%f';
    case 'pointer': {
      const target = unqualified(t.to);
      return target.kind === 'integer' && target.name === 'char' ? '%s' : '%p';
    }
    case 'array':
      return conversionFor({ kind: 'pointer', to: t.of });
    default:
      return null;
  }
}
