#!/usr/bin/env node
// bench/plant-markers.mjs: plants a marker in every function of a C tree,
// for the marker benchmark (bench/markers). Node 20 built-ins and
// universal-ctags (scripts/install-deps).
//
//   node bench/plant-markers.mjs TREE
//
// The functions are the ones universal-ctags finds (`--c-kinds=f`, with their
// end lines), so kmark's time is compared with ctags' on the same functions.
// A line `trace_mark(fn_N, "site %d", N);` is inserted before the closing
// brace of each function whose closing line is a lone `}`; the trees are
// edited in place, deterministically (ctags' order, then line order). Writes
// TREE/.planted.json with the count and prints it.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const tree = process.argv[2];
if (!tree || process.argv.length > 3) {
  process.stderr.write('usage: node bench/plant-markers.mjs TREE\n');
  process.exit(2);
}

const tags = execFileSync('ctags', ['-R', '--c-kinds=f', '--fields=+ne', '--output-format=json', '-f', '-', '.'], {
  cwd: tree,
  maxBuffer: 1 << 30,
  encoding: 'utf8',
});
const endsByFile = new Map();
for (const line of tags.split('\n')) {
  if (!line.startsWith('{')) continue;
  const tag = JSON.parse(line);
  if (tag.kind !== 'function' || !tag.end || !/\.[ch]$/.test(tag.path)) continue;
  const ends = endsByFile.get(tag.path) ?? new Set();
  ends.add(tag.end);
  endsByFile.set(tag.path, ends);
}

let planted = 0;
for (const file of [...endsByFile.keys()].sort()) {
  const full = path.join(tree, file);
  const lines = fs.readFileSync(full, 'latin1').split('\n');
  const out = [];
  lines.forEach((text, k) => {
    if (endsByFile.get(file).has(k + 1) && text.trim() === '}') {
      out.push(`\ttrace_mark(fn_${planted}, "site %d", ${planted});`);
      planted++;
    }
    out.push(text);
  });
  fs.writeFileSync(full, out.join('\n'), 'latin1');
}
fs.writeFileSync(path.join(tree, '.planted.json'), `${JSON.stringify({ markers: planted, files: endsByFile.size })}\n`);
process.stdout.write(`plant-markers: ${planted} markers in ${endsByFile.size} files of ${tree}\n`);
