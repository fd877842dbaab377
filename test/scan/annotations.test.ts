/**
 * The `#define`s kept for the annotation classification (src/c/annotations.ts):
 * a body that cannot expand to annotations is kept as the name alone, which
 * vetoes the name, and the definitions are joined only when a name is asked.
 */
import { describe, expect, it } from 'vitest';
import { AnnotationMacros, blankAnnotations, macroDefinitions, readDefinitions } from '../../src/c/annotations.js';

describe('annotation macros from #define lines', () => {
  const header = [
    '#define __hot_path __attribute__((hot))',
    '#define __nothing /* expands to nothing */',
    '#define __empty',
    '#define __wrapped \\',
    '\t__hot_path',
    '#define LIMIT 0x100',
    '#define TWICE(x) ((x) * 2)',
    '#define __mixed __attribute__((cold))',
    '#define __mixed 1',
    '#define __vetoed_first 1',
    '#define __vetoed_first __attribute__((cold))',
    '',
  ].join('\n');

  it('keeps a body only where it may name an annotation, and else the name alone', () => {
    const cut = readDefinitions(macroDefinitions(Buffer.from(header)));
    expect(cut.filter((d) => typeof d === 'string')).toEqual(['LIMIT', 'TWICE', '__mixed', '__vetoed_first']);
    const bodies = Object.fromEntries(cut.flatMap((d) => (typeof d === 'string' ? [] : [[d.name, d.body]])));
    expect(bodies.__hot_path).toBe(' __attribute__((hot))');
    expect(bodies.__empty).toBe('');
    expect(bodies.__wrapped).toContain('__hot_path');
    expect(cut.flatMap((d) => (typeof d === 'string' || !d.functionLike ? [] : [d.name]))).toEqual([]);
    expect(readDefinitions(macroDefinitions('#define __lock(x) __acquires(x)\n#define N(x) 2\n'))).toEqual([{ name: '__lock', functionLike: true, body: ' __acquires(x)' }, 'N']);
  });

  it('reads none from a file holding a NUL byte', () => {
    expect(macroDefinitions(Buffer.from('#define __hot_path __attribute__((hot))\n\0'))).toBe('');
  });

  it('classifies as before: a name with one body that is not an annotation is not one', () => {
    const macros = new AnnotationMacros([macroDefinitions(Buffer.from(header))]);
    expect(['__hot_path', '__nothing', '__empty', '__wrapped'].filter((n) => macros.isObjectLike(n))).toEqual(['__hot_path', '__nothing', '__empty', '__wrapped']);
    expect(macros.isObjectLike('LIMIT')).toBe(false);
    expect(macros.isFunctionLike('TWICE')).toBe(false);
    expect(macros.isObjectLike('__mixed')).toBe(false);
    expect(macros.isObjectLike('__vetoed_first')).toBe(false);
  });

  it('answers for the configured names, with or without definitions, and for a definition built of them', () => {
    const macros = new AnnotationMacros([macroDefinitions(Buffer.from('#define __probe_attr __my_section(".probes") __my_cold\n'))], ['__my_cold', '__my_section()']);
    expect([macros.isObjectLike('__my_cold'), macros.isFunctionLike('__my_section'), macros.isObjectLike('__probe_attr')]).toEqual([true, true, true]);
    expect(blankAnnotations('static int __my_cold __my_section(".x") f(void)', macros)).toBe('static int                              f(void)');
  });

  it('does not walk the definitions until a name is asked', () => {
    let walked = false;
    const definitions = (function* () {
      walked = true;
      yield macroDefinitions(Buffer.from(header));
    })();
    const macros = new AnnotationMacros(definitions);
    expect(walked).toBe(false);
    expect(macros.isObjectLike('__init')).toBe(true);
    expect(walked).toBe(false);
    expect(macros.isObjectLike('__empty')).toBe(true);
    expect(walked).toBe(true);
  });

  // Indexed a bucket of names (length, last character) at a time: names of one bucket, and a veto read before or after.
  it('answers for every name of a bucket, a veto from any file in any order', () => {
    const files = ['#define __xa __attribute__((cold))\n#define __ya 3\n', '#define __ya __attribute__((hot))\n#define __za __attribute__((hot))\n#define __xa 1\n'];
    for (const order of [files, [...files].reverse()]) {
      const macros = new AnnotationMacros(order.map((text) => macroDefinitions(Buffer.from(text))));
      expect(['__xa', '__ya', '__za', '__wa'].map((name) => macros.isObjectLike(name))).toEqual([false, false, true, false]);
    }
  });
});
