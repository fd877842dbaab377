/** The catalog: the markers of a source tree as data (schemas/catalog.schema.json); src/place/ computes them. */
import { createHash } from 'node:crypto';
import type { Marker, MarkerSite } from './marker.js';

export const CATALOG_SCHEMA = 'kmark:catalog';
export const CATALOG_VERSION = 1;

/** What ties a catalog to the binary it describes and to that binary's traces (docs/tracers.md). */
export interface ImageIdentity {
  /** The first 16 bytes of the SHA-256 of the markers' JSON, hex. */
  readonly digest: string;
  /** The linked binary's GNU build-id, hex: only a catalog read from the binary knows it. */
  readonly buildId?: string;
}

export interface Catalog {
  readonly $schema?: typeof CATALOG_SCHEMA;
  readonly version?: typeof CATALOG_VERSION;
  readonly image?: ImageIdentity;
  readonly markers: readonly Marker[];
}

/** Characters hashed at once: an update a marker added 10-20% to the digest's time. */
const DIGEST_PIECE = 1 << 16;

/**
 * The catalog document of these markers: its schema, version and digest,
 * then the markers. The digest is computed when first read: `kmark scan`'s
 * text and lint never show it, and hashing a large catalog's JSON was a
 * twentieth of such a run (docs/performance.md, "Fifth round").
 */
export function catalogOf(markers: readonly Marker[], buildId?: string): Catalog {
  let image: ImageIdentity | undefined;
  return {
    $schema: CATALOG_SCHEMA,
    version: CATALOG_VERSION,
    get image(): ImageIdentity {
      return (image ??= { digest: digestOf(markers), ...(buildId !== undefined ? { buildId } : {}) });
    },
    markers,
  };
}

/** The first 16 bytes of the SHA-256 of JSON.stringify(markers), fed a piece at a time: the whole text of a large catalog (~60 MB for 150,000 markers) is never held. */
function digestOf(markers: readonly Marker[]): string {
  const hash = createHash('sha256');
  let piece = '[';
  for (const [k, marker] of markers.entries()) {
    piece += k === 0 ? JSON.stringify(marker) : `,${JSON.stringify(marker)}`;
    if (piece.length >= DIGEST_PIECE) {
      hash.update(piece);
      piece = '';
    }
  }
  return hash.update(`${piece}]`).digest('hex').slice(0, 32);
}

/**
 * The catalog's text as `JSON.stringify(catalog, null, 2)` and a newline,
 * in pieces of about `size` characters, a marker at a time: the whole text
 * of a large catalog (~100 MB for 150,000 markers) is never held.
 */
export function* catalogJsonPieces(catalog: Catalog, size = 1 << 16): Generator<string> {
  const { markers, ...head } = catalog;
  const empty = `${JSON.stringify({ ...head, markers: [] }, null, 2)}\n`;
  if (markers.length === 0) {
    yield empty;
    return;
  }
  // `…"markers": []\n}\n` opened instead: each marker indented two levels, as the whole document's stringify indents it.
  let piece = `${empty.slice(0, -'[]\n}\n'.length)}[\n`;
  for (const [k, marker] of markers.entries()) {
    piece += `    ${JSON.stringify(marker, null, 2).replaceAll('\n', '\n    ')}${k < markers.length - 1 ? ',' : ''}\n`;
    if (piece.length >= size) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}  ]\n}\n`;
}

/** A site with its identity; `function` is non-null. */
export interface PlacedSite {
  readonly site: MarkerSite;
  readonly marker: Marker;
}

export function compareSites(a: { file: string; line: number; column: number }, b: typeof a): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

/** A catalog entry seen as its site, for the checks that run on catalogs alone (at link time). */
export function placedFromMarker(marker: Marker): PlacedSite {
  const span = { file: marker.file, line: marker.line, column: marker.column, endLine: marker.line, endColumn: marker.column + marker.form.length };
  return { marker, site: { form: marker.form, name: marker.name, span, nameSpan: span, function: marker.function, args: [] } };
}
