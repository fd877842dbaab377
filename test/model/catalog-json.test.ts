/** catalogJsonPieces (src/model/catalog.ts): the catalog's JSON a marker at a time, byte for byte JSON.stringify's; and its digest. */
import { createHash } from 'node:crypto';
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

describe('the catalog digest', () => {
  const markers = placeSites(scanText('drivers/x.c', SOURCE, new AnnotationMacros([]), DEFAULT_FUNCTION_MACROS).sites, { abi: 'lp64' }).map((p) => p.marker);

  it('is the first 16 bytes of the SHA-256 of the markers’ JSON, computed once, when first read', () => {
    let stringified = 0;
    const watched = markers.map((m) => ({ ...m, toJSON: () => (stringified++, m) }));
    const catalog = catalogOf(watched);
    expect(stringified).toBe(0);
    expect(Object.keys(catalog)).toEqual(['$schema', 'version', 'image', 'markers']);
    expect(catalog.image).toEqual({ digest: createHash('sha256').update(JSON.stringify(markers)).digest('hex').slice(0, 32) });
    expect(stringified).toBe(markers.length);
    expect(catalog.image).toBe(catalog.image);
    expect(stringified).toBe(markers.length);
    expect(catalogOf(markers, 'abcd').image).toMatchObject({ buildId: 'abcd' });
  });
});
