import { SDT_OPERANDS, SDT_TEMPLATE, type MarkupMode } from './markup.js';

/** A load, a test and a jump over an out-of-line call: the handlers stay off the hot path's i-cache. */
export const jumpCall: MarkupMode = {
  id: 'jump-call',
  config: 'CONFIG_MARK_JUMP_CALL',
  describe: 'a test of the marker state and a jump over an out-of-line call',
  definitions: [
    '#define __kmark_armed(m, key, name, n, ...) ({ \\',
    `\t__asm__ __volatile__(${SDT_TEMPLATE} : : ${SDT_OPERANDS}); \\`,
    '\t__builtin_expect(__atomic_load_n(&(m)->armed, __ATOMIC_RELAXED) != 0, 0); })',
    '#define __KMARK_FIRE_ATTRS __attribute__((__noinline__, __cold__))',
  ],
};
