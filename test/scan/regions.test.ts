import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnnotationMacros, blankAnnotations } from '../../src/c/annotations.js';
import { extractMarkers, markerNameOffsets } from '../../src/scan/extract.js';
import { DEFAULT_FUNCTION_MACROS } from '../../src/scan/function-name.js';
import { parseC } from '../../src/c/parser.js';
import { regionsAround } from '../../src/scan/regions.js';
import { fixture } from '../helpers/cli.js';

const text = [
  '#include <x.h>', // 0
  'static int table[] = { 1, 2 };', // 1
  'int f(void)', // 2
  '{', // 3
  '\tchar *s = "}{"; /* } */', // 4
  '\ttrace_mark(a_b, "x");', // 5
  '}', // 6
  'int g(void) { return 0; }', // 7
].join('\n');

describe('regionsAround', () => {
  it('cuts at top-level boundaries, ignoring braces in strings and comments', () => {
    const at = text.indexOf('trace_mark');
    const [region, ...rest] = regionsAround(text, [at])!;
    expect(rest).toEqual([]);
    expect(text.slice(region!.startIndex, region!.endIndex)).toBe(`\n${text.split('\n').slice(2, 7).join('\n')}`);
    expect(region!.startPosition).toEqual({ row: 1, column: 30 });
    expect(region!.endPosition).toEqual({ row: 6, column: 1 });
  });

  it('merges targets of one definition and gives up on unbalanced braces', () => {
    const twice = text.replace('\ttrace_mark', '\ttrace_mark(c_d, "y");\n\ttrace_mark');
    const offsets = markerNameOffsets(twice);
    expect(offsets).toHaveLength(2);
    expect(regionsAround(twice, offsets)).toHaveLength(1);
    expect(regionsAround('void f(void) {\n\tif (x) {\n}\n', [0])).toBeNull();
  });

  it('counts the braces of each #if branch from the depth its #if had', () => {
    const perBranch = '#if A\nvoid f(void) {\n#else\nvoid f(int x) {\n#endif\n}\nint g(void) { trace_mark(g_m, "x"); }\n';
    const [region] = regionsAround(perBranch, [perBranch.indexOf('trace_mark')])!;
    expect(perBranch.slice(region!.startIndex, region!.endIndex)).toBe('\nint g(void) { trace_mark(g_m, "x"); }');
  });

  it('keeps a header whole across its directives and K&R parameter declarations', () => {
    const source = 'int x;\nstatic int f(int a\n#ifdef B\n, int b\n#endif\n)\n{ trace_mark(f_m, "x"); }\nint g(a, b) int a; char *b; { trace_mark(g_m, "x"); }\n';
    const targets = markerNameOffsets(source);
    const pieces = regionsAround(source, targets)!.map((r) => source.slice(r.startIndex, r.endIndex).trim());
    expect(pieces).toEqual([source.split('\n').slice(1, 7).join('\n'), source.split('\n')[7]]);
  });
});

describe('parsing only the regions', () => {
  const root = fixture('tricky');
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.[ch]$/.test(f)).map((f) => join(root, f));
  const macros = new AnnotationMacros();

  it.each(files.map((f) => [relative(root, f), f]))('finds in %s exactly what a whole-file parse finds', (name, path) => {
    const source = readFileSync(path, 'utf8');
    const targets = markerNameOffsets(source);
    const regions = regionsAround(source, targets) ?? undefined;
    const partial = extractMarkers(parseC(blankAnnotations(source, macros, regions), regions), source, name, DEFAULT_FUNCTION_MACROS, targets);
    const whole = extractMarkers(parseC(blankAnnotations(source, macros)), source, name, DEFAULT_FUNCTION_MACROS, targets);
    expect(partial).toEqual(whole);
  });
});
