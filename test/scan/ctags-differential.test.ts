/**
 * Differential test of function naming: universal-ctags, an independent C
 * reader, lists the functions of kernel-shaped files (kernel-shapes.ts); a
 * marker is planted at the top of each body and kmark must name it as ctags
 * names the function.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/scan/index.js';
import { ANNOTATIONS, kernelShapedFile } from './kernel-shapes.js';

const hasCtags = ((): boolean => {
  try {
    return execFileSync('ctags', ['--version'], { encoding: 'utf8' }).startsWith('Universal Ctags');
  } catch {
    return false;
  }
})();
if (!hasCtags) console.log('ctags-differential: universal-ctags is not installed (scripts/install-deps), skipped');

interface CtagsFunction {
  readonly name: string;
  readonly path: string;
  readonly line: number;
}

function ctagsFunctions(dir: string): CtagsFunction[] {
  const args = ['--output-format=json', '--fields=+n', '--kinds-C=f', '--languages=C', '-I', ANNOTATIONS.join(','), '-R', '-o', '-', '.'];
  const out = execFileSync('ctags', args, { cwd: dir, encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as CtagsFunction);
}

/** Plants `trace_mark(diff_mN, "x")` right after the `{` of each function's body; returns marker name → function name. */
function plantMarkers(dir: string, functions: readonly CtagsFunction[]): Map<string, string> {
  const expected = new Map<string, string>();
  const byFile = new Map<string, CtagsFunction[]>();
  for (const f of functions) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
  let n = 0;
  for (const [path, list] of byFile) {
    const text = readFileSync(join(dir, path), 'utf8');
    const lineStarts = [0];
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lineStarts.push(at + 1);
    const plants = list.map((f) => {
      const name = `diff_m${n++}`;
      expected.set(name, f.name);
      return { at: text.indexOf('{', lineStarts[f.line - 1]) + 1, call: ` trace_mark(${name}, "x");` };
    });
    let planted = text;
    for (const { at, call } of plants.sort((a, b) => b.at - a.at)) planted = planted.slice(0, at) + call + planted.slice(at);
    writeFileSync(join(dir, path), planted);
  }
  return expected;
}

describe.skipIf(!hasCtags)('function names agree with universal-ctags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmark-ctags-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names a marker planted in every function of kernel-shaped files as ctags does', () => {
    const files = 12;
    const perFile = 40;
    for (let seed = 1; seed <= files; seed++) writeFileSync(join(dir, `file${seed}.c`), kernelShapedFile(seed, perFile));
    const functions = ctagsFunctions(dir);
    // ctags must see every generated function, or it is no oracle for this code.
    expect(functions).toHaveLength(files * perFile);
    const expected = plantMarkers(dir, functions);
    const result = scan([dir], { root: dir });
    const named = new Map(result.sites.map((s) => [s.name, s.function]));
    const wrong = [...expected].filter(([marker, fn]) => named.get(marker) !== fn).map(([marker, fn]) => `${marker}: ctags ${fn}, kmark ${named.get(marker)}`);
    expect(wrong).toEqual([]);
    expect(result.sites).toHaveLength(expected.size);
  });
});
