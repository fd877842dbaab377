import { ONE_IMAGE } from '../alternatives.js';
import { repeatedKeys } from '../repeated-keys.js';
import type { Rule } from '../rule.js';

/** The conversions without flags, width or precision: what decides the types of the fields. */
const signature = (fields: readonly { conversion?: string }[]): string => fields.map((f) => (f.conversion ?? '?').replace(/^%[-+ #0'I]*(\d+|\*)?(\.(\d+|\*)?)?/, '%')).join(',');

interface Seen {
  readonly id: string;
  readonly file: string;
  readonly signature: string;
  /** The file's build choice (alternatives.choiceOf). */
  readonly choice: string;
  readonly format: string | null;
}

/**
 * One name, one event layout: a tracer decodes records by name (docs/scanning.md#identity).
 * Only sites that can be built together must agree (docs/rules.md,
 * "Alternative builds"): x86's and arm's versions of a marker never meet.
 */
export const formatConflict: Rule = {
  id: 'format-conflict',
  meta: { description: 'The same marker name is used with different field types at different sites.', severity: 'error' },
  *run({ placed, alternatives = ONE_IMAGE }) {
    // Only a name used more than once can clash.
    const repeated = repeatedKeys(placed, ({ marker }) => marker.name);
    // Per name, the first site of each layout and build choice: few, however many sites share the name.
    const seenByName = new Map<string, Seen[]>();
    // The site is read only for a finding: a placed site may make it when asked (src/analyze.ts).
    for (const placedSite of placed) {
      const { marker } = placedSite;
      if (!repeated.has(marker.name)) continue;
      const mine = signature(marker.fields);
      const choice = alternatives.choiceOf(marker.file);
      const seen = seenByName.get(marker.name);
      const clash = seen?.find((s) => s.signature !== mine && alternatives.builtTogether(s.file, marker.file));
      if (clash) {
        const { site } = placedSite;
        yield {
          span: site.format?.span ?? site.span,
          markerId: marker.id,
          message: `marker '${marker.name}' is used at ${clash.id} with format "${clash.format ?? '?'}" but here with "${marker.format ?? '?'}"`,
        };
      }
      const first: Seen = { id: marker.id, file: marker.file, signature: mine, choice, format: marker.format };
      if (!seen) seenByName.set(marker.name, [first]);
      else if (!seen.some((s) => s.signature === mine && s.choice === choice)) seen.push(first);
    }
  },
};
