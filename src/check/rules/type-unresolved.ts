import { consumedArguments } from '../../format/compat.js';
import { argumentType, pointerOfUnknownTarget, valueArgumentTypes } from '../argument-types.js';
import { siteFormat } from '../format-site.js';
import type { Rule } from '../rule.js';

/** What the type model cannot know is said, never guessed: a note, or an error with --strict. */
export const typeUnresolved: Rule = {
  id: 'type-unresolved',
  meta: { description: "A marker argument's or evmarker TYPE's C type cannot be resolved (an error with --strict).", severity: 'note' },
  *run({ placed, options, types }) {
    if (!types) return;
    const severity = options.strict ? 'error' : 'note';
    for (const { site, marker } of placed) {
      const format = site.format ? siteFormat(site, options.abi) : null;
      if (format) {
        const resolved = valueArgumentTypes(site, types);
        const consumed = consumedArguments(format.parsed.conversions);
        for (const [k, r] of resolved.entries()) {
          // A pointer whose target is unknown is judged by format-type where the target does not matter.
          const conversion = consumed[k]?.conversion;
          if (conversion && pointerOfUnknownTarget(r, conversion)) continue;
          if (argumentType(r) === null && 'unresolved' in r) {
            const arg = site.args[k + 2]!;
            yield { span: arg.span, markerId: marker.id, severity, message: `cannot resolve the type of '${arg.text}': ${r.unresolved}` };
          }
        }
      }
      for (const pair of site.evmarker?.pairs ?? []) {
        const declared = types.typeOfTypeName(site.span.file, pair.type.text, pair.type.span);
        if ('unresolved' in declared) yield { span: pair.type.span, markerId: marker.id, severity, message: `cannot resolve TYPE '${pair.type.text}': ${declared.unresolved}` };
        const param = types.typeOfExpressionAt(site.span.file, pair.param.span);
        if ('unresolved' in param) yield { span: pair.param.span, markerId: marker.id, severity, message: `cannot resolve the type of '${pair.param.text}': ${param.unresolved}` };
      }
    }
  },
};
