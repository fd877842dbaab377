/** The markup modes; adding one is adding its file and its line here. The first is the default. */
import { jumpCall } from './jump-call.js';
import { jumpInline } from './jump-inline.js';
import type { MarkupMode } from './markup.js';

export const MARKUP_MODES: readonly MarkupMode[] = [jumpCall, jumpInline];
