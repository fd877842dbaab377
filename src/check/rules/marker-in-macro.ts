import type { Rule } from '../rule.js';

/** An expansion of the macro would be a site with no place of its own to be named by (docs/scanning.md), and the build has no site for it. */
export const markerInMacro: Rule = {
  id: 'marker-in-macro',
  meta: { description: 'A marker inside a #define body: its expansions have no site of their own, and the build rejects them.', severity: 'error' },
  *run({ inMacros = [] }) {
    for (const use of inMacros) {
      yield { span: use.span, message: `${use.form} inside the body of macro '${use.macro}': its expansions would have no identity of their own; call ${use.form} where the macro is used` };
    }
  },
};
