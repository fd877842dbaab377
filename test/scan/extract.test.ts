import { describe, expect, it } from 'vitest';
import { extractMarkers, markerNameOffsets } from '../../src/scan/extract.js';
import { DEFAULT_FUNCTION_MACROS } from '../../src/scan/function-name.js';
import { parseC } from '../../src/c/parser.js';
import { regionsAround } from '../../src/scan/regions.js';

/** Extracts as `scan` does: only the regions around the markers are parsed. */
function extract(source: string) {
  const targets = markerNameOffsets(source);
  const tree = parseC(source, regionsAround(source, targets) ?? undefined);
  return extractMarkers(tree, source, 'a.c', DEFAULT_FUNCTION_MACROS, targets);
}

/** Each site as `line:column-endLine:endColumn name [arguments]`. */
function calls(source: string): string[] {
  const { sites, diagnostics } = extract(source);
  expect(diagnostics).toEqual([]);
  return sites.map(({ span, name, args }) => `${span.line}:${span.column}-${span.endLine}:${span.endColumn} ${name} ${JSON.stringify(args.map((a) => a.text))}`);
}

describe("a marker call's extent and arguments come from the source's tokens, not tree-sitter's recovery", () => {
  it("reads past `(typeof(…))'%'`, which tree-sitter's error recovery turns into `character` nodes", () => {
    const source = ['extern int (*cb)(int);', 'void f(void)', '{', '\ttrace_mark(error_recovery, "%s", (typeof((*cb)(1)))\'%\', ({ enum e t = g(0, (struct s *)0); t; }));', '\ttrace_mark(next, "%d", 1);', '}'].join('\n');
    expect(calls(source)).toEqual([`4:2-4:99 error_recovery ["error_recovery","\\"%s\\"","(typeof((*cb)(1)))'%'","({ enum e t = g(0, (struct s *)0); t; })"]`, '5:2-5:27 next ["next","\\"%d\\"","1"]']);
  });

  it('does not split or close on commas and parentheses in literals and comments', () => {
    const source = ['void f(int a)', '{', '\ttrace_mark(punct, "%c%c%s" /* ), */, \',\', \')\', L"(," // )\n\t\t, a);', '}'].join('\n');
    expect(calls(source)).toEqual([`3:2-4:7 punct ["punct","\\"%c%c%s\\"","','","')'","L\\"(,\\"","a"]`]);
  });

  it('counts lines and UTF-16 columns across a call that spans lines', () => {
    const source = ['void f(int a)', '{', '\t/* é😀 */ trace_mark(wide, "%d %d",', '\t\ta,', '\t\t(a +', '\t\t 1));', '}'].join('\n');
    const [site] = extract(source).sites;
    expect(site!.span).toEqual({ file: 'a.c', line: 3, column: 12, endLine: 6, endColumn: 7 });
    expect(site!.args.map((a) => [a.text, a.span.line, a.span.column, a.span.endLine, a.span.endColumn])).toEqual([
      ['wide', 3, 23, 3, 27],
      ['"%d %d"', 3, 29, 3, 36],
      ['a', 4, 3, 4, 4],
      ['(a +\n\t\t 1)', 5, 3, 6, 6],
    ]);
  });

  it('reports a call whose parentheses never close', () => {
    const source = 'void f(int a)\n{\n\ttrace_mark(open, "%d", (a);\n}\n';
    expect(extract(source)).toEqual({
      sites: [],
      inMacros: [],
      diagnostics: [{ rule: 'marker-syntax', severity: 'error', span: { file: 'a.c', line: 3, column: 2, endLine: 3, endColumn: 12 }, message: 'unterminated trace_mark(…) call' }],
    });
  });
});

describe('markerNameOffsets', () => {
  it('finds every occurrence of either name, in order, as a search for each name would', () => {
    const source = 'trace_mark evmarker xtrace_markx evmarkers markevmarker trace_trace_mark evmark mark trace_ma_mark trace_markevmarker evmarkertrace_mark';
    const eachName = [...source.matchAll(/trace_mark|evmarker/g)].map((m) => m.index);
    expect(markerNameOffsets(source)).toEqual(eachName);
    expect(eachName).toHaveLength(10);
  });
});
