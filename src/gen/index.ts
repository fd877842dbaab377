/**
 * generate: the per-TU map step and the link-time reduce step (docs/build.md#other-executors-map-and-reduce), as
 * pure functions from analysed markers to file contents. Writing them is the
 * caller's (src/io/write.ts: only when changed, atomically).
 */
import type { Catalog, PlacedSite } from '../model/catalog.js';
import { compareSites } from '../model/catalog.js';
import type { Marker } from '../model/marker.js';
import { KmarkError } from '../io/errors.js';
import type { CatalogMarkup } from '../model/markups.js';
import { genSite, type GenOptions, type GenSite } from './site.js';
import { siteBlock, tuHeader } from './tu-header.js';

/** What one TU contributes to the link: its markers and those of the headers it includes. */
export interface Fragment {
  readonly tu: string;
  readonly markers: readonly Marker[];
}

export interface TuOutputs {
  readonly header: string;
  readonly fragment: string;
}

/** The catalog's `markup` of every marker of a build (schemas/catalog.schema.json); absent outside a build. */
export type { CatalogMarkup } from '../model/markups.js';

export type TuGenOptions = GenOptions & { readonly markup?: CatalogMarkup };

/**
 * Generates the outputs of the TUs of one build. A header's sites are in
 * every TU that includes it: each site's code is made once and reused.
 */
export function tuGenerator(options: TuGenOptions): (tu: string, placed: readonly PlacedSite[]) => TuOutputs {
  const sites = new Map<PlacedSite, GenSite>();
  const blocks = new Map<GenSite, readonly string[]>();
  const siteOf = (p: PlacedSite): GenSite => {
    let site = sites.get(p);
    if (site === undefined) sites.set(p, (site = genSite(p, options)));
    return site;
  };
  const blockOf = (site: GenSite): readonly string[] => {
    let block = blocks.get(site);
    if (block === undefined) blocks.set(site, (block = siteBlock(site)));
    return block;
  };
  return (tu, placed) => {
    // Two sites of one name on one line cannot be told apart: the marker-same-line rule stops the build first.
    const generated = placed.map(siteOf);
    return {
      // Named below the tree, not by where it was written, so that builds in any O= agree byte for byte.
      header: tuHeader({ tu, headerPath: tu.replace(/\.c$/, '') + '.kmark.h', sites: generated }, blockOf),
      fragment: `${JSON.stringify(fragmentOf(tu, placed, options.markup), null, 2)}\n`,
    };
  };
}

/** The TU's markers as the link reads them, each with the build's markup where it has one. */
export function fragmentOf(tu: string, placed: readonly PlacedSite[], markup: CatalogMarkup | undefined): Fragment {
  return { tu, markers: placed.map((p) => (markup === undefined ? p.marker : { ...p.marker, markup })) };
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
