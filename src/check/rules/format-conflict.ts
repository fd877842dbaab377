import type { Rule } from '../rule.js';

/** The conversions without flags, width or precision: what decides the types of the fields. */
const signature = (fields: readonly { conversion?: string }[]): string => fields.map((f) => (f.conversion ?? '?').replace(/^%[-+ #0'I]*(\d+|\*)?(\.(\d+|\*)?)?/, '%')).join(',');

/** One name, one event layout: a tracer decodes records by name (docs/scanning.md#identity). */
export const formatConflict: Rule = {
  id: 'format-conflict',
  meta: { description: 'The same marker name is used with different field types at different sites.', severity: 'error' },
  *run({ placed }) {
    const first = new Map<string, { id: string; signature: string; format: string | null }>();
    for (const { site, marker } of placed) {
      const mine = signature(marker.fields);
      const seen = first.get(marker.name);
      if (!seen) first.set(marker.name, { id: marker.id, signature: mine, format: marker.format });
      else if (seen.signature !== mine) {
        yield {
          span: site.format?.span ?? site.span,
          markerId: marker.id,
          message: `marker '${marker.name}' is used at ${seen.id} with format "${seen.format ?? '?'}" but here with "${marker.format ?? '?'}"`,
        };
      }
    }
  },
};
