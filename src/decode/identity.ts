/**
 * Whether a trace was written by the binary a catalog describes
 * (docs/tracers.md, "The trace knows its catalog"): the catalog digest the
 * binary was linked with, and its GNU build-id when both sides know one.
 */
import type { Catalog } from '../model/catalog.js';
import type { TraceHeader } from './trace-file.js';

/** Why they differ, in a few words; null when they agree or one side cannot tell. */
export function identityMismatch(header: TraceHeader, catalog: Catalog): string | null {
  const image = catalog.image;
  if (image === undefined) return null;
  if (header.catalogDigest !== null && header.catalogDigest !== image.digest) return `catalog digest ${header.catalogDigest} in the trace, ${image.digest} in the catalog`;
  if (header.buildId !== null && image.buildId !== undefined && header.buildId !== image.buildId) return `build-id ${header.buildId} in the trace, ${image.buildId} in the catalog`;
  return null;
}
