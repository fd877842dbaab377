/**
 * What the build cannot generate is a finding of lint and of gen alike
 * (src/check/rules: marker-in-macro, marker-same-line, marker-arg-limit):
 * exit 1 with the rule's id, and gen writes no outputs.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kmark } from '../helpers/cli.js';

const CASES: ReadonlyArray<readonly [string, string]> = [
  ['marker-in-macro', '#define LOG_X(x) trace_mark(lib_x, "x %d", x)\nvoid f(int x)\n{\n\tLOG_X(x);\n}\n'],
  ['marker-same-line', 'void f(int x)\n{\n\tif (x) trace_mark(lib_x, "x %d", x); else trace_mark(lib_x, "x %d", -x);\n}\n'],
  ['marker-arg-limit', `void f(int x)\n{\n\ttrace_mark(lib_x, "${'%d '.repeat(13)}", ${Array(13).fill('x').join(', ')});\n}\n`],
];

describe.each(CASES)('%s', (rule, source) => {
  const dir = mkdtempSync(join(tmpdir(), 'kmark-build-findings-'));
  writeFileSync(join(dir, 'a.c'), source);

  it('fails lint with exit 1', () => {
    const run = kmark(['lint', '--root', dir, dir]);
    expect(run.stderr).toContain(`[${rule}]`);
    expect(run.status).toBe(1);
  });

  it('fails gen with exit 1 and no outputs', () => {
    const run = kmark(['gen', '--root', dir, '--tu', join(dir, 'a.c'), '--out-dir', join(dir, 'out')]);
    expect(run.stderr).toContain(`[${rule}]`);
    expect(run.status).toBe(1);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
