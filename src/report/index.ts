/** The formatters by name; `--format` chooses one. */
import type { Formatter } from './formatter.js';
import { formatJson } from './json.js';
import { formatText } from './text.js';

export const FORMATTERS = { text: formatText, json: formatJson } as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATTERS;
