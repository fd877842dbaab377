import { MAX_SDT_ARGS } from '../../model/markups.js';
import { SDT_OPERANDS, SDT_TEMPLATE, type MarkupMode } from './markup.js';
import { SDT_NOP5 } from './static-key.js';

/**
 * No test at all: the site is its SDT probe's nop, the 5-byte one so that a
 * `jmp rel32` can take its place, at a global symbol `__mark_<key>__<tu>_<n>`
 * (the TU's path and gcc's number of the asm statement make it unique in the
 * program: one TU may hold several copies of a header's inline site). The
 * per-TU header gives each site's handlers and descriptor global names too,
 * `__kmark_handler_<key>__<tu>` and `__kmark_marker_<key>__<tu>`: with the
 * SDT note, what kernel/djprobe.c (standing in for an outside tracer) needs
 * to arm the site with a jump to a trampoline of its own.
 *
 * The fallback is a trap: each site adds to `__kmark_probe_table`
 * `{ nop, marker, trampoline, argument specs, argument ends }`: arming writes
 * a hlt over the nop's first byte (it faults in user mode) and the runtime's
 * handler reads the arguments as the SDT note locates them, as an external
 * uprobe would, then calls the trampoline. The specs are the note's own (`SIZE@OPERAND`, the size as
 * sys/sdt.h encodes it); for a memory operand relative to %rip, whose symbol
 * the runtime cannot look up, the argument's end points past a `mov` of the
 * operand assembled next to it, whose last 4 bytes are the displacement.
 */
export const symbol: MarkupMode = {
  id: 'symbol',
  config: 'CONFIG_MARK_SYMBOL',
  describe: 'a global symbol at a 5-byte nop and no test: probes attach from outside (the runtime arms a site with a jump to a trampoline, or a trapping hlt)',
  definitions: [
    '#ifndef __x86_64__',
    '#error "the symbol markup is x86-64 code (kernel/static_key.c patches it): configure CONFIG_MARK_JUMP_CALL"',
    '#endif',
    ...SDT_NOP5,
    '#define __KMARK_TRAMPOLINES 1',
    '#define __kmark_armed(m, key, name, n, ...) ({ \\',
    `\t__asm__ __volatile__(${SDT_TEMPLATE} \\`,
    '\t\t"\\t.globl __mark_" #key "__" __KMARK_TU_ID "_%=\\n" \\',
    '\t\t"__mark_" #key "__" __KMARK_TU_ID "_%= = 990b\\n" \\',
    '\t\t"\\t.pushsection __kmark_probe_table, \\"aw\\"\\n" \\',
    '\t\t"\\t.balign 8\\n" \\',
    '\t\t"\\t.quad 990b, %c[__kmark_m], %c[__kmark_t], .Lkmark_args_%=, .Lkmark_ends_%=\\n" \\',
    '\t\t"\\t.popsection\\n" \\',
    '\t\t"\\t.pushsection __kmark_probe_ends, \\"aw\\"\\n\\t.balign 8\\n.Lkmark_ends_%=:\\n" __KMARK_SYM_ENDS_##n \\',
    '\t\t"\\t.popsection\\n" \\',
    '\t\t"\\t.pushsection __kmark_probe_args, \\"a\\"\\n" \\',
    '\t\t".Lkmark_args_%=:\\n\\t.asciz \\"" __KMARK_SYM_SPECS_##n "\\"\\n" __KMARK_SYM_LOADS_##n \\',
    '\t\t"\\t.popsection\\n" \\',
    `\t\t: : [__kmark_m] "i"(m), [__kmark_t] "i"(__kmark_tramp_##key), ${SDT_OPERANDS}); \\`,
    '\t0; })',
    '#define __KMARK_FIRE_ATTRS __attribute__((__noinline__, __cold__))',
    ...symbolArgMacros(),
  ],
};

/** sys/sdt.h encodes an argument's size as |S| >> 8 of its constant S (negative when unsigned): %n prints -S. */
function sizeIs(k: number, size: number): string {
  return `(((%c[_SDT_S${k}]) >> 8) == ${size}) || (((%n[_SDT_S${k}]) >> 8) == ${size})`;
}

function symbolArgMacros(): string[] {
  const lines: string[] = [];
  for (let n = 0; n <= MAX_SDT_ARGS; n++) {
    const ks = Array.from({ length: n }, (_, i) => i + 1);
    const specs = ks.map((k) => `%c[_SDT_S${k}]@%[_SDT_A${k}]`).join(' ');
    const ends = n > 0 ? `"\\t.quad ${ks.map((k) => `.Lkmark_e${k}_%=`).join(', ')}\\n"` : '""';
    lines.push(`#define __KMARK_SYM_SPECS_${n} "${specs}"`, `#define __KMARK_SYM_ENDS_${n} ${ends}`);
    const loads = ks.map((k) =>
      [
        `"\\t.if ${sizeIs(k, 1)}\\n\\tmovb %[_SDT_A${k}], %%al\\n"`,
        `"\\t.elseif ${sizeIs(k, 2)}\\n\\tmovw %[_SDT_A${k}], %%ax\\n"`,
        `"\\t.elseif ${sizeIs(k, 4)}\\n\\tmovl %[_SDT_A${k}], %%eax\\n"`,
        `"\\t.else\\n\\tmovq %[_SDT_A${k}], %%rax\\n\\t.endif\\n.Lkmark_e${k}_%=:\\n"`,
      ].join(' '),
    );
    lines.push(`#define __KMARK_SYM_LOADS_${n} ${loads.length > 0 ? loads.join(' ') : '""'}`);
  }
  return lines;
}
