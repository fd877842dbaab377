/** The prefilter's threads from the library: run from the sources, where no worker script is built. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/scan/index.js';

describe('prefilter', () => {
  it('reads everything on the calling thread when a worker cannot start, with the same result', () => {
    const tree = mkdtempSync(join(tmpdir(), 'kmark-prefilter-'));
    for (let i = 0; i < 1_100; i++) {
      const marker = i % 100 === 0 ? `void f${i}(int x) { trace_mark(test_m${i}, "%d", x); }\n` : '';
      writeFileSync(join(tree, `f${String(i).padStart(4, '0')}.c`), `int g${i};\n${marker}`);
    }
    const one = scan([tree], { root: tree, jobs: 1 });
    const two = scan([tree], { root: tree, jobs: 2 });
    expect(two.stats).toEqual({ ...one.stats, threads: 1 });
    expect(two.sites).toEqual(one.sites);
    expect(one.sites.map((s) => s.name)).toEqual(Array.from({ length: 11 }, (_, k) => `test_m${k * 100}`));
  });
});
