/**
 * A format in a Latin-1 source keeps its bytes in the generated descriptor
 * (docs/bad-input.md): a probe registered from C with the same literal finds
 * the same bytes, through the real runtime.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO, kmark } from '../helpers/cli.js';

const KERNEL = join(REPO, 'sample-kernel');
const dir = mkdtempSync(join(tmpdir(), 'kmark-latin1-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SOURCE = `#include <stdio.h>
#include <linux/kernel.h>
#include <linux/marker.h>

void f(int x)
{
\ttrace_mark(lib_cafe, "caf\u00e9 %d", x);
}

static void probe(const struct marker *m, void *pdata, const char *format, ...)
{
}

int main(void)
{
\tprintf("register=%d\\n", marker_probe_register("lib_cafe", "caf\u00e9 %d", probe, NULL));
\treturn 0;
}
`;

it("registers a probe with the Latin-1 bytes of the source's format", () => {
  writeFileSync(join(dir, 'a.c'), Buffer.from(SOURCE, 'latin1'));
  expect(kmark(['gen', '--front', join(dir, 'gen/generated/kmark-front.h')]).status).toBe(0);
  expect(kmark(['gen', '--root', dir, '--tu', join(dir, 'a.c'), '--out-dir', join(dir, 'out')]).status).toBe(0);
  expect(readFileSync(join(dir, 'out/a.kmark.h'), 'latin1')).toContain('\t.format = "caf\\351 %d",');
  const exe = join(dir, 'a');
  const gcc = spawnSync(
    'gcc',
    [
      '-std=gnu11',
      '-pthread',
      '-DCONFIG_MARKERS',
      '-DCONFIG_MARKER_PROBE',
      `-I${join(dir, 'gen')}`,
      `-I${join(KERNEL, 'include')}`,
      `-DKMARK_TU_HEADER="${join(dir, 'out/a.kmark.h')}"`,
      join(dir, 'a.c'),
      join(KERNEL, 'kernel/marker.c'),
      join(KERNEL, 'kernel/printk.c'),
      '-o',
      exe,
    ],
    { encoding: 'utf8' },
  );
  expect(gcc.stderr).toBe('');
  expect(spawnSync(exe, { encoding: 'utf8' }).stdout).toBe('register=0\n');
});
