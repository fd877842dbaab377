/**
 * The two ways to run kmark in a build (docs/build.md): one `kmark gen`
 * for every TU (the sample kernel's), or one per TU and `kmark link` at the
 * end (any executor's). They write the same headers, fragments, catalog
 * and section.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, KERNEL, kmark, removeTemporaries, temporary } from './kernel.js';

afterAll(removeTemporaries);

const TUS = ['kernel/sched.c', 'kernel/fork.c', 'net/socket.c', 'net/core/skbuff.c', 'block/elevator.c'];
const stem = (tu: string): string => tu.replace(/\.c$/, '');

describe('one kmark run for the build, or one per TU and kmark link', () => {
  it('write the same headers, fragments, catalog and .markers section', () => {
    const dir = temporary('map-reduce');
    const once = join(dir, 'once');
    const each = join(dir, 'each');
    const common = ['--root', '.', '-I', 'include', '--markup', 'default'];
    check(kmark(['gen', ...common, '--out-dir', once, '--catalog', join(once, 'catalog.json'), '--section', join(once, 'markers.S'), ...TUS], { cwd: KERNEL }));
    for (const tu of TUS) {
      check(kmark(['gen', ...common, '--header', join(each, `${stem(tu)}.kmark.h`), '--fragment', join(each, `${stem(tu)}.kmark.json`), tu], { cwd: KERNEL }));
    }
    check(kmark(['link', '--catalog', join(each, 'catalog.json'), '--section', join(each, 'markers.S'), ...TUS.map((tu) => join(each, `${stem(tu)}.kmark.json`))]));
    const files = [...TUS.flatMap((tu) => [`${stem(tu)}.kmark.h`, `${stem(tu)}.kmark.json`]), 'catalog.json', 'markers.S'];
    for (const f of files) expect(readFileSync(join(each, f), 'utf8'), f).toBe(readFileSync(join(once, f), 'utf8'));
    // A header's markers are in every TU that includes it, once in the catalog.
    const catalog = JSON.parse(readFileSync(join(once, 'catalog.json'), 'utf8')) as { markers: Array<{ id: string }> };
    expect(new Set(catalog.markers.map((m) => m.id)).size).toBe(catalog.markers.length);
    expect(catalog.markers.some((m) => m.id.startsWith('include/'))).toBe(true);
  });
});
