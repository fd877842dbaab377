/**
 * kmark's expression types against gcc's, two ways, for LP64 and (when gcc
 * can -m32) ILP32:
 * - `_Static_assert(__builtin_types_compatible_p(__typeof__((0, EXPR)), T))`
 *   with T kmark's type spelled in C: the exact type, typedefs looked through
 *   (the comma makes arrays and functions decay, as a variadic argument does);
 * - `printf("%Lf", EXPR)`: gcc's -Wformat names the argument's type after the
 *   default argument promotions, typedef names and bit-field widths kept, which
 *   is what the format checks see.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedType } from '../../src/ctypes/index.js';
import { integerPrecision } from '../../src/ctypes/arithmetic.js';
import { canonical, declaration, typeToString, unqualified } from '../../src/ctypes/types.js';
import type { Abi } from '../../src/model/abi.js';
import { gccSupports } from '../format/gcc-harness.js';
import { expressions, GCC_ONLY_PRELUDE, prelude } from './gcc-cases.js';
import { checkSpans, modelOf, show, writeTree } from './harness.js';

const HEADER = 'void probe(int n, char c) {\n';

function kmarkTypes(abi: Abi): ResolvedType[] {
  const text = `${prelude(abi)}${HEADER}${expressions(abi)
    .map((e) => `  CHECK(${e});\n`)
    .join('')}}\n`;
  const root = writeTree({ 'main.c': text });
  const model = modelOf(root, { abi });
  return checkSpans('main.c', text).map(({ span }) => model.typeOfExpressionAt('main.c', span));
}

/** How gcc's -Wformat names a variadic argument of this type. */
function varargName(resolved: ResolvedType, abi: Abi): string {
  if ('unresolved' in resolved) return show(resolved);
  const { type, bitWidth } = resolved;
  const t = unqualified(type);
  if (bitWidth !== undefined) return bitWidth < 32 ? 'int' : `${typeToString(type)}:${bitWidth}`;
  if (t.kind === 'integer' && integerPrecision(t.name, abi) < 32) return 'int';
  if (t.kind === 'enum') return t.underlying ? typeToString(t.underlying) : '(enum of unknown type)';
  if (t.kind === 'floating' && t.name === 'float') return 'double';
  return typeToString(type);
}

const GCC_NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\blong long unsigned int\b/g, 'unsigned long long'],
  [/\blong unsigned int\b/g, 'unsigned long'],
  [/\bshort unsigned int\b/g, 'unsigned short'],
  [/\blong long int\b/g, 'long long'],
  [/\blong int\b/g, 'long'],
  [/\bshort int\b/g, 'short'],
];

const kmarkSpelling = (gcc: string): string => GCC_NAMES.reduce((s, [re, name]) => s.replace(re, name), gcc).replace(/\* const\*/g, '*const *');

/**
 * Where kmark keeps a typedef name that gcc's message drops, on purpose
 * (docs/ctypes.md): sizeof gives `size_t` and a pointer difference `ptrdiff_t` (gcc uses
 * the plain types), and a cast keeps the name written in it (gcc's
 * build_c_cast takes the main variant), so a suggested fix can say `%zu`.
 */
const TYPEDEF_KEPT = new Set([
  'gpi - gpi',
  '(size_t)gi',
  '(handler_t)0',
  '(name_t *)0',
  '&gname',
  'sizeof gi',
  'sizeof(int)',
  '_Alignof(long)',
  'sizeof(struct s)',
  'sizeof gi + 1',
  '(u32)(n + 1)',
  '(u32)-n',
  '(cstr)&gc',
  'LO32(n)',
  '(u32)(u16)(c)',
]);

interface GccVerdicts {
  readonly incompatible: ReadonlySet<number>;
  readonly argumentType: ReadonlyMap<number, string>;
}

function gccVerdicts(abi: Abi, types: readonly ResolvedType[]): GccVerdicts {
  const lines = [...`${GCC_ONLY_PRELUDE}${prelude(abi)}`.split('\n').slice(0, -1), HEADER.trimEnd()];
  const printfLine = new Map<number, number>();
  expressions(abi).forEach((expression, k) => {
    const resolved = types[k]!;
    if ('type' in resolved && resolved.bitWidth === undefined && !typeToString(resolved.type).includes('<anonymous>')) {
      lines.push(`  _Static_assert(__builtin_types_compatible_p(__typeof__((0, ${expression})), ${declaration(resolved.type, '')}), "case ${k}");`);
    }
    lines.push(`  printf("%Lf", ${expression});`);
    printfLine.set(lines.length, k);
  });
  lines.push('}');
  const dir = mkdtempSync(join(tmpdir(), 'kmark-ctypes-gcc-'));
  const file = join(dir, 'oracle.c');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const flags = ['-fsyntax-only', '-Wformat', '-fdiagnostics-plain-output', '-fno-diagnostics-show-caret', ...(abi === 'ilp32' ? ['-m32'] : [])];
  const result = spawnSync('gcc', [...flags, file], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  const incompatible = new Set<number>();
  const argumentType = new Map<number, string>();
  for (const line of result.stderr.split('\n')) {
    const assertion = /static assertion failed: "case (\d+)"/.exec(line);
    if (assertion) {
      incompatible.add(Number(assertion[1]));
      continue;
    }
    const error = /oracle\.c:(\d+):\d+: error: (.*)/.exec(line);
    if (error) throw new Error(`gcc: ${error[2]} on line ${error[1]}: ${lines[Number(error[1]) - 1]}`);
    const warning = /oracle\.c:(\d+):\d+: warning: format '%Lf' expects argument of type 'long double', but argument 2 has type '([^']*)'/.exec(line);
    const k = warning ? printfLine.get(Number(warning[1])) : undefined;
    if (warning && k !== undefined) argumentType.set(k, kmarkSpelling(warning[2]!));
  }
  return { incompatible, argumentType };
}

describe.each(['lp64', 'ilp32'] as const)('expression types agree with gcc (%s)', (abi) => {
  it.runIf(gccSupports(abi))(`${expressions(abi).length} expressions`, () => {
    const types = kmarkTypes(abi);
    const unresolvedOnes = expressions(abi).flatMap((e, k) => ('unresolved' in types[k]! ? [`${e}: ${show(types[k]!)}`] : []));
    expect(unresolvedOnes).toEqual([]);
    const gcc = gccVerdicts(abi, types);
    const disagreements: string[] = [];
    expressions(abi).forEach((expression, k) => {
      const resolved = types[k]!;
      const ours = varargName(resolved, abi);
      // No warning: the argument is a long double, typedef name or not.
      const theirs = gcc.argumentType.get(k) ?? 'long double';
      const plain = 'type' in resolved ? typeToString(canonical(resolved.type)) : '';
      if (gcc.incompatible.has(k)) disagreements.push(`${expression}: kmark ${show(resolved)}, not compatible with gcc's type (${theirs})`);
      else if (ours === theirs) return;
      else if (theirs === 'long double' && !gcc.argumentType.has(k) && plain === 'long double') return;
      else if (TYPEDEF_KEPT.has(expression) && plain === theirs) return;
      else disagreements.push(`${expression}: kmark passes it as '${ours}', gcc as '${theirs}'`);
    });
    expect(disagreements).toEqual([]);
  });
});
