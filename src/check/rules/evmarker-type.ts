import { assignmentProblem } from '../../ctypes/assign.js';
import { typeToString } from '../../ctypes/types.js';
import type { Rule } from '../rule.js';

/** Each PARAM is passed as its declared TYPE: what gcc would not convert silently is a finding. */
export const evmarkerType: Rule = {
  id: 'evmarker-type',
  meta: { description: "An evmarker PARAM's type is not compatible with its declared TYPE.", severity: 'error' },
  *run({ placed, types }) {
    if (!types) return;
    for (const { site, marker } of placed) {
      for (const pair of site.evmarker?.pairs ?? []) {
        const declared = types.typeOfTypeName(site.span.file, pair.type.text, pair.type.span);
        const param = types.typeOfExpressionAt(site.span.file, pair.param.span);
        if (!('type' in declared) || !('type' in param)) continue;
        const problem = assignmentProblem(declared.type, param.type);
        if (problem !== null) {
          yield {
            span: pair.param.span,
            markerId: marker.id,
            message: `'${pair.param.text}' has type '${typeToString(param.type)}' but is declared '${pair.type.text}': ${problem}`,
          };
        }
      }
    }
  },
};
