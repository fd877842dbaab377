import { checkConversionArgument, consumedArguments, suggestConversion } from '../../format/compat.js';
import { argumentType, FIRST_VALUE_ARGUMENT, pointerOfUnknownTarget, valueArgumentTypes } from '../argument-types.js';
import { siteFormat, spanInFormat } from '../format-site.js';
import type { Rule } from '../rule.js';

/** gcc -Wformat's verdict on each argument's type, with the conversion that would match as the fix. */
export const formatType: Rule = {
  id: 'format-type',
  meta: { description: "An argument's C type does not match its conversion, as gcc -Wformat judges.", severity: 'error' },
  *run({ placed, options, types }) {
    if (!types) return;
    const compat = { abi: options.abi, signedness: options.signedness };
    for (const { site, marker } of placed) {
      const format = siteFormat(site, options.abi);
      if (!format || format.parsed.problems.length > 0) continue;
      const resolved = valueArgumentTypes(site, types);
      const consumed = consumedArguments(format.parsed.conversions);
      for (let k = 0; k < Math.min(consumed.length, resolved.length); k++) {
        const { conversion, role } = consumed[k]!;
        const type = argumentType(resolved[k]!) ?? pointerOfUnknownTarget(resolved[k]!, conversion);
        if (type === null) continue;
        let verdict = checkConversionArgument(conversion, role, type, compat, k + FIRST_VALUE_ARGUMENT);
        // --signedness reports at least what the default does (docs/format-rules.md §6): gcc 12's option drops some length mismatches.
        if (verdict.ok && compat.signedness) verdict = checkConversionArgument(conversion, role, type, { ...compat, signedness: false }, k + FIRST_VALUE_ARGUMENT);
        if (verdict.ok) continue;
        const suggestion = role === 'value' ? suggestConversion(conversion, type, compat) : null;
        const span = spanInFormat(site, conversion.start, conversion.end);
        const argument = site.args[k + FIRST_VALUE_ARGUMENT]!;
        yield {
          span,
          markerId: marker.id,
          message: verdict.message,
          labels: [
            { span, text: verdict.expected },
            { span: argument.span, text: verdict.actual },
          ],
          ...(suggestion !== null ? { fix: { message: `use '${suggestion}' for '${argument.text}'`, span, text: suggestion } } : {}),
        };
      }
    }
  },
};
