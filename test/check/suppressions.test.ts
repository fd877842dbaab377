/** Suppressions, per-rule severities and the baseline (docs/suppressions.md), through the CLI as CI runs it. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kmark } from '../helpers/cli.js';
import { writeTree } from '../helpers/lint.js';

const code = (lines: readonly string[]): string => `void f(long l, int x)\n{\n${lines.map((l) => `\t${l}\n`).join('')}}\n`;
type Json = { diagnostics: Array<{ rule: string; line: number; severity: string }>; summary: { suppressed: number } };
const lintJson = (root: string, extra: readonly string[] = []) => {
  const run = kmark(['lint', '--format', 'json', ...extra, '--root', root, root], { cwd: root });
  return { status: run.status, stderr: run.stderr, document: run.stdout ? (JSON.parse(run.stdout) as Json) : null };
};
const found = (document: Json | null): string[] => document!.diagnostics.map((d) => `${d.rule}@${d.line}:${d.severity}`);

describe('kmark-disable-next-line', () => {
  const root = writeTree({
    'a.c': code([
      '/* kmark-disable-next-line format-type -- ticks fit in an int here */',
      'trace_mark(sched_tick, "t %d", l);',
      'trace_mark(sched_tock, "t %d", l);',
      '// kmark-disable-next-line format-type',
      'trace_mark(sched_tuck, "t %d", l);',
      '// kmark-disable-next-line format-typo -- misspelt',
      'trace_mark(sched_tack, "t %d", l);',
      '// kmark-disable-next-line name-convention, format-type -- both, on the next marker only',
      'trace_mark(Bad, "t %d", l);',
    ]),
  });

  it('silences the named rules on the next marker only, and wants a reason and known rules', () => {
    const { status, document } = lintJson(root);
    expect(status).toBe(1);
    expect(found(document)).toEqual(['format-type@5:error', 'suppression-comment@6:error', 'format-type@7:error', 'suppression-comment@8:error', 'format-type@9:error']);
    expect(document!.summary.suppressed).toBe(3);
  });

  it('records what it silenced as SARIF suppressions with the reason', () => {
    const run = kmark(['lint', '--format', 'sarif', '--root', root, root]);
    const results = (JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ ruleId: string; suppressions?: unknown[] }> }> }).runs[0]!.results;
    expect(results.filter((r) => r.suppressions).map((r) => [r.ruleId, r.suppressions])).toEqual([
      ['format-type', [{ kind: 'inSource', justification: 'ticks fit in an int here' }]],
      ['name-convention', [{ kind: 'inSource', justification: 'both, on the next marker only' }]],
      ['format-type', [{ kind: 'inSource', justification: 'both, on the next marker only' }]],
    ]);
  });
});

describe('kmark.config.json rules', () => {
  const tree = (rules: object) => writeTree({ 'a.c': code(['trace_mark(Bad, "t %d", l);']), 'kmark.config.json': JSON.stringify({ rules }) });

  it('sets a rule off, or to another severity, and the exit code follows', () => {
    expect(found(lintJson(tree({})).document)).toEqual(['name-convention@3:warning', 'format-type@3:error']);
    const lowered = lintJson(tree({ 'format-type': 'warning', 'name-convention': 'off' }));
    expect(found(lowered.document)).toEqual(['format-type@3:warning']);
    expect(lowered.status).toBe(0);
    expect(lintJson(tree({ 'name-convention': 'error', 'format-type': 'off' })).status).toBe(1);
  });

  it('rejects a rule it does not know, with exit 2', () => {
    const run = lintJson(tree({ 'format-typo': 'off' }));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/kmark\.config\.json: rules: unknown rule 'format-typo'; see kmark lint --list-rules/);
  });
});

describe('the baseline', () => {
  it('lets a tree with findings adopt the lint: only new findings fail', () => {
    const root = writeTree({ 'a.c': code(['trace_mark(sched_tick, "t %d", l);']), 'kmark.config.json': '{ "baseline": "kmark-baseline.json" }' });
    const missing = lintJson(root);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/kmark-baseline\.json: no such file or directory/);
    const update = lintJson(root, ['--update-baseline']);
    expect(update.stderr).toContain('kmark-baseline.json: 1 finding in the baseline');
    expect(update.status).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'kmark-baseline.json'), 'utf8'))).toMatchObject({ version: 1, findings: [{ rule: 'format-type', file: 'a.c' }] });
    // Lines moved above the old finding, and a new finding in another function.
    writeFileSync(join(root, 'a.c'), `/* moved */\n\n${code(['trace_mark(sched_tick, "t %d", l);'])}void g(long l) { trace_mark(sched_new, "n %d", l); }\n`);
    const after = lintJson(root);
    expect(after.status).toBe(1);
    expect(found(after.document)).toEqual(['format-type@7:error']);
    expect(after.document!.summary.suppressed).toBe(1);
  });

  it('says what is wrong with a file that is not a baseline', () => {
    const root = writeTree({ 'a.c': code([]), 'b.json': '{"findings": 3}' });
    const run = lintJson(root, ['--baseline', join(root, 'b.json')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('b.json: not a kmark baseline');
  });
});
