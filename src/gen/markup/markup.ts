/**
 * A markup mode: how a dormant site is marked up (docs/modes.md, the 2006 debate).
 * Each mode is one file defining, for the front header, the macros that the
 * per-TU code uses:
 *
 *   __kmark_armed(m, key, name, n, args...)
 *       an expression, true when the site must fire its handlers. It also
 *       places the site's SystemTap SDT probe `kmark:name` with its n
 *       arguments (the front header's __KMARK_SDT and __KMARK_SDT_ARGS), so
 *       that every site is visible to gdb, SystemTap, perf and bpftrace
 *       whatever the mode. `key` is the site's token NAME_LINE, unique in the
 *       TU; `m` its `struct marker *`, a link-time constant.
 *   __KMARK_FIRE_ATTRS
 *       attributes of the function that fires the handlers.
 *   __KMARK_TRAMPOLINES (defined or not)
 *       whether the per-TU header must define, for every site,
 *       `__kmark_tramp_<key>(const unsigned long long *args)`, which calls the
 *       fire function with arguments read elsewhere (the symbol mode's
 *       jump or trap), and name it and the descriptor by global symbols.
 */
import type { MarkupId } from '../../model/markups.js';

export type { MarkupId } from '../../model/markups.js';

export interface MarkupMode {
  readonly id: MarkupId;
  /** The Kconfig symbol that selects it. */
  readonly config: string;
  /** Its line in the docs and `kmark gen --help`. */
  readonly describe: string;
  /** The mode's macro definitions. */
  readonly definitions: readonly string[];
}

/**
 * The SDT probe of a site in an `asm` statement: sys/sdt.h's own note (its
 * nop, labelled 990, is the probe's address) and the base it needs.
 */
export const SDT_TEMPLATE = '__KMARK_SDT(name, n)';
export const SDT_OPERANDS = '__KMARK_SDT_ARGS(n, ##__VA_ARGS__)';
