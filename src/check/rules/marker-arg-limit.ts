import { MAX_SDT_ARGS } from '../../model/markups.js';
import { FIRST_VALUE_ARGUMENT } from '../argument-types.js';
import type { Rule } from '../rule.js';

/** Every value of a site is an operand of its SDT probe (docs/modes.md), and <sys/sdt.h> takes at most 12. */
export const markerArgLimit: Rule = {
  id: 'marker-arg-limit',
  meta: { description: `A marker passes more than ${MAX_SDT_ARGS} values, the most an SDT probe takes.`, severity: 'error' },
  *run({ placed }) {
    for (const { site, marker } of placed) {
      const values = site.evmarker ? site.evmarker.pairs.map((pair) => pair.param) : site.args.slice(FIRST_VALUE_ARGUMENT);
      if (values.length > MAX_SDT_ARGS) {
        yield { span: values[MAX_SDT_ARGS]!.span, markerId: marker.id, message: `'${marker.name}' passes ${values.length} values: a site's SDT probe takes at most ${MAX_SDT_ARGS}` };
      }
    }
  },
};
