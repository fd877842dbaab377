/** The formatters by name; `--format` chooses one. */
import type { Formatter } from './formatter.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export const FORMATTERS = { text: formatText, json: formatJson, sarif: formatSarif } as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATTERS;
