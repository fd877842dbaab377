import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { AnnotationMacros } from '../../src/c/annotations.js';
import { placeSites } from '../../src/place/sites.js';
import { DEFAULT_FUNCTION_MACROS } from '../../src/scan/function-name.js';
import { scanText } from '../../src/scan/index.js';

// V8's own test of whether two objects share a hidden class; the flag only changes how code compiled after it is parsed.
setFlagsFromString('--allow-natives-syntax');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** One function per marker, with formats and argument counts that differ, as a tree's do. */
function source(functions: number): string {
  const formats = ['"x %d"', 'MARK_NOARGS', '"a %s b %lu"', '"%" PRIu64', '"%p %p %p"'];
  return Array.from({ length: functions }, (_, k) => `static void fn_${k}(int a)\n{\n\ttrace_mark(site_${k}, ${formats[k % formats.length]}${', a'.repeat(k % 4)});\n}\n`).join('');
}

// Each object of its own hidden class costs ~300 bytes more: a quarter of a site's memory and half a marker's on a tree with markers everywhere (docs/performance.md, "Markers everywhere").
describe('sites and markers share their hidden classes', () => {
  const { sites } = scanText('drivers/a.c', source(200), new AnnotationMacros([]), DEFAULT_FUNCTION_MACROS);
  const placed = placeSites(sites, { abi: 'lp64' });

  it("every trace_mark site has the first one's", () => {
    expect(sites).toHaveLength(200);
    expect(sites.filter((s) => !haveSameMap(s, sites[0]!)).map((s) => s.name)).toEqual([]);
  });

  it("every marker has the first one's", () => {
    expect(placed).toHaveLength(200);
    expect(placed.filter((p) => !haveSameMap(p.marker, placed[0]!.marker)).map((p) => p.marker.name)).toEqual([]);
  });
});
