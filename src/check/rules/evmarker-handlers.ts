import { HANDLER_FLAGS } from '../../model/handlers.js';
import type { Rule } from '../rule.js';

const FLAGS = [...HANDLER_FLAGS.keys()];
const KNOWN = FLAGS.join(', ');

/** HANDLERS is the known flags joined by `|`: anything else would silently dispatch nowhere. */
export const evmarkerHandlers: Rule = {
  id: 'evmarker-handlers',
  meta: { description: `An evmarker's HANDLERS may only join ${FLAGS.slice(0, -1).join(', ')} and ${FLAGS.at(-1)} with |.`, severity: 'error' },
  *run({ placed }) {
    for (const { site, marker } of placed) {
      const handlers = site.evmarker?.handlers;
      if (!handlers) continue;
      const unknown = handlers.text
        .split('|')
        .map((f) => f.trim())
        .filter((f) => !HANDLER_FLAGS.has(f));
      if (unknown.length > 0) {
        yield { span: handlers.span, markerId: marker.id, message: `unknown handler flag${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `'${f}'`).join(', ')}: use ${KNOWN}` };
      }
    }
  },
};
