/**
 * The <inttypes.h> PRI* macros, as glibc defines them, so that `"x %" PRIu64`
 * resolves to what the compiler sees. Anything outside this table is reported,
 * never guessed.
 */
import type { Abi } from '../model/abi.js';
import type { FormatArgument } from '../model/marker.js';

const CONVERSIONS = ['d', 'i', 'o', 'u', 'x', 'X'] as const;

function priTable(abi: Abi): ReadonlyMap<string, string> {
  const long64 = abi === 'lp64' ? 'l' : 'll';
  // int_fastN_t for N >= 16 and intptr_t are `long` on LP64, `int` on ILP32.
  const fastWide = abi === 'lp64' ? 'l' : '';
  const table = new Map<string, string>();
  for (const c of CONVERSIONS) {
    for (const bits of [8, 16, 32, 64]) {
      const prefix = bits === 64 ? long64 : '';
      table.set(`PRI${c}${bits}`, prefix + c);
      table.set(`PRI${c}LEAST${bits}`, prefix + c);
      table.set(`PRI${c}FAST${bits}`, (bits === 8 ? '' : bits === 64 ? long64 : fastWide) + c);
    }
    table.set(`PRI${c}MAX`, long64 + c);
    table.set(`PRI${c}PTR`, fastWide + c);
  }
  return table;
}

const TABLES: Record<Abi, ReadonlyMap<string, string>> = { lp64: priTable('lp64'), ilp32: priTable('ilp32') };

/** The literal text a PRI* macro stands for, or undefined when it is not one. */
export function resolvePriMacro(name: string, abi: Abi): string | undefined {
  return TABLES[abi].get(name);
}

/** The format's text as the compiler sees it, PRI* macros resolved; null when it cannot be known. */
export function resolvedFormat(format: FormatArgument, abi: Abi): string | null {
  if (format.noArgs) return '';
  if (format.pieces.length === 0) return null;
  let text = '';
  for (const piece of format.pieces) {
    const value = piece.kind === 'literal' ? piece.value : resolvePriMacro(piece.name, abi);
    if (value === undefined) return null;
    text += value;
  }
  return text;
}
