import { SDT_OPERANDS, SDT_TEMPLATE, type MarkupMode } from './markup.js';

/** The 5-byte nop of x86-64, `nopl 0x0(%rax,%rax,1)`: what a dormant site is, and what disarming puts back. */
export const NOP5 = [0x0f, 0x1f, 0x44, 0x00, 0x00] as const;

/**
 * sys/sdt.h's nop made the 5-byte one, for the modes whose site it is. The
 * bytes are spelt out, with `;` between them: sys/sdt.h's template cannot
 * take commas.
 */
export const SDT_NOP5 = ['#undef _SDT_NOP', `#define _SDT_NOP ${NOP5.map((b) => `.byte 0x${b.toString(16).padStart(2, '0')}`).join('; ')}`] as const;

/**
 * asm goto: a 5-byte nop that the runtime (kernel/static_key.c) patches into
 * a jump to the handlers when the marker is armed, and back. Each site adds
 * `{ nop, handlers, marker }` to the jump table `__kmark_jump_table`. The
 * SDT probe's nop is that same instruction, so an external probe and the
 * runtime see one 5-byte site.
 */
export const staticKey: MarkupMode = {
  id: 'static-key',
  config: 'CONFIG_MARK_STATIC_KEY',
  describe: 'asm goto: a 5-byte nop patched into a jump over to the handlers when armed (one instruction, also the SDT probe)',
  definitions: [
    '#ifndef __x86_64__',
    '#error "the static-key markup is x86-64 code (kernel/static_key.c patches it): configure CONFIG_MARK_JUMP_CALL"',
    '#endif',
    ...SDT_NOP5,
    '#define __kmark_armed(m, key, name, n, ...) ({ \\',
    '\t__label__ __kmark_on; \\',
    '\t_Bool __kmark_r = 0; \\',
    `\t__asm__ goto(${SDT_TEMPLATE} \\`,
    '\t\t"\\t.pushsection __kmark_jump_table, \\"aw\\"\\n" \\',
    '\t\t"\\t.balign 8\\n" \\',
    '\t\t"\\t.quad 990b, %l[__kmark_on], %c[__kmark_m]\\n" \\',
    '\t\t"\\t.popsection\\n" \\',
    `\t\t: : [__kmark_m] "i"(m), ${SDT_OPERANDS} : : __kmark_on); \\`,
    '\tif (0) { \\',
    '__kmark_on: \\',
    '\t\t__kmark_r = 1; \\',
    '\t} \\',
    '\t__builtin_expect(__kmark_r, 0); })',
    '#define __KMARK_FIRE_ATTRS __attribute__((__noinline__, __cold__))',
  ],
};
