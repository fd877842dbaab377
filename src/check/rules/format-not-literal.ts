import { resolvedFormat, resolvePriMacro } from '../../format/pri.js';
import type { Rule } from '../rule.js';

/** A format must be string literals, MARK_NOARGS, or literals spliced with known PRI* macros. */
export const formatNotLiteral: Rule = {
  id: 'format-not-literal',
  meta: { description: 'The format is not a string literal (or a PRI* macro kmark does not know is spliced in).', severity: 'error' },
  *run({ placed, options }) {
    for (const { site, marker } of placed) {
      const format = site.format;
      if (!format || resolvedFormat(format, options.abi) !== null) continue;
      const unknown = format.macros.filter((m) => resolvePriMacro(m, options.abi) === undefined);
      yield {
        span: format.span,
        markerId: marker.id,
        message:
          unknown.length > 0 && format.pieces.length > 0
            ? `format uses macro${unknown.length > 1 ? 's' : ''} ${unknown.map((m) => `'${m}'`).join(', ')} that kmark cannot resolve: use a string literal or a standard PRI* macro`
            : 'format is not a string literal',
      };
    }
  },
};
