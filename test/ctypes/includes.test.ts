/** Types through #include (docs/ctypes.md): `-I` and `"…"` resolution, cycles, missing headers, builtins, each file parsed once. */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkedTypes, checkSpans, modelOf, show, writeTree } from './harness.js';

describe('includes', () => {
  it('finds "…" beside the including file first, then in the include paths; <…> only in the include paths', () => {
    const files = {
      'include/linux/types.h': 'typedef unsigned int u32;\ntypedef unsigned long long u64;\n#include "kernel.h"\n',
      'include/linux/kernel.h': 'struct kernel { long k; };\n',
      'include/config.h': 'typedef long from_include_path;\n',
      'kernel/config.h': 'typedef short from_local_dir;\n',
      'kernel/sched.c': `#include <linux/types.h>
#include "config.h"
#include <config.h>
void f(u32 a, u64 b, struct kernel *k, from_local_dir l, from_include_path p) { CHECK(a); CHECK(b + a); CHECK(k->k); CHECK(l); CHECK(p); }`,
    };
    expect(checkedTypes(files, 'kernel/sched.c', { includePaths: ['include'] })).toEqual(['a → u32', 'b + a → u64', 'k->k → long', 'l → from_local_dir', 'p → from_include_path']);
  });

  it('reads <…> from the include paths in order, and not from the including directory', () => {
    const files = {
      'first/t.h': 'typedef long first_t;\n',
      'second/t.h': 'typedef long second_t;\n',
      'src/t.h': 'typedef long local_t;\n',
      'src/main.c': '#include <t.h>\nvoid f(first_t a, second_t b, local_t c) { CHECK(a); CHECK(b); CHECK(c); }',
    };
    expect(checkedTypes(files, 'src/main.c', { includePaths: ['first', 'second'] })).toEqual(['a → first_t', "b → ? unknown typedef 'second_t'", "c → ? unknown typedef 'local_t'"]);
  });

  it('a typedef in a header may use one from a header included before it', () => {
    const files = {
      'a.h': 'typedef unsigned long base_t;\n',
      'b.h': 'typedef base_t derived_t;\nstruct holder { derived_t d; };\n',
      'main.c': '#include "a.h"\n#include "b.h"\nvoid f(struct holder *h) { CHECK(h->d); CHECK(h->d + 1); }',
    };
    expect(checkedTypes(files, 'main.c')).toEqual(['h->d → derived_t', 'h->d + 1 → derived_t']);
  });

  it('stops include cycles and reads each header once per unit', () => {
    const files = {
      'a.h': '#ifndef A_H\n#define A_H\n#include "b.h"\ntypedef int a_t;\n#endif\n',
      'b.h': '#ifndef B_H\n#define B_H\n#include "a.h"\ntypedef long b_t;\n#endif\n',
      'self.h': '#include "self.h"\ntypedef char self_t;\n',
      'main.c': '#include "a.h"\n#include "self.h"\nvoid f(a_t a, b_t b, self_t s) { CHECK(a); CHECK(b); CHECK(s); }',
    };
    expect(checkedTypes(files, 'main.c')).toEqual(['a → a_t', 'b → b_t', 's → self_t']);
  });

  it('a missing header is not fatal: what it would declare is unresolved, naming it', () => {
    const files = {
      'main.c': `#include <linux/missing.h>
#include "also_missing.h"
typedef unsigned short local_t;
void f(local_t l, missing_t m) { CHECK(l); CHECK(m); CHECK(missing_var); CHECK(missing_fn(1)); CHECK(sizeof(missing_t)); }`,
    };
    expect(checkedTypes(files, 'main.c')).toEqual([
      'l → local_t',
      'm → ? unknown typedef \'missing_t\' (headers <linux/missing.h>, "also_missing.h" not found)',
      'missing_var → ? unknown identifier \'missing_var\' (headers <linux/missing.h>, "also_missing.h" not found)',
      'missing_fn(1) → ? unknown function \'missing_fn\' (headers <linux/missing.h>, "also_missing.h" not found)',
      'sizeof(missing_t) → size_t',
    ]);
  });

  it("types from system headers not in the include paths fall back to the builtins; the tree's own definitions win", () => {
    const files = {
      'include/linux/types.h': 'typedef unsigned char u8;\ntypedef unsigned int pid_t;\n',
      'main.c': `#include <stdio.h>
#include <inttypes.h>
#include <linux/types.h>
void f(size_t n, uint64_t big, pid_t pid, u8 small, u64 k, int64_t s, bool b, loff_t off) {
  CHECK(n); CHECK(big); CHECK(pid); CHECK(small); CHECK(k); CHECK(s); CHECK(b); CHECK(off); CHECK(pid + 0); CHECK(n + 1);
}`,
    };
    expect(checkedTypes(files, 'main.c', { includePaths: ['include'] })).toEqual(['n → size_t', 'big → uint64_t', 'pid → pid_t', 'small → u8', 'k → u64', 's → int64_t', 'b → bool', 'off → loff_t', 'pid + 0 → pid_t', 'n + 1 → size_t']);
    const root = writeTree(files);
    const model = modelOf(root, { includePaths: ['include'] });
    const [pid] = checkSpans('main.c', files['main.c']).slice(2, 3);
    const resolved = model.typeOfExpressionAt('main.c', pid!.span);
    // The tree's pid_t is unsigned, the builtin one signed.
    expect('type' in resolved && resolved.type.kind === 'typedef' && resolved.type.target).toEqual({ kind: 'integer', name: 'int', signed: false });
    expect(model.missingHeadersOf('main.c')).toEqual(['<stdio.h>', '<inttypes.h>']);
    expect(model.headersOf('main.c')).toEqual([join(root, 'include/linux/types.h')]);
  });

  it('takes an absolute #include as the file itself, as gcc does', () => {
    const root = writeTree({ 'inc/abs.h': 'typedef short abs_t;\n' });
    const text = `#include "${join(root, 'inc/abs.h')}"\n#include <${join(root, 'inc/abs.h')}>\nvoid f(abs_t a) { CHECK(a); }`;
    writeFileSync(join(root, 'main.c'), text);
    const model = modelOf(root);
    const [a] = checkSpans('main.c', text);
    expect(show(model.typeOfExpressionAt('main.c', a!.span))).toBe('abs_t');
    expect(model.missingHeadersOf('main.c')).toEqual([]);
  });

  it('a header typedef built on a missing header falls back to the builtin of the same name', () => {
    const files = {
      'include/linux/types.h': '#include <asm/posix_types.h>\ntypedef __kernel_size_t size_t;\ntypedef __kernel_weird_t weird_t;\n',
      'main.c': '#include <linux/types.h>\nvoid f(size_t n, weird_t w) { CHECK(n); CHECK(w); }',
    };
    expect(checkedTypes(files, 'main.c', { includePaths: ['include'] })).toEqual(['n → size_t', "w → ? unknown typedef '__kernel_weird_t' (header <asm/posix_types.h> not found)"]);
  });

  // glibc x86 (gcc -m64 / -m32 with <sys/types.h>): loff_t long / long long, dev_t unsigned long / unsigned long long, blkcnt_t long.
  it.each([
    ["a unit without the C library: the kernel's types", '', 'lp64', ['long long', 'unsigned int', 'unsigned long long']],
    ["a unit including <sys/types.h> it cannot find: glibc's", '#include <sys/types.h>\n', 'lp64', ['long', 'unsigned long', 'long']],
    ['the same for ILP32', '#include <stdio.h>\n', 'ilp32', ['long long', 'unsigned long long', 'long']],
    ['a kernel header kmark cannot find does not make a unit user space', '#include <linux/types.h>\n', 'lp64', ['long long', 'unsigned int', 'unsigned long long']],
  ] as const)('loff_t, dev_t and blkcnt_t in %s', (_, include, abi, expected) => {
    const text = `${include}void f(loff_t off, dev_t dev, blkcnt_t blocks) { CHECK(off); CHECK(dev); CHECK(blocks); }`;
    const model = modelOf(writeTree({ 'main.c': text }), { abi });
    const targets = checkSpans('main.c', text).map(({ span }) => {
      const resolved = model.typeOfExpressionAt('main.c', span);
      const type = 'type' in resolved && resolved.type.kind === 'typedef' ? resolved.type.target : null;
      return type?.kind === 'integer' ? `${type.signed ? '' : 'unsigned '}${type.name}` : show(resolved);
    });
    expect(targets).toEqual(expected);
  });
  it('a header that is a directory, a binary file or a symlink loop counts as missing', () => {
    const root = writeTree({
      'inc/dir.h/placeholder': '',
      'inc/binary.h': 'typedef int \0 broken;\n',
      'main.c': '#include <dir.h>\n#include <binary.h>\n#include <loop.h>\nvoid f(int x) { CHECK(x); CHECK(y); }',
    });
    symlinkSync(join(root, 'inc/loop.h'), join(root, 'inc/loop.h.tmp'));
    symlinkSync(join(root, 'inc/loop.h.tmp'), join(root, 'inc/loop.h'));
    const model = modelOf(root, { includePaths: ['inc'] });
    const text = '#include <dir.h>\n#include <binary.h>\n#include <loop.h>\nvoid f(int x) { CHECK(x); CHECK(y); }';
    expect(checkSpans('main.c', text).map(({ span }) => show(model.typeOfExpressionAt('main.c', span)))).toEqual(['int', "? unknown identifier 'y' (headers <dir.h>, <binary.h>, <loop.h> not found)"]);
  });

  it('parses each header once per run, for every unit that includes it', () => {
    const header = 'typedef unsigned long shared_t;\n';
    const files: Record<string, string> = { 'shared.h': header };
    for (let k = 0; k < 5; k++) files[`unit${k}.c`] = `#include "shared.h"\nvoid f${k}(shared_t s) { CHECK(s); }`;
    const root = writeTree(files);
    const model = modelOf(root);
    for (let k = 0; k < 5; k++) {
      const [arg] = checkSpans(`unit${k}.c`, files[`unit${k}.c`]!);
      expect(show(model.typeOfExpressionAt(`unit${k}.c`, arg!.span))).toBe('shared_t');
    }
    // A header changed on disk after it was read is not read again: the model reads each file once.
    writeFileSync(join(root, 'shared.h'), 'typedef char shared_t;\n');
    mkdirSync(join(root, 'more'));
    writeFileSync(join(root, 'more/unit.c'), '#include "../shared.h"\nvoid g(shared_t s) { CHECK(s); }');
    const [arg] = checkSpans('more/unit.c', '#include "../shared.h"\nvoid g(shared_t s) { CHECK(s); }');
    const resolved = model.typeOfExpressionAt('more/unit.c', arg!.span);
    expect('type' in resolved && resolved.type.kind === 'typedef' && resolved.type.target).toEqual({ kind: 'integer', name: 'long', signed: false });
  });
});
