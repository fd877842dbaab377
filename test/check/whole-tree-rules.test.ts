/**
 * The rules that compare markers across the tree, on catalogs made to order:
 * an event-id collision cannot be written as C (it needs two md5s alike in
 * their first 8 bytes), and each rule looks only at the markers that share
 * a key with another (src/check/repeated-keys.ts).
 */
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/check/index.js';
import { alternativesOf } from '../../src/check/alternatives.js';
import { formatConflict } from '../../src/check/rules/format-conflict.js';
import { idCollision } from '../../src/check/rules/id-collision.js';
import { markerSameLine } from '../../src/check/rules/marker-same-line.js';
import { repeatedKeys } from '../../src/check/repeated-keys.js';
import type { Rule } from '../../src/check/rule.js';
import { placedFromMarker } from '../../src/model/catalog.js';
import type { Marker } from '../../src/model/marker.js';

function marker(file: string, line: number, name: string, eventId: string, conversion = '%d'): Marker {
  const id = `${file}:f${line}:1`;
  return {
    id,
    md5: eventId.padEnd(32, '0'),
    eventId,
    name,
    form: 'trace_mark',
    file,
    line,
    column: 2,
    function: `f${line}`,
    ordinal: 1,
    handlers: ['printk'],
    format: `x ${conversion}`,
    fields: [{ name: 'x', conversion }],
    enabledByDefault: false,
  };
}

const findings = (rule: Rule, markers: readonly Marker[], alternatives: readonly string[] = []): string[] =>
  runChecks({ placed: markers.map(placedFromMarker), sites: [], options: { abi: 'lp64', strict: false, signedness: false }, types: null, alternatives: alternativesOf(alternatives) }, [rule]).map(
    (d) => `${d.span.file}:${d.span.line} ${d.message}`,
  );

describe('id-collision', () => {
  it('reports each later marker whose event id an earlier one of another id has, once per marker', () => {
    const markers = [
      marker('a.c', 1, 'm_a', '00000000000000aa'),
      marker('a.c', 2, 'm_b', '00000000000000bb'),
      marker('b.c', 3, 'm_c', '00000000000000aa'),
      marker('c.c', 4, 'm_d', '00000000000000cc'),
      marker('c.c', 5, 'm_e', '00000000000000aa'),
    ];
    expect(findings(idCollision, markers)).toEqual(["b.c:3 event id 00000000000000aa of 'b.c:f3:1' collides with 'a.c:f1:1'", "c.c:5 event id 00000000000000aa of 'c.c:f5:1' collides with 'a.c:f1:1'"]);
  });

  it('says nothing of one marker met twice, nor of ids in builds that never meet', () => {
    const once = marker('a.c', 1, 'm_a', '00000000000000aa');
    expect(findings(idCollision, [once, once])).toEqual([]);
    const x86 = marker('arch/x86/a.c', 1, 'm_a', '00000000000000aa');
    const arm = marker('arch/arm/a.c', 1, 'm_a', '00000000000000aa');
    expect(findings(idCollision, [arm, x86], ['arch/*'])).toEqual([]);
    expect(findings(idCollision, [arm, x86])).toHaveLength(1);
  });
});

describe('format-conflict', () => {
  it('compares only the sites of a name used more than once, however many other names there are', () => {
    const markers = [...Array.from({ length: 50 }, (_, k) => marker('a.c', k + 1, `m_${k}`, k.toString(16).padStart(16, '0'))), marker('b.c', 1, 'm_7', 'ff00000000000001', '%ld'), marker('b.c', 2, 'm_9', 'ff00000000000002')];
    expect(findings(formatConflict, markers)).toEqual(['b.c:1 marker \'m_7\' is used at a.c:f8:1 with format "x %d" but here with "x %ld"']);
  });
});

describe('repeatedKeys', () => {
  const keys = (items: readonly string[]): string[] => [...repeatedKeys(items, (key) => key)].sort();

  it('finds each key met more than once, and no other', () => {
    expect(keys(['a', 'b', 'a', 'c', 'b', 'a'])).toEqual(['a', 'b']);
    expect(keys(['a', 'b', 'c'])).toEqual([]);
    expect(keys([])).toEqual([]);
  });

  it('tells apart two keys whose 32-bit hashes are equal', () => {
    // m_888705 and m_1676200 have one FNV-1a hash, 1452532391: the keys themselves decide.
    expect(keys(['m_888705', 'm_1676200'])).toEqual([]);
    expect(keys(['m_888705', 'x', 'm_1676200', 'm_888705'])).toEqual(['m_888705']);
  });
});

describe('marker-same-line', () => {
  it('compares a site with the earlier sites of its own line only', () => {
    const markers = [
      marker('a.c', 1, 'm_a', '01'),
      { ...marker('a.c', 1, 'm_b', '02'), column: 20 },
      { ...marker('a.c', 1, 'm_a', '03'), column: 40, id: 'a.c:f1:2' },
      marker('a.c', 2, 'm_a', '04'),
      marker('b.c', 2, 'm_a', '05'),
      { ...marker('b.c', 2, 'm_a', '06'), column: 30, id: 'b.c:f2:2' },
    ];
    expect(findings(markerSameLine, markers)).toEqual(["a.c:1 'm_a' is also at a.c:f1:1 on this line: put the two sites on lines of their own", "b.c:2 'm_a' is also at b.c:f2:1 on this line: put the two sites on lines of their own"]);
  });
});
