/** Lints C sources written to a fresh directory, as `kmark lint` would. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyze, type AnalyzeOptions } from '../../src/analyze.js';
import { createTypeModel } from '../../src/ctypes/index.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';

export type Files = Readonly<Record<string, string>>;

export function writeTree(files: Files): string {
  const root = mkdtempSync(join(tmpdir(), 'kmark-lint-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export function lintFiles(files: Files, options: Partial<AnalyzeOptions> = {}): Diagnostic[] {
  const root = writeTree(files);
  return analyze([root], { root, includePaths: [join(root, 'include')], typeModel: createTypeModel, ...options }).diagnostics;
}

/** `rule@line:column`, the shape the rule tables compare. */
export const where = (d: Diagnostic): string => `${d.rule}@${d.span.line}:${d.span.column}`;

/** A one-function C file around `body`, markers in it starting at line 3. */
export const inFunction = (body: string, params = 'int x, long l, const char *s, void *p'): string => `#include <linux/marker.h>\nvoid f(${params}) {\n${body}\n}\n`;
