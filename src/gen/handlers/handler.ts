/**
 * A handler backend: one file each, the C that dispatches an armed site to
 * one destination (docs/runtime.md#handlers). The generated fire function
 * holds the body of every handler a marker may reach, each under its Kconfig
 * symbol.
 */
import type { Handler } from '../../model/marker.js';
import type { GenSite } from '../site.js';

export interface HandlerBackend {
  readonly id: Handler;
  /** Its line in the docs and `kmark gen --help`. */
  readonly describe: string;
  /** The Kconfig symbol that compiles it in. */
  readonly config: string;
  /** Statements of the fire function, with `m` the site's `struct marker *` and the parameters by their names. */
  emit(site: GenSite): string[];
}
