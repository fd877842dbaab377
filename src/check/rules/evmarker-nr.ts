import type { Rule } from '../rule.js';

/** NR is the number of TYPE, PARAM pairs that follow it. */
export const evmarkerNr: Rule = {
  id: 'evmarker-nr',
  meta: { description: "An evmarker's NR must equal the number of TYPE, PARAM pairs.", severity: 'error' },
  *run({ placed }) {
    for (const { site, marker } of placed) {
      const parts = site.evmarker;
      if (!parts) continue;
      const nr = /^(0|[1-9][0-9]*)[uUlL]*$/.test(parts.nr.text) ? Number.parseInt(parts.nr.text, 10) : NaN;
      if (Number.isNaN(nr)) {
        yield { span: parts.nr.span, markerId: marker.id, message: `NR must be an integer literal, not '${parts.nr.text}'` };
      } else if (parts.unpaired.length > 0) {
        const lone = parts.unpaired[0]!;
        const what = lone.text === '' ? 'an empty argument' : `'${lone.text}'`;
        yield { span: lone.span, markerId: marker.id, message: `${what} has no PARAM: evmarker takes TYPE, PARAM pairs` };
      } else if (nr !== parts.pairs.length) {
        yield { span: parts.nr.span, markerId: marker.id, message: `NR is ${nr} but ${parts.pairs.length} TYPE, PARAM pair${parts.pairs.length === 1 ? '' : 's'} follow` };
      }
    }
  },
};
