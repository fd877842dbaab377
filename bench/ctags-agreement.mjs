#!/usr/bin/env node
// bench/ctags-agreement.mjs: how many of kmark's markers in a planted tree
// (bench/plant-markers.mjs) are named as universal-ctags names the function
// around them (docs/scanning.md, "Checked against ctags and a real tree").
//
//   node bench/ctags-agreement.mjs TREE SCAN_OUTPUT
//
// SCAN_OUTPUT is `kmark scan TREE`'s text, run from the tree's parent or
// with ids relative to TREE: `file:line:col  path:function:ordinal  name`.
// A marker's function for ctags is the innermost `--c-kinds=f` tag whose
// lines hold it. Prints the share and the disagreements' kinds.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [tree, scanOutput] = process.argv.slice(2);
if (!tree || !scanOutput) {
  process.stderr.write('usage: node bench/ctags-agreement.mjs TREE SCAN_OUTPUT\n');
  process.exit(2);
}
const json = execFileSync('ctags', ['-R', '--c-kinds=f', '--fields=+ne', '--output-format=json', '-f', '-', '.'], { cwd: tree, maxBuffer: 1 << 30, encoding: 'utf8' });
const tagsByFile = new Map();
for (const line of json.split('\n')) {
  if (!line) continue;
  const tag = JSON.parse(line);
  if (tag._type !== 'tag' || tag.kind !== 'function') continue;
  const file = path.normalize(tag.path);
  if (!tagsByFile.has(file)) tagsByFile.set(file, []);
  tagsByFile.get(file).push(tag);
}
let same = 0;
let macroNamed = 0;
const others = [];
const lines = fs.readFileSync(scanOutput, 'utf8').split('\n').filter(Boolean);
for (const line of lines) {
  const [where, id] = line.split(/\s+/);
  const [file, lineNumber] = where.split(':');
  const fn = id.split(':').slice(-2, -1)[0];
  const at = Number(lineNumber);
  let inner = null;
  for (const tag of tagsByFile.get(path.normalize(path.relative(tree, path.resolve(file)))) ?? tagsByFile.get(path.normalize(file)) ?? []) {
    if (tag.line <= at && (tag.end ?? tag.line) >= at && (!inner || tag.line > inner.line)) inner = tag;
  }
  if (inner?.name === fn) same++;
  // ctags names a function after a macro call with no `;` before it (ACPI_EXPORT_SYMBOL(x)).
  else if (inner && /^[A-Z0-9_]+$/.test(inner.name)) macroNamed++;
  else others.push(`${where} kmark: ${fn} ctags: ${inner?.name ?? '-'}`);
}
const share = (n) => `${n} (${((100 * n) / lines.length).toFixed(3)}%)`;
console.log(`named as ctags names them: ${share(same)} of ${lines.length}; ctags names an upper-case macro call instead: ${macroNamed}; other: ${others.length}`);
for (const other of others.slice(0, 20)) console.log(`  ${other}`);
