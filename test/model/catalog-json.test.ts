/** catalogJsonPieces (src/model/catalog.ts): the catalog's JSON a marker at a time, byte for byte JSON.stringify's. */
import { describe, expect, it } from 'vitest';
import { AnnotationMacros } from '../../src/c/annotations.js';
import { catalogJsonPieces, catalogOf } from '../../src/model/catalog.js';
import { placeSites } from '../../src/place/sites.js';
import { DEFAULT_FUNCTION_MACROS } from '../../src/scan/function-name.js';
import { scanText } from '../../src/scan/index.js';

const SOURCE = [
  'void f(int a, const char *s, unsigned long long v)',
  '{',
  '\ttrace_mark(plain, "a %d\\n\\"quoted\\" \\t é", a);',
  '\ttrace_mark(none, MARK_NOARGS);',
  '\tevmarker(ev, MARKER_TRACE | MARKER_PROBE, 2, int, a, const char *, s);',
  '\ttrace_mark(wide, "v=%" PRIu64 " s=%s", v, s);',
  '}',
].join('\n');

describe('the catalog as JSON, in pieces', () => {
  const markers = placeSites(scanText('drivers/x.c', SOURCE, new AnnotationMacros([]), DEFAULT_FUNCTION_MACROS).sites, { abi: 'lp64' }).map((p) => p.marker);

  for (const count of [0, 1, markers.length]) {
    it(`joins to JSON.stringify(catalog, null, 2) with ${count} marker(s), whatever the pieces' size`, () => {
      const catalog = catalogOf(markers.slice(0, count));
      for (const size of [1, 200, 1 << 16]) expect([...catalogJsonPieces(catalog, size)].join('')).toBe(`${JSON.stringify(catalog, null, 2)}\n`);
    });
  }

  it('yields a piece as soon as it reaches the size, not the whole text at the end', () => {
    const pieces = [...catalogJsonPieces(catalogOf(markers), 1)];
    expect(pieces).toHaveLength(markers.length + 1);
  });
});
