import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fixture, kmark } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
const tricky = fixture('tricky');

describe('kmark lint output formats', () => {
  it('writes SARIF that validates against the official 2.1.0 schema', () => {
    const Ajv04 = require('ajv-draft-04') as new (options: object) => { compile(schema: object): ((v: unknown) => boolean) & { errors?: unknown } };
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    const validate = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    const run = kmark(['lint', '--format', 'sarif'], { cwd: tricky });
    expect(run.status).toBe(1);
    const log = JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }> }> };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = log.runs[0]!.results.map((r) => `${r.ruleId} ${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}:${r.locations[0]!.physicalLocation.region.startColumn}`);
    expect(results).toContain('marker-outside-function lib/errors.c:6:1');
  });

  it('writes one JSON document with 1-based positions relative to the root', () => {
    const run = kmark(['lint', '--format', 'json'], { cwd: tricky });
    const document = JSON.parse(run.stdout) as { diagnostics: Array<Record<string, unknown>>; summary: Record<string, number> };
    expect(document.diagnostics).toContainEqual({
      file: 'lib/errors.c',
      line: 6,
      column: 1,
      endLine: 6,
      endColumn: 38,
      severity: 'error',
      rule: 'marker-outside-function',
      message: "trace_mark 'lib_file_scope' is outside any function definition: it has no identity",
    });
    expect(document.summary.errors).toBeGreaterThan(0);
  });

  it('writes gcc-style text with the source line and a caret on stderr', () => {
    const run = kmark(['lint'], { cwd: tricky });
    expect(run.stderr).toContain(
      'lib/errors.c:6:1: error: trace_mark \'lib_file_scope\' is outside any function definition: it has no identity [marker-outside-function]\n    6 | trace_mark(lib_file_scope, "x %d", 1);\n      | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n',
    );
  });
});
