import type { Rule } from '../rule.js';

/** Two sites whose 64-bit event ids are equal cannot be told apart in a trace (docs/scanning.md#identity). */
export const idCollision: Rule = {
  id: 'id-collision',
  meta: { description: 'Two marker sites have the same 64-bit event id.', severity: 'error' },
  *run({ placed }) {
    const first = new Map<string, string>();
    for (const { site, marker } of placed) {
      const other = first.get(marker.eventId);
      if (other === undefined) first.set(marker.eventId, marker.id);
      else if (other !== marker.id) {
        yield { span: site.span, markerId: marker.id, message: `event id ${marker.eventId} of '${marker.id}' collides with '${other}'` };
      }
    }
  },
};
