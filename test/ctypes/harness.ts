/** Small C trees written to a temp dir, and the types kmark gives the arguments of their CHECK(…) calls. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTypeModel, type ResolvedType, type TypeModel } from '../../src/ctypes/index.js';
import { typeToString } from '../../src/ctypes/types.js';
import type { Abi } from '../../src/model/abi.js';
import type { SourceSpan } from '../../src/model/location.js';
import { AnnotationMacros } from '../../src/c/annotations.js';

export function writeTree(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'kmark-ctypes-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export interface TreeOptions {
  readonly abi?: Abi;
  /** Relative to the root. */
  readonly includePaths?: readonly string[];
}

export function modelOf(root: string, options: TreeOptions = {}): TypeModel {
  return createTypeModel({
    root,
    includePaths: (options.includePaths ?? []).map((p) => join(root, p)),
    abi: options.abi ?? 'lp64',
    annotations: new AnnotationMacros(),
  });
}

/** `unsigned int`, `unsigned long:40` for a bit-field, `?` and the reason when unresolved. */
export function show(resolved: ResolvedType): string {
  if ('unresolved' in resolved) return `? ${resolved.unresolved}`;
  return resolved.bitWidth === undefined ? typeToString(resolved.type) : `${typeToString(resolved.type)}:${resolved.bitWidth}`;
}

/** The spans of the arguments of every `CHECK(…)` in `text`, in order, as the scanner would give them. */
export function checkSpans(file: string, text: string): Array<{ text: string; span: SourceSpan }> {
  const spans: Array<{ text: string; span: SourceSpan }> = [];
  for (let at = text.indexOf('CHECK('); at >= 0; at = text.indexOf('CHECK(', at + 1)) {
    let depth = 0;
    let close = -1;
    for (let k = at + 5; k < text.length; k++) {
      if (text[k] === '(') depth++;
      else if (text[k] === ')' && --depth === 0) {
        close = k;
        break;
      }
    }
    const inner = text.slice(at + 6, close);
    const start = at + 6 + (inner.length - inner.trimStart().length);
    const end = at + 6 + inner.trimEnd().length;
    spans.push({ text: text.slice(start, end), span: { file, ...position(text, start, 'line', 'column'), ...position(text, end, 'endLine', 'endColumn') } as SourceSpan });
  }
  return spans;
}

function position<L extends string, C extends string>(text: string, offset: number, line: L, column: C): Record<L | C, number> {
  const before = text.slice(0, offset);
  const lineNumber = before.split('\n').length;
  const col = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { [line]: lineNumber, [column]: col } as Record<L | C, number>;
}

/** Each CHECK argument of `file` with the type kmark gives it: `expr → type`. */
export function checkedTypes(files: Readonly<Record<string, string>>, file: string, options: TreeOptions = {}): string[] {
  const root = writeTree(files);
  const model = modelOf(root, options);
  return checkSpans(file, files[file]!).map(({ text, span }) => `${text} → ${show(model.typeOfExpressionAt(file, span))}`);
}
