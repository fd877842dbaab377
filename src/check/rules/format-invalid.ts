import { siteFormat, spanInFormat } from '../format-site.js';
import type { Rule } from '../rule.js';

/** What gcc's -Wformat rejects in the format itself, and `%n`, which a marker must never write through. */
export const formatInvalid: Rule = {
  id: 'format-invalid',
  meta: { description: 'The format has an invalid conversion, or %n.', severity: 'error' },
  *run({ placed, options }) {
    for (const { site, marker } of placed) {
      const format = siteFormat(site, options.abi);
      if (!format) continue;
      for (const problem of format.parsed.problems) {
        yield { span: spanInFormat(site, problem.start, problem.end), markerId: marker.id, message: problem.message };
      }
      for (const c of format.parsed.conversions) {
        if (c.specifier === 'n') {
          yield { span: spanInFormat(site, c.start, c.end), markerId: marker.id, message: "'%n' writes through its argument: never allowed in a marker format" };
        }
      }
    }
  },
};
