import { describe, expect, it } from 'vitest';
import { extractMarkers, markerNameOffsets } from '../../src/scan/extract.js';
import { DEFAULT_FUNCTION_MACROS } from '../../src/scan/function-name.js';
import { parseC } from '../../src/c/parser.js';

describe('walking tokens across MISSING nodes', () => {
  // tree-sitter inserts a zero-width MISSING ';' inside the statement
  // expression, and the binding gives it the wrong parent: a walk that
  // climbs through .parent cycled forever here (found by the differential test).
  it('extracts the marker whose argument holds ({ (typeof(a.b))sizeof c; })', () => {
    const source = 'struct s { int b; };\nvoid f(struct s a, int c)\n{\n\ttrace_mark(x_y, "%d", ({ (typeof(a.b))sizeof c; }));\n}\n';
    const { sites } = extractMarkers(parseC(source), source, 'a.c', DEFAULT_FUNCTION_MACROS, markerNameOffsets(source));
    expect(sites.map((s) => [s.function, s.args.map((a) => a.text)])).toEqual([['f', ['x_y', '"%d"', '({ (typeof(a.b))sizeof c; })']]]);
  });
});
