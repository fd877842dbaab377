/**
 * A seeded generator of C files shaped like a 2.6-era kernel's, for the
 * differential test of function naming against universal-ctags: headers with
 * annotation macros, attributes, pointer returns, K&R definitions, `#if`
 * inside parameter lists, brace-less and braced loop macros, braces that
 * balance only per `#if` branch, braces in strings and comments, empty-macro
 * stubs of a function's own name, and top-level declarations between them.
 * Markers are not written: the test plants one in every function ctags finds.
 */
import { Rng } from '../differential/generate.js';

/** The annotation macros the files use, for ctags' `-I` (kmark knows them as builtins). */
export const ANNOTATIONS = ['__init', '__cpuinit', '__devinit', 'noinline', 'notrace', 'asmlinkage', '__sched', '__kprobes', 'fastcall', '__user', '__iomem'];

const RETURNS = ['int', 'void', 'unsigned long', 'struct task_struct *', 'const char *', 'u64', 'long long', 'struct page **', 'enum state'];
const PARAMS = ['void', 'int cpu', 'struct task_struct *p, int flags', 'const char __user *buf, size_t len', 'void __iomem *base, unsigned int reg', 'int (*fn)(void *), void *data'];

function header(rng: Rng, name: string): string {
  const storage = rng.pick(['', 'static ', 'static inline ', 'extern ', 'static noinline ']);
  const annotation = rng.pick(['', '', `${rng.pick(ANNOTATIONS.slice(0, 9))} `]);
  const ret = rng.pick(RETURNS);
  const attribute = ret.endsWith('*') && rng.chance(0.3) ? '__attribute__((weak)) ' : '';
  const params = rng.pick(PARAMS);
  const space = ret.endsWith('*') ? '' : ' ';
  const newline = rng.chance(0.5) ? '\n' : ' ';
  if (rng.chance(0.08)) return `${ret}${space}${name}(a, b)\n\tint a;\n\tchar *b;\n`;
  if (rng.chance(0.08)) return `${storage}${ret}${space}${name}(int irq, void *dev_id\n#ifdef CONFIG_OLD_IRQ\n\t, struct pt_regs *regs\n#endif\n\t)\n`;
  return `${storage}${annotation}${ret}${space}${attribute}${name}(${params})${newline}`;
}

function statement(rng: Rng, depth: number): string {
  const pad = '\t'.repeat(depth);
  switch (rng.int(depth > 2 ? 5 : 9)) {
    case 0:
      return `${pad}x += ${rng.int(100)};\n`;
    case 1:
      return `${pad}printk(KERN_INFO "brace { in a string %d\\n", x); /* and } in a comment */\n`;
    case 2:
      return `${pad}for_each_online_cpu(cpu) x += per_cpu(count, cpu).nr;\n`;
    case 3:
      return `${pad}if (x > ${rng.int(9)})\n${pad}\treturn ${rng.pick(['0', '-EINVAL', 'x'])};\n`;
    case 4:
      return `${pad}c = '{';\n`;
    case 5:
      return `${pad}list_for_each_entry(p, &head, list) {\n${body(rng, depth + 1)}${pad}}\n`;
    case 6:
      return `${pad}#ifdef CONFIG_SMP\n${pad}if (x && cpu) {\n#else\n${pad}if (x) {\n#endif\n${body(rng, depth + 1)}${pad}}\n`;
    case 7:
      return `${pad}do {\n${body(rng, depth + 1)}${pad}} while (0);\n`;
    default:
      return `${pad}switch (x) {\n${pad}case 1:\n${body(rng, depth + 1)}${pad}\tbreak;\n${pad}default:\n${pad}\tx = 0;\n${pad}}\n`;
  }
}

function body(rng: Rng, depth: number): string {
  let out = '';
  for (let k = rng.range(1, 4); k > 0; k--) out += statement(rng, depth);
  return out;
}

function between(rng: Rng, k: number): string {
  return rng.pick([
    '',
    `EXPORT_SYMBOL(fn_${k - 1});\n\n`,
    `struct ops_${k} {\n\tint (*open)(void);\n\tint count;\n};\n\n`,
    `static int proto_${k}(int a);\n\n`,
    `#define HELPER_${k}(x) do { (x)++; } while (0)\n\n`,
    `#ifndef CONFIG_FEATURE_${k}\n#define fn_${k}()\n#endif\n\n`,
    `static DEFINE_PER_CPU(int, counter_${k});\n\n`,
    `#define FLAG_${k}\t0x${k}\t/* set while this task\n\t\t\t\t   ran this quantum (SMP) */\n\n`,
  ]);
}

/** A file of `functions` definitions `fn_0` … named in order. */
export function kernelShapedFile(seed: number, functions: number): string {
  const rng = new Rng(seed);
  let out = '#include <linux/kernel.h>\n\n';
  for (let k = 0; k < functions; k++) {
    out += between(rng, k);
    out += `${header(rng, `fn_${k}`)}{\n\tint x = 0, cpu = 0;\n\tchar c;\n${body(rng, 1)}\treturn x;\n}\n\n`;
  }
  return out;
}
