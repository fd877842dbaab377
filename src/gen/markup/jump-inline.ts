import { SDT_OPERANDS, SDT_TEMPLATE, type MarkupMode } from './markup.js';

/** The same test, jumping over the handlers' code inlined at the site: no call when armed, more bytes per site. */
export const jumpInline: MarkupMode = {
  id: 'jump-inline',
  config: 'CONFIG_MARK_JUMP_INLINE',
  describe: 'a test of the marker state and a jump over the handler inlined at the site',
  definitions: [
    '#define __kmark_armed(m, key, name, n, ...) ({ \\',
    `\t__asm__ __volatile__(${SDT_TEMPLATE} : : ${SDT_OPERANDS}); \\`,
    '\t__builtin_expect(__atomic_load_n(&(m)->armed, __ATOMIC_RELAXED) != 0, 0); })',
    '#define __KMARK_FIRE_ATTRS __attribute__((__always_inline__)) inline',
  ],
};
