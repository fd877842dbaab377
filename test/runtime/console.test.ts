/** The console (sample-kernel/kernel/printk.c): errors on stderr, everything else on stdout, in order. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const KERNEL = fileURLToPath(new URL('../../sample-kernel/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kmark-console-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('prints KERN_ERR and more urgent messages on stderr, the others on stdout', () => {
  writeFileSync(
    join(dir, 'main.c'),
    '#include <linux/kernel.h>\nint main(void)\n{\n\tprintk(KERN_INFO "info\\n");\n\tprintk(KERN_ERR "error\\n");\n\tprintk(KERN_CRIT "critical\\n");\n\tprintk(KERN_WARNING "warning\\n");\n\treturn 0;\n}\n',
  );
  const gcc = spawnSync('gcc', ['-std=gnu11', '-Wall', '-Werror', `-I${join(KERNEL, 'include')}`, '-o', join(dir, 'main'), join(dir, 'main.c'), join(KERNEL, 'kernel/printk.c')], { encoding: 'utf8' });
  expect(gcc.stderr).toBe('');
  const run = spawnSync(join(dir, 'main'), { encoding: 'utf8' });
  expect(run.stdout).toBe('info\nwarning\n');
  expect(run.stderr).toBe('error\ncritical\n');
});
