import type { Rule } from '../rule.js';

/** The build names a site's generated code by its name and line (docs/build.md): two of one name on one line would be one. */
export const markerSameLine: Rule = {
  id: 'marker-same-line',
  meta: { description: 'Two sites of one marker name on the same line cannot be told apart by the build.', severity: 'error' },
  *run({ placed }) {
    // Catalog order puts the sites of a line next to each other: each is compared with the earlier ones of its line.
    let lineStart = 0;
    for (let k = 0; k < placed.length; k++) {
      const { site, marker } = placed[k]!;
      const first = placed[lineStart]!.marker;
      if (first.file !== marker.file || first.line !== marker.line) lineStart = k;
      for (let j = lineStart; j < k; j++) {
        const other = placed[j]!.marker;
        if (other.name !== marker.name) continue;
        yield { span: site.nameSpan, markerId: marker.id, message: `'${marker.name}' is also at ${other.id} on this line: put the two sites on lines of their own` };
        break;
      }
    }
  },
};
