import { consumedArguments, expectedArgument } from '../../format/compat.js';
import { FIRST_VALUE_ARGUMENT } from '../argument-types.js';
import { siteFormat, spanInFormat } from '../format-site.js';
import type { Rule } from '../rule.js';

/** gcc's "expects a matching argument" and "too many arguments for format" (-Wformat, -Wformat-extra-args). */
export const formatArgCount: Rule = {
  id: 'format-arg-count',
  meta: { description: 'A trace_mark passes fewer or more arguments than its format consumes.', severity: 'error' },
  *run({ placed, options }) {
    for (const { site, marker } of placed) {
      const format = siteFormat(site, options.abi);
      if (!format || format.parsed.problems.length > 0) continue;
      const consumed = consumedArguments(format.parsed.conversions);
      const given = site.args.slice(FIRST_VALUE_ARGUMENT);
      if (given.length > consumed.length) {
        yield { span: given[consumed.length]!.span, markerId: marker.id, message: 'too many arguments for format' };
      } else if (given.length < consumed.length) {
        const missing = consumed[given.length]!;
        const what = missing.role === 'value' ? `format '${missing.conversion.text}'` : `field ${missing.role} specifier '${missing.role === 'width' ? '*' : '.*'}'`;
        yield {
          span: spanInFormat(site, missing.conversion.start, missing.conversion.end),
          markerId: marker.id,
          message: `${what} expects a matching '${expectedArgument(missing.conversion, missing.role, options.abi)}' argument`,
        };
      }
    }
  },
};
