/**
 * gcc is the bar: a generated C tree of a few hundred one-line trace_mark
 * calls (generate.ts), compiled with gcc -fsyntax-only -Wformat
 * [-Wformat-signedness] as the oracle (oracle.ts), and kmark's lint verdict on
 * every call — in process, through analyze() as `kmark lint` runs it.
 * kmark must agree on every call, with no false error, no miss and no type it
 * cannot resolve, on every construct the generator writes. bench/accuracy
 * runs the same at ≥ 5,000 calls.
 *
 * KMARK_DIFF_SEED / KMARK_DIFF_CALLS change the tree; KMARK_DIFF_KEEP=dir keeps it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { createTypeModel } from '../../src/ctypes/index.js';
import { generateTree, type GeneratedTree } from './generate.js';
import { compare, describeProblems, gccVerdicts, modeName, summaryLine, type KmarkDiagnostic, type Mode } from './oracle.js';

const SEED = Number(process.env['KMARK_DIFF_SEED'] ?? 1);
const CALLS = Number(process.env['KMARK_DIFF_CALLS'] ?? 400);
const MODES: readonly Mode[] = [{ signedness: false }, { signedness: true }];

/** gcc, and the C library's headers the libc family of the tree includes. */
const hasGcc = spawnSync('gcc', ['-fsyntax-only', '-x', 'c', '-'], { input: '#include <inttypes.h>\n#include <sys/types.h>\n#include <wchar.h>\n#include <stdbool.h>\n', encoding: 'utf8' }).status === 0;

function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** kmark lint in process: its diagnostics as the CLI's JSON has them, and the sites it found. */
function kmarkLint(root: string, mode: Mode): { diagnostics: KmarkDiagnostic[]; sites: string[] } {
  const analysis = analyze([root], { root, includePaths: [join(root, 'include')], typeModel: createTypeModel, signedness: mode.signedness });
  return {
    diagnostics: analysis.diagnostics.map((d) => ({ file: d.span.file, line: d.span.line, column: d.span.column, severity: d.severity, rule: d.rule, message: d.message })),
    sites: analysis.placed.map(({ site }) => `${site.span.file}:${site.span.line}`),
  };
}

describe.skipIf(!hasGcc)(`differential: ${CALLS} generated trace_mark calls, gcc -Wformat against kmark lint (seed ${SEED})`, () => {
  let root = '';
  let tree: GeneratedTree;

  beforeAll(() => {
    tree = generateTree({ seed: SEED, calls: CALLS });
    const keep = process.env['KMARK_DIFF_KEEP'];
    root = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'kmark-differential-'));
    if (keep) rmSync(root, { recursive: true, force: true });
    writeFiles(root, tree.files);
  });

  afterAll(() => {
    if (root && !process.env['KMARK_DIFF_KEEP']) rmSync(root, { recursive: true, force: true });
  });

  for (const mode of MODES) {
    it(`agrees with gcc on every call (${modeName(mode)})`, async () => {
      const gcc = await gccVerdicts(root, tree, mode);
      const { diagnostics, sites } = kmarkLint(root, mode);
      const c = compare(tree, mode, gcc, diagnostics, sites);
      const problems = describeProblems(c);
      if (problems) console.log(`${summaryLine(c)}\n${problems}`);
      expect(
        c.missingSites.map((s) => `${s.file}:${s.line}`),
        'calls kmark found no site for',
      ).toEqual([]);
      expect(c.falseErrors.length, 'false errors (kmark reports, gcc is silent)').toBe(0);
      expect(c.missed.length, 'missed (gcc warns, kmark is silent)').toBe(0);
      expect(c.unresolved.length, 'calls with an argument kmark cannot type').toBe(0);
      expect(c.strayDiagnostics.length, 'format diagnostics on lines that are no call').toBe(0);
      expect(c.agree).toBe(c.total);
      // The tree is a test only if both verdicts are well represented.
      expect(c.gccBad).toBeGreaterThan(c.total * 0.25);
      expect(c.total - c.gccBad).toBeGreaterThan(c.total * 0.25);
    });
  }

  it('covers the expression kinds and format cases it is meant to', () => {
    const kinds = new Set(tree.calls.flatMap((c) => c.kinds));
    for (const kind of [
      'identifier',
      'member',
      'member->',
      'anonymous-member',
      'bit-field',
      'index',
      'dereference',
      'address-of',
      'call',
      'cast',
      'literal',
      'suffixed-literal',
      'char-literal',
      'float-literal',
      'sizeof',
      'arithmetic',
      'conditional',
      'enum-constant',
      'macro',
      'right',
      'wrong-length',
      'signedness',
      'wrong-conversion',
      'too-few',
      'too-many',
      'star-width',
      'star-precision',
      'invalid',
      'flags',
      'percent-n',
      'kernel-p',
      'noargs',
      'non-literal',
      'pri',
      'split-literal',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    expect(new Set(tree.calls.map((c) => c.file.slice(4, 5))), 'both families').toEqual(new Set(['k', 'u']));
  });
});
