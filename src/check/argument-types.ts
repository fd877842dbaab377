/** The resolved C types of a site's arguments, asked of the type model once per site. */
import type { IntegerType, ResolvedType, TypeModel } from '../ctypes/index.js';
import type { CType } from '../ctypes/types.js';
import type { ArgumentType, BitField } from '../format/compat.js';
import type { Conversion } from '../format/parse.js';
import type { MarkerSite } from '../model/marker.js';

/** The first argument after the format: trace_mark(name, format, args…). */
export const FIRST_VALUE_ARGUMENT = 2;

const cache = new WeakMap<MarkerSite, readonly ResolvedType[]>();

/** The types of a trace_mark's value arguments, in order. */
export function valueArgumentTypes(site: MarkerSite, types: TypeModel): readonly ResolvedType[] {
  let resolved = cache.get(site);
  if (!resolved) {
    resolved = site.args.slice(FIRST_VALUE_ARGUMENT).map((arg) => types.typeOfExpressionAt(site.span.file, arg.span));
    cache.set(site, resolved);
  }
  return resolved;
}

/** Conversions whose verdict depends on what a pointer points to: a pointer of unknown target is unresolved for them. */
const POINTEE_MATTERS = new Set(['s', 'S', 'n']);

/**
 * A pointer to a type kmark cannot resolve (`pthread_mutex_t *` without the
 * header), for a conversion that does not look at the target: `%u` rejects
 * it and `%p` takes it whatever it points to (docs/ctypes.md). Null otherwise.
 */
export function pointerOfUnknownTarget(resolved: ResolvedType, conversion: Conversion): CType | null {
  return 'unresolved' in resolved && resolved.pointer !== undefined && !POINTEE_MATTERS.has(conversion.specifier) ? resolved.pointer : null;
}

/** A resolved type as format/compat.ts takes it: a narrow bit-field keeps its width, an integer what gcc's tree shows of its promotion. */
export function argumentType(resolved: ResolvedType): ArgumentType | null {
  if (!('type' in resolved)) return null;
  const of = integerType(resolved);
  if (resolved.promotedFrom === undefined) return of;
  return { kind: 'promotion', of, from: resolved.promotedFrom === null ? null : integerType(resolved.promotedFrom) };
}

function integerType(t: IntegerType): CType | BitField {
  return t.bitWidth !== undefined ? { kind: 'bitfield', of: t.type, width: t.bitWidth } : t.type;
}
