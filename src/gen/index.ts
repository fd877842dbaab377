/**
 * generate: the per-TU map step and the link-time reduce step (SPEC §6), as
 * pure functions from analysed markers to file contents. Writing them is the
 * caller's (src/io/write.ts: only when changed, atomically).
 */
import type { Catalog, PlacedSite } from '../model/catalog.js';
import { compareSites } from '../model/catalog.js';
import type { Marker } from '../model/marker.js';
import { KmarkError } from '../io/errors.js';
import { depfile } from '../io/depfile.js';
import type { MarkupId } from './markup/index.js';
import { genSite, type GenOptions } from './site.js';
import { tuHeader } from './tu-header.js';

/** What one TU contributes to the link: its markers and those of the headers it includes. */
export interface Fragment {
  readonly tu: string;
  readonly markers: readonly Marker[];
}

export interface TuOutputs {
  readonly header: string;
  readonly fragment: string;
  readonly depfile: string;
}

export interface TuPaths {
  /** The TU relative to the root. */
  readonly tu: string;
  readonly header: string;
  readonly fragment: string;
  /** What the depfile makes depend on the inputs: the outputs, or a stamp. */
  readonly depfileTargets: readonly string[];
  /** Every file the result was made from, the TU first. */
  readonly inputs: readonly string[];
}

/** The catalog's `markup` of every marker of a build (schemas/catalog.schema.json); absent outside a build. */
export type CatalogMarkup = MarkupId | 'none';

export function generateTu(placed: readonly PlacedSite[], paths: TuPaths, options: GenOptions & { readonly markup?: CatalogMarkup }): TuOutputs {
  const sites = placed.map((p) => genSite(p, options));
  const { markup } = options;
  const fragment: Fragment = { tu: paths.tu, markers: placed.map((p) => (markup === undefined ? p.marker : { ...p.marker, markup })) };
  return {
    // Named below the tree, not by where it was written, so that builds in any O= agree byte for byte.
    header: tuHeader({ tu: paths.tu, headerPath: paths.tu.replace(/\.c$/, '') + '.kmark.h', sites }),
    fragment: `${JSON.stringify(fragment, null, 2)}\n`,
    depfile: depfile(paths.depfileTargets, paths.inputs),
  };
}

/**
 * Merges fragments into the catalog: a header's markers come from every TU
 * that includes it, and must be the same each time.
 */
export function mergeFragments(fragments: ReadonlyArray<{ source: string; fragment: Fragment }>): Catalog {
  const byId = new Map<string, { marker: Marker; source: string; json: string }>();
  for (const { source, fragment } of fragments) {
    for (const marker of fragment.markers) {
      const json = JSON.stringify(marker);
      const seen = byId.get(marker.id);
      if (seen === undefined) byId.set(marker.id, { marker, source, json });
      else if (seen.json !== json) {
        throw new KmarkError(`${source}: marker ${marker.id} differs from the one in ${seen.source}: were they generated with different configurations?`);
      }
    }
  }
  return { markers: [...byId.values()].map((e) => e.marker).sort(compareSites) };
}
