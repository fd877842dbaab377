/**
 * The markup modes; adding one is adding its file and its line here. The
 * first is the default, used when the configuration names none: static-key,
 * the single mode that docs/modes.md recommends from the measurements.
 */
import { jumpCall } from './jump-call.js';
import { jumpInline } from './jump-inline.js';
import type { MarkupId, MarkupMode } from './markup.js';
import { staticKey } from './static-key.js';
import { symbol } from './symbol.js';

export type { MarkupId, MarkupMode } from './markup.js';
export { MAX_SDT_ARGS } from './markup.js';

export const MARKUP_MODES: readonly [MarkupMode, ...MarkupMode[]] = [staticKey, symbol, jumpCall, jumpInline];

export const DEFAULT_MARKUP: MarkupMode = MARKUP_MODES[0];

export function markupMode(id: string): MarkupMode | undefined {
  return MARKUP_MODES.find((m) => m.id === id);
}

export const MARKUP_IDS: readonly MarkupId[] = MARKUP_MODES.map((m) => m.id);
