/**
 * The markup modes, one per mode of model/markups.ts; adding one is adding
 * its line there, its file and its line here. The first is the default, used
 * when the configuration names none: static-key, the single mode that
 * docs/modes.md recommends from the measurements.
 */
import { MARKUPS, type MarkupId } from '../../model/markups.js';
import { jumpCall } from './jump-call.js';
import { jumpInline } from './jump-inline.js';
import type { MarkupMode } from './markup.js';
import { staticKey } from './static-key.js';
import { symbol } from './symbol.js';

export type { MarkupId, MarkupMode } from './markup.js';
export { MAX_SDT_ARGS } from '../../model/markups.js';

const MODES: Readonly<Record<MarkupId, MarkupMode>> = { 'static-key': staticKey, symbol, 'jump-call': jumpCall, 'jump-inline': jumpInline };

export const DEFAULT_MARKUP: MarkupMode = MODES['static-key'];

export const MARKUP_MODES: readonly [MarkupMode, ...MarkupMode[]] = [DEFAULT_MARKUP, ...MARKUPS.filter((id) => id !== DEFAULT_MARKUP.id).map((id) => MODES[id])];

export function markupMode(id: string): MarkupMode | undefined {
  return MARKUP_MODES.find((m) => m.id === id);
}

export const MARKUP_IDS: readonly MarkupId[] = MARKUP_MODES.map((m) => m.id);
