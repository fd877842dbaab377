import type { Rule } from '../rule.js';

/** The build names a site's generated code by its name and line (docs/build.md): two of one name on one line would be one. */
export const markerSameLine: Rule = {
  id: 'marker-same-line',
  meta: { description: 'Two sites of one marker name on the same line cannot be told apart by the build.', severity: 'error' },
  *run({ placed }) {
    const first = new Map<string, string>();
    for (const { site, marker } of placed) {
      const key = `${marker.file}:${marker.line}:${marker.name}`;
      const other = first.get(key);
      if (other === undefined) first.set(key, marker.id);
      else yield { span: site.nameSpan, markerId: marker.id, message: `'${marker.name}' is also at ${other} on this line: put the two sites on lines of their own` };
    }
  },
};
