import type { Rule } from '../rule.js';

/** A marker's identity names its function (docs/scanning.md#identity), so a site outside one has none. */
export const markerOutsideFunction: Rule = {
  id: 'marker-outside-function',
  meta: { description: 'A marker must be inside a function definition.', severity: 'error' },
  *run({ sites }) {
    for (const site of sites) {
      if (site.function === null) {
        yield { span: site.span, message: `${site.form} '${site.name}' is outside any function definition: it has no identity` };
      }
    }
  },
};
