/**
 * analyzeInParts (scan and lint's pipeline, src/analyze.ts) places and checks
 * each file's sites as the scan makes them; it must give analyze()'s catalog
 * and diagnostics exactly, on trees that hold every kind of finding.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeInParts, type AnalyzeOptions } from '../src/analyze.js';
import { createTypeModel } from '../src/ctypes/index.js';
import { sortDiagnostics } from '../src/report/formatter.js';
import { fixture } from './helpers/cli.js';
import { writeTree } from './helpers/lint.js';

/** The rules whose findings the tree has, and how many markers, once both agree. */
async function bothAgree(tree: string, options: Partial<AnalyzeOptions> = {}): Promise<{ rules: string[]; markers: number }> {
  const whole = analyze([tree], { root: tree, ...options });
  const inParts = await analyzeInParts([tree], { root: tree, ...options });
  // Byte for byte, key order included: the catalog is written out as JSON.
  expect(JSON.stringify(inParts.catalog)).toBe(JSON.stringify(whole.catalog));
  expect(JSON.stringify(sortDiagnostics(inParts.diagnostics))).toBe(JSON.stringify(sortDiagnostics(whole.diagnostics)));
  expect(inParts.diagnostics).toHaveLength(whole.diagnostics.length);
  expect(inParts.problems).toEqual(whole.problems);
  expect(inParts.stats).toEqual(whole.stats);
  return { rules: [...new Set(whole.diagnostics.map((d) => (d.suppression ? `${d.rule} (silenced)` : d.rule)))].sort(), markers: whole.catalog.markers.length };
}

describe('analyzeInParts', () => {
  it.each([['tricky'], ['kernel-names']])('gives analyze()’s catalog and diagnostics on the %s fixture', async (name) => {
    expect((await bothAgree(fixture(name))).markers).toBeGreaterThan(10);
  });

  it('and on findings across files, suppressions, files walked out of catalog order and undecodable files', async () => {
    const tree = writeTree({
      // One name, two layouts, in two files (format-conflict).
      'k/a/b.c': 'void f(int x)\n{\n\ttrace_mark(net_rx, "len %d", x);\n}\n',
      // Outside the root k/: walked last, `../x.c` to the catalog, which lists it first.
      'x.c': 'void g(long y)\n{\n\ttrace_mark(net_rx, "len %ld", y);\n}\n',
      // The same, silenced where it is found: at the later site, whose spans are kept to the end of the run.
      'k/d.c': 'void t(int x)\n{\n\ttrace_mark(net_tx, "len %d", x);\n}\n',
      'k/e.c': 'void u(long y)\n{\n\t// kmark-disable-next-line format-conflict -- decoded by name and size\n\ttrace_mark(net_tx, "len %ld", y);\n}\n',
      'k/c.c':
        'void h(void)\n{\n\ttrace_mark(dup_a, MARK_NOARGS); trace_mark(dup_a, MARK_NOARGS);\n' +
        '\t// kmark-disable-next-line name-convention -- an old name tracers know\n\ttrace_mark(Bad_Name, "%d");\n' +
        '\t// kmark-disable-next-line no-such-rule -- a typo\n\ttrace_mark(dup_b, MARK_NOARGS);\n}\n' +
        'trace_mark(outside, MARK_NOARGS);\n#define M() trace_mark(in_macro, MARK_NOARGS)\n',
      'k/binary.c': 'void b(void) { trace_mark(bin_m, MARK_NOARGS); }\n\0',
    });
    writeFileSync(join(tree, 'k/latin1.c'), Buffer.from('/* caf\xe9 */\nvoid k(int v)\n{\n\ttrace_mark(lat_in, "v %d \xe9", v);\n}\n', 'latin1'));
    expect((await bothAgree(tree, { root: join(tree, 'k') })).rules).toEqual([
      'binary-file',
      'encoding',
      'format-arg-count',
      'format-conflict',
      'format-conflict (silenced)',
      'marker-in-macro',
      'marker-outside-function',
      'marker-same-line',
      'name-convention (silenced)',
      'suppression-comment',
    ]);
  });

  it('and with the type model, as lint runs it', async () => {
    const root = writeTree({
      'include/types.h': 'typedef unsigned long cookie_t;\n',
      'x.c': '#include <types.h>\nvoid f(cookie_t c, const char *s)\n{\n\ttrace_mark(sub_c, "c %d s %s", c, s);\n\tevmarker(sub_e, MARKER_TRACE, 2, cookie_t, c, int, s);\n}\n',
    });
    expect((await bothAgree(root, { includePaths: [join(root, 'include')], typeModel: createTypeModel })).rules).toEqual(['evmarker-type', 'format-type']);
  });
});
