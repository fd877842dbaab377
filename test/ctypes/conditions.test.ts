/**
 * Preprocessor conditions in the type model (docs/ctypes.md): the target's
 * predefined macros are gcc's, and a tree whose headers switch on CONFIG_*,
 * __x86_64__, __LP64__ and BITS_PER_LONG lints as gcc -Wformat compiles it,
 * for each configuration and ABI gcc here can build.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { evaluateCondition, initialMacros } from '../../src/ctypes/conditions.js';
import { createTypeModel } from '../../src/ctypes/index.js';
import type { Abi } from '../../src/model/abi.js';
import { abiFlags, gccSupports } from '../format/gcc-harness.js';
import { writeTree } from '../helpers/lint.js';

const ABIS: readonly Abi[] = ['lp64', 'ilp32'];
const supported = new Map(ABIS.map((abi) => [abi, gccSupports(abi)]));
for (const [abi, ok] of supported) if (!ok) console.log(`conditions: gcc cannot compile for ${abi} here, its cases skipped`);

/** Versions and the default standard depend on the gcc installed, not on the target. */
const VERSION_DEPENDENT = new Set(['__GNUC__', '__GNUC_MINOR__', '__GNUC_PATCHLEVEL__', '__STDC_VERSION__']);

function gccPredefined(abi: Abi): Map<string, string> {
  const out = execFileSync('gcc', [...abiFlags(abi), '-dM', '-E', '-x', 'c', '/dev/null'], { encoding: 'utf8' });
  return new Map(
    out.split('\n').flatMap((line) => {
      const m = /^#define (\S+) ?(.*)$/.exec(line);
      return m ? [[m[1]!, m[2]!] as [string, string]] : [];
    }),
  );
}

describe('the predefined macros', () => {
  for (const abi of ABIS) {
    it.skipIf(!supported.get(abi))(`are gcc -dM -E's for ${abi}`, () => {
      const gcc = gccPredefined(abi);
      const ours = initialMacros(abi);
      const differ = [...ours].filter(([name, m]) => !VERSION_DEPENDENT.has(name) && gcc.get(name) !== m.body).map(([name, m]) => `${name}: kmark ${m.body}, gcc ${gcc.get(name)}`);
      expect(differ).toEqual([]);
      for (const name of ['__x86_64__', '__i386__', '__LP64__', '_LP64', '__ILP32__']) expect(ours.has(name), name).toBe(gcc.has(name));
    });
  }

  it('evaluates defined, macros, function-like macros and operators; -D then -U', () => {
    const macros = initialMacros('lp64', { defines: ['CONFIG_A', 'LEVEL=3', 'KV(a,b)=(((a) << 8) + (b))'], undefines: ['__linux__'] });
    const value = (e: string): bigint | null => evaluateCondition(e, macros);
    expect(value('defined(CONFIG_A) && !defined CONFIG_B')).toBe(1n);
    expect(value('LEVEL * 2 == 6 ? KV(2, 6) : 0')).toBe(518n);
    expect(value('defined(__linux__)')).toBe(0n);
    expect(value('__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && __SIZEOF_LONG__ > 4')).toBe(1n);
    expect(value('UNDEFINED_NAME + 1')).toBe(1n);
    expect(value('LEVEL +')).toBeNull();
  });
});

const HEADERS = {
  'include/generated/autoconf.h': '#define CONFIG_SMP 1\n',
  'include/asm/bitsperlong.h': '#ifdef CONFIG_64BIT\n#define BITS_PER_LONG 64\n#else\n#define BITS_PER_LONG 32\n#endif\n',
  'include/asm/posix_types.h': '#ifndef _ASM_POSIX_TYPES_H\n#define _ASM_POSIX_TYPES_H\n#ifdef CONFIG_X86_32\n# include "posix_types_32.h"\n#else\n# include "posix_types_64.h"\n#endif\n#endif\n',
  'include/asm/posix_types_32.h': 'typedef unsigned int __kernel_size_t;\n',
  'include/asm/posix_types_64.h': 'typedef unsigned long __kernel_size_t;\n',
  'include/linux/types.h': [
    '#include <asm/bitsperlong.h>',
    '#include <asm/posix_types.h>',
    '#include <asm/posix_types.h>',
    'typedef __kernel_size_t size_t;',
    '#if BITS_PER_LONG == 64',
    'typedef unsigned long word_t;',
    '#else',
    'typedef unsigned int word_t;',
    '#endif',
    '#ifdef __LP64__',
    'typedef long lp_t;',
    '#else',
    'typedef int lp_t;',
    '#endif',
    '#if defined(__x86_64__) && defined(CONFIG_SMP)',
    'typedef unsigned long long cpu_t;',
    '#elif defined(__i386__) && !defined(CONFIG_SMP)',
    'typedef unsigned short cpu_t;',
    '#else',
    'typedef unsigned char cpu_t;',
    '#endif',
    '',
  ].join('\n'),
};

const CALLS = [
  ['"n %zu"', 'n'],
  ['"n %u"', 'n'],
  ['"n %lu"', 'n'],
  ['"w %lu"', 'w'],
  ['"w %u"', 'w'],
  ['"l %ld"', 'l'],
  ['"l %d"', 'l'],
  ['"c %llu"', 'c'],
  ['"c %hu"', 'c'],
  ['"c %d"', 'c'],
];

const MAIN = ['#include <linux/types.h>', 'void f(size_t n, word_t w, lp_t l, cpu_t c)', '{', ...CALLS.map(([format, arg], k) => `\ttrace_mark(cond_m${k}, ${format}, ${arg});`), '}', ''].join('\n');

const SHIM = 'int printf(const char *, ...) __attribute__((format(printf, 1, 2)));\n#define trace_mark(name, format, ...) printf(format, ##__VA_ARGS__)\n';

/** The lines gcc -Wformat warns on. */
function gccLines(root: string, abi: Abi, defines: readonly string[], undefines: readonly string[]): number[] {
  const args = [...abiFlags(abi), '-fsyntax-only', '-Wformat', '-I', join(root, 'include'), '-include', join(root, 'include/generated/autoconf.h')];
  args.push(...defines.map((d) => `-D${d}`), ...undefines.map((u) => `-U${u}`), '-include', join(root, 'shim.h'), join(root, 'main.c'));
  const run = spawnSync('gcc', args, { encoding: 'utf8' });
  return [...run.stderr.matchAll(/main\.c:(\d+):\d+: warning: format/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

describe('conditions evaluated like gcc', () => {
  const root = writeTree({ ...HEADERS, 'main.c': MAIN });
  writeFileSync(join(root, 'shim.h'), SHIM);
  const configurations: ReadonlyArray<{ defines: string[]; undefines: string[] }> = [
    { defines: [], undefines: [] },
    { defines: ['CONFIG_64BIT'], undefines: [] },
    { defines: ['CONFIG_X86_32'], undefines: ['__LP64__'] },
    { defines: ['CONFIG_X86_32', 'CONFIG_64BIT'], undefines: [] },
  ];
  for (const abi of ABIS) {
    for (const { defines, undefines } of configurations) {
      it.skipIf(!supported.get(abi))(`finds gcc's format errors, ${abi}, -D ${defines.join(' -D ') || '(none)'} ${undefines.map((u) => `-U ${u}`).join(' ')}`, () => {
        const analysis = analyze([join(root, 'main.c')], {
          root,
          abi,
          includePaths: [join(root, 'include')],
          typeModel: createTypeModel,
          conditions: { defines, undefines, includeFiles: ['include/generated/autoconf.h'] },
        });
        const kmark = analysis.diagnostics
          .filter((d) => d.rule === 'format-type')
          .map((d) => d.span.line)
          .sort((a, b) => a - b);
        const gcc = gccLines(root, abi, defines, undefines);
        expect(gcc.length).toBeGreaterThan(0);
        expect(kmark).toEqual(gcc);
      });
    }
  }
});
