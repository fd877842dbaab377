/**
 * The C type a conversion takes its value as (`%llu` → unsigned long long,
 * `%zu` → size_t, `%s` → const char *). A trace record stores a value in this
 * type, so the catalog and the generated code both describe a field by it.
 */
import { builtinTypedef } from '../ctypes/builtins.js';
import { int, VOID, type CType } from '../ctypes/types.js';
import type { Conversion } from './parse.js';
import type { Abi } from '../model/abi.js';
import { conversionSpec, lengthKey, type AbiTypeName, type WantedType } from './printf-table.js';

const TYPEDEF_OF: Readonly<Record<AbiTypeName, string>> = {
  size_t: 'size_t',
  'signed size_t': 'ssize_t',
  ptrdiff_t: 'ptrdiff_t',
  'unsigned ptrdiff_t': 'size_t',
  intmax_t: 'intmax_t',
  uintmax_t: 'uintmax_t',
  wchar_t: 'wchar_t',
  wint_t: 'wint_t',
};

function typeOfWanted(wanted: WantedType, abi: Abi): CType | null {
  switch (wanted.kind) {
    case 'void':
      return VOID;
    case 'integer':
      return wanted.plainChar ? { kind: 'integer', name: 'char', signed: true, plainChar: true } : int(wanted.name, wanted.signed);
    case 'abi':
      return builtinTypedef(TYPEDEF_OF[wanted.name], abi) ?? null;
    case 'floating':
      return { kind: 'floating', name: wanted.name };
    case 'decimal':
      return null;
  }
}

/** Null for what has no such type: `%n`, `%m`, decimal floats, a length the conversion does not take. */
export function valueType(conversion: Conversion, abi: Abi): CType | null {
  const spec = conversionSpec(conversion.specifier);
  const wanted = spec?.wanted[lengthKey(conversion.length)];
  if (!spec || !wanted || spec.writes || !spec.takesArgument) return null;
  const type = typeOfWanted(wanted, abi);
  if (type === null || spec.pointerCount === 0) return type;
  return { kind: 'pointer', to: type, constTarget: true };
}
