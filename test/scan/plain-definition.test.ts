/**
 * plainDefinition (src/scan/function-name.ts) names a plain header from the
 * text as written; it must give regionDefinition's answer on the text that
 * scanText blanks (annotations over the header, then the directives inside
 * it), or none, and leave the header to regionDefinition.
 */
import { describe, expect, it } from 'vitest';
import { AnnotationMacros, blankAnnotations, macroDefinitions } from '../../src/c/annotations.js';
import { markerNameOffsets } from '../../src/scan/extract.js';
import { DEFAULT_FUNCTION_MACROS, plainDefinition, regionDefinition, simpleDefinition } from '../../src/scan/function-name.js';
import { blankHeaderDirectives, regionsAround } from '../../src/scan/regions.js';
import { sparseRanges } from '../../src/scan/sparse.js';
import { kernelShapedFile } from './kernel-shapes.js';

const DEFINES = '#define __hot __attribute__((hot))\n#define __lock(x) __acquires(x)\n#define __stub(x)\n#define NOT_ONE 1\n';
const macros = new AnnotationMacros([macroDefinitions(DEFINES)]);

/** For each definition around a marker: [plainDefinition's answer, regionDefinition's on the blanked text]. */
function bothAnswers(text: string) {
  const targets = markerNameOffsets(text);
  const answers = [];
  for (const region of regionsAround(text, targets) ?? []) {
    const sparse = sparseRanges(
      text,
      region,
      targets.filter((t) => t >= region.startIndex && t < region.endIndex),
    );
    if (sparse === null) continue;
    const withDirectives = blankAnnotations(text, macros, [sparse[0]!]);
    const blanked = blankHeaderDirectives(withDirectives, [region]);
    answers.push({
      plain: plainDefinition(text, region, macros, DEFAULT_FUNCTION_MACROS),
      simple: simpleDefinition(text, region, macros, DEFAULT_FUNCTION_MACROS),
      blanked: regionDefinition(blanked, region, DEFAULT_FUNCTION_MACROS, withDirectives),
    });
  }
  return answers;
}

const body = '{\n\ttrace_mark(m, "");\n}\n';
const HEADERS = [
  'static int __init f(void)',
  'static int __hot __section(".x") f(int a)',
  'void f(void) __lock(l) __releases(l)',
  'static void __stub(x) f(void)',
  'int NOT_ONE f(void)',
  'int f(int irq, void *dev\n#ifdef CONFIG_OLD\n\t, struct pt_regs *regs\n#endif\n\t)',
  '#ifdef A\nstatic\n#endif\nint f(void)',
  'static __init\n#define X 1\nint f(void)',
  '__init #x\nint f(void)',
  'int f(int a, __init #x)',
  'int f(a, b)\n\tint a;\n\tchar *b;',
  'SYSCALL_DEFINE2(read, int, fd, char __user *, buf)',
  'static ssize_t (*f(int a))(int)',
  'int __attribute__((weak)) f(void)',
  'struct s f(void)',
  'int /* c */ f /* d */ (void) // e',
  'int x; int f(void)',
  'static inline struct page *__hot f(struct page *p, int (*cb)(int))',
  'int f(int a __lock(b = 1))',
  'int __stub(x) f(void)',
  'struct s(void)',
  'struct __hot s(void)',
  'static int f(int a) __hot',
];

describe('plainDefinition', () => {
  it.each(HEADERS)('gives regionDefinition’s name for %j, or leaves it to it', (header) => {
    // A K&R header is no plain definition's (sparse.ts): there is nothing to compare.
    for (const answer of bothAnswers(`${header}\n${body}`)) if (answer.plain !== null) expect(answer.plain).toEqual(answer.blanked);
  });

  it.each(HEADERS)('reads %j without token objects only as regionDefinition does', (header) => {
    for (const answer of bothAnswers(`${header}\n${body}`)) if (answer.simple !== undefined) expect(answer.simple).toEqual(answer.blanked);
  });

  it.each(['static int __init f(void)', 'static inline struct page *__hot f(struct page *p, int (*cb)(int))', 'unsigned long f(int a[4], ...)'])('reads the simple header %j without token objects', (header) => {
    const [answer] = bothAnswers(`${header}\n${body}`);
    expect(answer!.simple).toBeDefined();
    expect(answer!.simple).toEqual(answer!.blanked);
  });

  it('names the table’s plain headers itself', () => {
    const named = HEADERS.filter((header) => bothAnswers(`${header}\n${body}`)[0]?.plain);
    expect(named.length).toBeGreaterThanOrEqual(8);
  });

  it('names most plain headers itself, and most of them without token objects, only as regionDefinition does, in kernel-shaped files', () => {
    let plain = 0;
    let simple = 0;
    let all = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const text = kernelShapedFile(seed, 40).replaceAll('\treturn x;\n}', '\ttrace_mark(m, "");\n\treturn x;\n}');
      for (const answer of bothAnswers(text)) {
        all++;
        if (answer.simple !== undefined) {
          simple++;
          expect(answer.simple).toEqual(answer.blanked);
        }
        if (answer.plain === null) continue;
        plain++;
        expect(answer.plain).toEqual(answer.blanked);
      }
    }
    expect(all).toBeGreaterThan(500);
    expect(plain / all).toBeGreaterThan(0.7);
    // Most without a token object (simpleDefinition), as in a kernel tree.
    expect(simple / all).toBeGreaterThan(0.5);
  });
});
