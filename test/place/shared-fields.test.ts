import { describe, expect, it } from 'vitest';
import { AnnotationMacros } from '../../src/c/annotations.js';
import { parseFormat } from '../../src/format/parse.js';
import { placeSites } from '../../src/place/sites.js';
import { DEFAULT_FUNCTION_MACROS } from '../../src/scan/function-name.js';
import { scanText } from '../../src/scan/index.js';

const source = (formats: readonly string[]): string => formats.map((format, k) => `static void fn_${k}(long a)\n{\n\ttrace_mark(site_${k}, ${format}, a);\n}\n`).join('');

const markersOf = (file: string, formats: readonly string[], abi: 'lp64' | 'ilp32' = 'lp64') => placeSites(scanText(file, source(formats), new AnnotationMacros([]), DEFAULT_FUNCTION_MACROS).sites, { abi }).map((p) => p.marker);

// A marker's fields lived to the end of a run: with a marker in every function, one list for each format rather than each marker (docs/performance.md, "Sixth round").
describe('markers with one format share its fields', () => {
  it('across functions and files, frozen', () => {
    const markers = [...markersOf('a.c', ['"len %lu"', '"len %lu"', '"other %d"']), ...markersOf('b.c', ['"len %lu"'])];
    const [first, second, other, inOtherFile] = markers.map((m) => m.fields);
    expect(second).toBe(first);
    expect(inOtherFile).toBe(first);
    expect(other).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first![0])).toBe(true);
    expect(first).toEqual([{ name: 'len', ctype: 'unsigned long', conversion: '%lu', size: 8, signed: false }]);
  });

  it('but not across ABIs', () => {
    const [lp64] = markersOf('a.c', ['"len %lu"'], 'lp64');
    const [ilp32] = markersOf('a.c', ['"len %lu"'], 'ilp32');
    expect(lp64!.fields[0]!.size).toBe(8);
    expect(ilp32!.fields[0]!.size).toBe(4);
  });

  it('parses a format once, and reads it the same after forgetting', () => {
    const parsed = parseFormat('%d and %s');
    expect(parseFormat('%d and %s')).toBe(parsed);
    expect(Object.isFrozen(parsed.conversions)).toBe(true);
    // More formats than are kept: the first is parsed again, to the same result.
    for (let k = 0; k < 5000; k++) parseFormat(`%d ${k}`);
    expect(parseFormat('%d and %s')).not.toBe(parsed);
    expect(parseFormat('%d and %s')).toEqual(parsed);
  });
});
