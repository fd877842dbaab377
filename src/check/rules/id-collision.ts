import { ONE_IMAGE } from '../alternatives.js';
import { repeatedKeys } from '../repeated-keys.js';
import type { Rule } from '../rule.js';

/**
 * Two sites whose 64-bit event ids are equal cannot be told apart in a trace
 * (docs/scanning.md#identity), when they can be in one trace: built together (docs/rules.md,
 * "Alternative builds").
 */
export const idCollision: Rule = {
  id: 'id-collision',
  meta: { description: 'Two marker sites have the same 64-bit event id.', severity: 'error' },
  *run({ placed, alternatives = ONE_IMAGE }) {
    // Only an event id met more than once can collide.
    const repeated = repeatedKeys(placed, ({ marker }) => marker.eventId);
    const seen = new Map<string, Array<{ id: string; file: string }>>();
    // The site is read only for a finding: a placed site may make it when asked (src/analyze.ts).
    for (const placedSite of placed) {
      const { marker } = placedSite;
      if (!repeated.has(marker.eventId)) continue;
      let others = seen.get(marker.eventId);
      if (!others) seen.set(marker.eventId, (others = []));
      const other = others.find((o) => o.id !== marker.id && alternatives.builtTogether(o.file, marker.file));
      if (other) yield { span: placedSite.site.span, markerId: marker.id, message: `event id ${marker.eventId} of '${marker.id}' collides with '${other.id}'` };
      else if (!others.some((o) => o.id === marker.id)) others.push({ id: marker.id, file: marker.file });
    }
  },
};
