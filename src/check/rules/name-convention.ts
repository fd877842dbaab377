import type { Rule } from '../rule.js';

const SUBSYSTEM_EVENT = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

/** The 2007 documentation's convention: `subsystem_event`, lower case. */
export const nameConvention: Rule = {
  id: 'name-convention',
  meta: { description: 'Marker names follow subsystem_event: lower case, at least one underscore.', severity: 'warning' },
  *run({ placed }) {
    for (const { site, marker } of placed) {
      if (!SUBSYSTEM_EVENT.test(site.name)) {
        yield { span: site.nameSpan, markerId: marker.id, message: `marker name '${site.name}' does not follow subsystem_event (lower case, one underscore at least)` };
      }
    }
  },
};
