/**
 * Two makes sharing one O= (an editor's build and a terminal's) both update
 * include/generated/autoconf.h: filechk's temporary is each shell's own
 * (scripts/Kbuild.include), so neither removes nor renames the other's.
 */
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { KERNEL, explain, make, removeTemporaries, temporary } from './kernel.js';

afterAll(removeTemporaries);

it('two makes updating autoconf.h at once both succeed and leave one whole file', async () => {
  const obj = temporary('autoconf-race');
  const autoconf = join(obj, 'include/generated/autoconf.h');
  for (let round = 0; round < 4; round++) {
    // A changed .config half the time, so the rename is raced as well as the comparison.
    const config = round % 2 === 0 ? 'trace.config' : 'printk.config';
    copyFileSync(join(KERNEL, 'configs', config), join(obj, '.config'));
    const results = await Promise.all([make(obj, [autoconf]), make(obj, [autoconf])]);
    for (const result of results) expect(result.status, explain(result)).toBe(0);
    expect(readFileSync(autoconf, 'utf8')).toContain('CONFIG_MARKER_');
  }
  expect(readdirSync(join(obj, 'include/generated'))).toEqual(['autoconf.h']);
});
