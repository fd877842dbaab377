#!/usr/bin/env node
// bench/gen-build-tree.mjs: a kernel-like tree to build, for bench/build.
// Node 20 built-ins only.
//
//   node bench/gen-build-tree.mjs OUTDIR [--tus N] [--headers H] [--seed S]
//
// OUTDIR gets a copy of sample-kernel/ (its Makefile, runtime and TUs) plus
// N generated TUs under drivers/gen/ and H generated headers under
// include/linux/gen/, listed in gen-objs.mk, which the copied Makefile
// includes after its own obj-y. Defaults: 2000 TUs, 240 headers, seed 1.
//
// Shaped like a kernel's drivers: each TU includes 20 to 40 headers (a core
// of 16 that nearly every TU includes, the rest at random), each header
// holds macros, enums, structs, typedefs, prototypes and static inline
// functions, and includes a few others. About a tenth of the TUs hold 1 to
// 4 markers, and the static inline functions of about one header in 16 (the
// core included) hold one, so widely included headers carry markers into
// hundreds of TUs. Everything compiles with the sample kernel's
// -Wall -Werror; the same arguments give byte-identical output.
//
// Writes OUTDIR/.manifest.json (TUs, headers, markers) and prints a summary.

import fs from 'node:fs';
import path from 'node:path';

const USAGE = 'usage: node bench/gen-build-tree.mjs OUTDIR [--tus N] [--headers H] [--seed S]';

function die(message) {
  process.stderr.write(`gen-build-tree: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { out: null, tus: 2000, headers: 240, seed: 1 };
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    const key = { '--tus': 'tus', '--headers': 'headers', '--seed': 'seed' }[arg];
    if (key !== undefined) {
      const n = Number(argv[++k]);
      if (!Number.isInteger(n) || n < 1) die(`${arg}: expected a positive whole number`);
      opts[key] = n;
    } else if (arg.startsWith('-')) die(`unknown option ${arg}`);
    else if (opts.out === null) opts.out = arg;
    else die(`unexpected argument ${arg}`);
  }
  if (opts.out === null) die('give OUTDIR');
  return opts;
}

// xorshift32: deterministic and fast.
function rng(seed) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
  return {
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

// Argument kinds a marker passes, each with the conversion gcc's -Wformat accepts for it.
const KINDS = [
  { type: 'int', conv: '%d', expr: (v) => `(int)${v}` },
  { type: 'long', conv: '%ld', expr: (v) => `(long)${v}` },
  { type: 'unsigned int', conv: '%u', expr: (v) => `(unsigned int)${v}` },
  { type: 'unsigned long', conv: '%lu', expr: (v) => `(unsigned long)${v}` },
  { type: 'unsigned long long', conv: '%llu', expr: (v) => `(unsigned long long)${v}` },
  { type: 'const void *', conv: '%p', expr: (v) => `(const void *)&${v}` },
];
const WORDS = ['state', 'count', 'flags', 'mode', 'len', 'prio', 'cpu', 'seq', 'size', 'idx', 'mask', 'ref', 'err', 'pos', 'nr', 'tick'];
const FIELD_TYPES = ['int', 'long', 'unsigned int', 'unsigned long', 'short', 'unsigned char', 'void *', 'const char *'];
const SAMPLE_HEADERS = ['linux/types.h', 'linux/kernel.h', 'linux/errno.h', 'linux/list.h', 'linux/spinlock.h', 'linux/slab.h', 'linux/sched.h', 'linux/fs.h', 'linux/string.h'];

function markerCall(r, name, value) {
  const n = r.int(1, 3);
  const kinds = Array.from({ length: n }, () => r.pick(KINDS));
  const format = kinds.map((k, i) => `${WORDS[(i * 5 + name.length) % WORDS.length]} ${k.conv}`).join(' ');
  return `trace_mark(${name}, "${format}", ${kinds.map((k) => k.expr(value)).join(', ')});`;
}

function comment(r, what) {
  const lines = r.int(2, 6);
  return ['/*', ` * ${what}`, ...Array.from({ length: lines }, (_, i) => ` * ${WORDS.slice(i % 8, (i % 8) + 6).join(' ')} of the ${what} path, kept in step with its users.`), ' */'].join('\n');
}

function header(r, h, opts, markers) {
  const id = `gen_h${String(h).padStart(3, '0')}`;
  const guard = `_LINUX_GEN_${id.toUpperCase()}_H`;
  const out = [`/* SPDX-License-Identifier: MIT */`, `#ifndef ${guard}`, `#define ${guard}`, '', '#include <linux/types.h>'];
  const hasMarker = h % 16 === 3;
  if (hasMarker) out.push('#include <linux/marker.h>');
  for (let k = 0; k < r.int(0, 3) && h > 0; k++) out.push(`#include <linux/gen/gen_h${String(r.int(0, h - 1)).padStart(3, '0')}.h>`);
  out.push('', comment(r, `${id} objects`), '');
  for (let k = 0; k < r.int(10, 30); k++) out.push(`#define ${id.toUpperCase()}_${WORDS[k % WORDS.length].toUpperCase()}_${k} ${r.int(0, 4096)}`);
  out.push('', `enum ${id}_state {`, ...Array.from({ length: r.int(3, 10) }, (_, k) => `\t${id.toUpperCase()}_S${k},`), '};', '');
  const structs = r.int(2, 5);
  for (let s = 0; s < structs; s++) {
    out.push(comment(r, `${id} record ${s}`), `struct ${id}_obj${s} {`, '\tint a;');
    for (let f = 0; f < r.int(5, 15); f++) out.push(`\t${r.pick(FIELD_TYPES)} ${WORDS[f % WORDS.length]}_${f};`);
    out.push(`\tenum ${id}_state st;`, '\tstruct list_head node;', '};', `typedef struct ${id}_obj${s} ${id}_obj${s}_t;`, '');
  }
  for (let p = 0; p < r.int(10, 30); p++) out.push(`extern int ${id}_op${p}(struct ${id}_obj${p % structs} *o, unsigned long arg);`);
  out.push('');
  const inlines = r.int(2, 6);
  for (let i = 0; i < inlines; i++) {
    out.push(`static inline int ${id}_get${i}(const struct ${id}_obj${i % structs} *o)`, '{');
    if (hasMarker && i === 0) {
      out.push(`\t${markerCall(r, `${id}_get`, 'o->a')}`);
      markers.count++;
    }
    out.push(`\treturn o->a + ${i};`, '}', '');
  }
  out.push(`#endif /* ${guard} */`, '');
  return out.join('\n');
}

function translationUnit(r, t, opts, markers) {
  const id = `gen_f${String(t).padStart(4, '0')}`;
  const core = Array.from({ length: 16 }, (_, k) => k);
  const chosen = new Set(core.filter(() => r.chance(0.9)));
  const total = r.int(20, 40);
  while (chosen.size < total - 4) chosen.add(r.int(0, opts.headers - 1));
  const includes = [...SAMPLE_HEADERS.slice(0, 4), ...[...chosen].sort((a, b) => a - b).map((h) => `linux/gen/gen_h${String(h).padStart(3, '0')}.h`)];
  const used = [...chosen][r.int(0, chosen.size - 1)];
  const hid = `gen_h${String(used).padStart(3, '0')}`;
  const out = ['// SPDX-License-Identifier: MIT', ...includes.map((i) => `#include <${i}>`)];
  const marked = r.chance(0.1);
  if (marked) out.push('#include <linux/marker.h>');
  out.push('', comment(r, id), '');
  const functions = r.int(3, 8);
  let markersLeft = marked ? r.int(1, 4) : 0;
  for (let f = 0; f < functions; f++) {
    out.push(`int ${id}_${f}(struct ${hid}_obj0 *o, int n);`, `int ${id}_${f}(struct ${hid}_obj0 *o, int n)`, '{', '\tint i, s = 0;', '', '\tfor (i = 0; i < n; i++)', `\t\ts += o->a + i * ${f + 1};`);
    if (markersLeft > 0 && (f === functions - 1 || r.chance(0.5))) {
      out.push(`\tif (s > ${r.int(1, 64)})`, `\t\t${markerCall(r, `${id}_m${f}`, 's')}`);
      markersLeft--;
      markers.count++;
    }
    out.push('\treturn s;', '}', '');
  }
  return out.join('\n');
}

const opts = parseArgs(process.argv.slice(2));
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.resolve(opts.out);
fs.rmSync(out, { recursive: true, force: true });
const sources = path.join(root, 'sample-kernel');
fs.cpSync(sources, out, {
  recursive: true,
  filter: (src) => fs.statSync(src).isDirectory() || /\.(c|h|S|config|include)$|\/Makefile$|\/README\.md$/.test(src),
});
const r = rng(opts.seed);
const markers = { count: 0 };
fs.mkdirSync(path.join(out, 'include', 'linux', 'gen'), { recursive: true });
for (let h = 0; h < opts.headers; h++) fs.writeFileSync(path.join(out, 'include', 'linux', 'gen', `gen_h${String(h).padStart(3, '0')}.h`), header(r, h, opts, markers));
const objects = [];
for (let t = 0; t < opts.tus; t++) {
  const dir = path.join('drivers', 'gen', `d${String(Math.floor(t / 100)).padStart(2, '0')}`);
  fs.mkdirSync(path.join(out, dir), { recursive: true });
  const file = path.join(dir, `gen_f${String(t).padStart(4, '0')}.c`);
  fs.writeFileSync(path.join(out, file), translationUnit(r, t, opts, markers));
  objects.push(file.replace(/\.c$/, '.o'));
}
fs.writeFileSync(path.join(out, 'gen-objs.mk'), `# Generated by bench/gen-build-tree.mjs.\n${objects.map((o) => `obj-y += ${o}`).join('\n')}\n`);
const makefile = path.join(out, 'Makefile');
const text = fs.readFileSync(makefile, 'utf8');
const anchor = 'obj-y += lib/string.o lib/kstrtox.o\n';
if (!text.includes(anchor)) die(`sample-kernel/Makefile has no line '${anchor.trim()}' to add the generated TUs after`);
fs.writeFileSync(makefile, text.replace(anchor, `${anchor}include gen-objs.mk\n`));
const manifest = { tus: opts.tus, headers: opts.headers, generatedMarkers: markers.count, seed: opts.seed };
fs.writeFileSync(path.join(out, '.manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
process.stdout.write(`gen-build-tree: ${opts.tus} TUs, ${opts.headers} headers, ${markers.count} generated markers in ${out}\n`);
