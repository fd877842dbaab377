/** SARIF that GitHub code scanning takes: Microsoft's validator with its GitHub rules, and fingerprints that survive line moves. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, kmark } from '../helpers/cli.js';
import { writeTree } from '../helpers/lint.js';

interface SarifResult {
  ruleId: string;
  message: { text: string };
  partialFingerprints: Record<string, string>;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations?: Array<{ kind: string; name: string }> }>;
  fixes?: unknown[];
}
interface SarifLog {
  runs: Array<{ results: SarifResult[]; invocations: Array<{ executionSuccessful: boolean }>; tool: { driver: { rules: Array<{ id: string; helpUri: string }> } } }>;
}

const sarifOf = (root: string): SarifLog => JSON.parse(kmark(['lint', '--format', 'sarif', '--root', root, root]).stdout) as SarifLog;

/** The validator is a .NET binary in a per-platform optional package: present on linux-x64 and the other platforms it ships for. */
function multitool(): string | null {
  try {
    const path = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const KERNEL = `void schedule(int cpu, long ticks)\n{\n\ttrace_mark(sched_tick, "cpu %d ticks %d", cpu, ticks);\n\tevmarker(sched_wake, MARKER_TRACE, 0, );\n}\n`;

describe('kmark lint --format sarif', () => {
  const tool = multitool();
  it.skipIf(tool === null)(
    'passes sarif-multitool validate with its GitHub (Ghas) rules: no error, no warning',
    () => {
      const work = mkdtempSync(join(tmpdir(), 'kmark-sarif-'));
      const inputs = [kmark(['lint', '--format', 'sarif'], { cwd: fixture('tricky') }).stdout, JSON.stringify(sarifOf(writeTree({ 'fs/a b.c': KERNEL })))];
      const files = inputs.map((text, k) => {
        writeFileSync(join(work, `in${k}.sarif`), text);
        return join(work, `in${k}.sarif`);
      });
      // One run of the validator for both logs: each start of the .NET binary costs seconds.
      const out = join(work, 'validation.sarif');
      const run = spawnSync(tool!, ['validate', '--rule-kind', 'Sarif;Ghas', ...files, '-o', out, '--log', 'ForceOverwrite'], { encoding: 'utf8' });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('2 files scanned');
      const findings = (JSON.parse(readFileSync(out, 'utf8')) as SarifLog).runs[0]!.results.map((r) => `${r.ruleId}: ${r.message.text}`);
      expect(findings).toEqual([]);
    },
    60_000,
  );

  it("keeps each finding's fingerprint when unrelated lines move it", () => {
    const before = sarifOf(writeTree({ 'a.c': KERNEL })).runs[0]!.results;
    const after = sarifOf(writeTree({ 'a.c': `/* a comment\n   of three lines */\n\n${KERNEL}` })).runs[0]!.results;
    expect(after.map((r) => r.locations[0]!.physicalLocation.region.startLine)).toEqual(before.map((r) => r.locations[0]!.physicalLocation.region.startLine + 3));
    expect(after.map((r) => r.partialFingerprints)).toEqual(before.map((r) => r.partialFingerprints));
    expect(new Set(before.map((r) => Object.values(r.partialFingerprints)[0])).size).toBe(before.length);
  });

  it('gives logical locations, the fix, percent-encoded URIs and a successful invocation', () => {
    const log = sarifOf(writeTree({ 'fs/a b.c': KERNEL }));
    const result = log.runs[0]!.results.find((r) => r.ruleId === 'format-type')!;
    expect(result.locations[0]!.physicalLocation.artifactLocation.uri).toBe('fs/a%20b.c');
    expect(result.locations[0]!.logicalLocations).toEqual([
      { kind: 'function', name: 'schedule' },
      { kind: 'member', name: 'fs/a b.c:schedule:1', fullyQualifiedName: 'fs/a b.c:schedule:1' },
    ]);
    expect(result.fixes).toHaveLength(1);
    expect(log.runs[0]!.invocations).toEqual([{ executionSuccessful: true }]);
    expect(log.runs[0]!.tool.driver.rules.find((r) => r.id === 'format-type')!.helpUri).toMatch(/docs\/rules\.md#format-type$/);
  });
});
