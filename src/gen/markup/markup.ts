/**
 * A markup mode: how a dormant site is marked up (SPEC §7, the 2006 debate).
 * Each mode is one file defining, for the front header, the macros that the
 * per-TU code uses:
 *   __kmark_armed(m, key)     true when the site must fire (the hot-path test)
 *   __KMARK_FIRE_ATTRS        attributes of the function that fires handlers
 */
export interface MarkupMode {
  readonly id: 'symbol' | 'jump-call' | 'jump-inline' | 'static-key';
  /** The Kconfig symbol that selects it. */
  readonly config: string;
  readonly describe: string;
  /** The mode's macro definitions. */
  readonly definitions: readonly string[];
}
