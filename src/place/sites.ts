/**
 * Marker sites → catalog entries. Assigns identity (docs/scanning.md#identity) and derives
 * each marker's fields from its format or its declared types, with the type
 * model: the step between scan and check that fills model/'s data.
 */
import { builtinTypedef } from '../ctypes/builtins.js';
import { parseTypeName } from '../ctypes/type-name.js';
import { sizeOf, typeToString, unqualified, type CType } from '../ctypes/types.js';
import { conversionFor } from '../format/conversion-for-type.js';
import { FORMATS_KEPT, fieldNames, parseFormat } from '../format/parse.js';
import { resolvedFormat } from '../format/pri.js';
import type { Abi } from '../model/abi.js';
import { compareSites, type PlacedSite } from '../model/catalog.js';
import { valueType } from '../format/value-type.js';
import { identityOf, markerId } from '../model/identity.js';
import { ALL_HANDLERS, HANDLER_FLAGS } from '../model/handlers.js';
import type { Field, Handler, Marker, MarkerSite } from '../model/marker.js';

export interface ModelOptions {
  readonly abi: Abi;
  /** Resolves a typedef name; defaults to the builtin kernel and C typedefs. */
  readonly lookupTypedef?: (name: string) => CType | undefined;
}

/** Sites in catalog order with their markers; sites outside any function get none. */
export function placeSites(sites: readonly MarkerSite[], options: ModelOptions): PlacedSite[] {
  const ordered = [...sites].sort((a, b) => compareSites(a.span, b.span));
  // By function name within the file: the order keeps a file's sites together.
  const ordinals = new Map<string, number>();
  let file: string | undefined;
  const placed: PlacedSite[] = [];
  for (const site of ordered) {
    if (site.function === null) continue;
    if (site.span.file !== file) {
      file = site.span.file;
      ordinals.clear();
    }
    const ordinal = (ordinals.get(site.function) ?? 0) + 1;
    ordinals.set(site.function, ordinal);
    placed.push({ site, marker: markerOf(site, site.function, ordinal, options) });
  }
  return placed;
}

function markerOf(site: MarkerSite, fn: string, ordinal: number, options: ModelOptions): Marker {
  const { id, md5, eventId } = identityOf(markerId(site.span.file, fn, ordinal));
  const { format, fields } = site.form === 'trace_mark' ? traceMarkFields(site, options) : evmarkerFields(site, options);
  // Not spread from the identity: a spread followed by more properties gives every marker a V8 hidden class of its own, ~300 bytes (docs/performance.md).
  return {
    id,
    md5,
    eventId,
    name: site.name,
    form: site.form,
    file: site.span.file,
    line: site.span.line,
    column: site.span.column,
    function: fn,
    ordinal,
    handlers: site.evmarker ? handlersOf(site.evmarker.handlers.text) : ALL_HANDLERS,
    format,
    fields,
    enabledByDefault: false,
  };
}

function traceMarkFields(site: MarkerSite, options: ModelOptions): FormatFields {
  const format = site.format ? resolvedFormat(site.format, options.abi) : null;
  return format === null ? NO_FORMAT : formatFields(format, options.abi);
}

interface FormatFields {
  readonly format: string | null;
  readonly fields: readonly Field[];
}

const NO_FORMAT: FormatFields = Object.freeze({ format: null, fields: Object.freeze([]) });

/**
 * A format and the fields it gives, made once for each format and ABI and
 * shared, frozen, by the markers with that format: a tree repeats its
 * formats, and each marker's own fields and copy of its format lived to the
 * end of the run (docs/performance.md, "Sixth round").
 */
function formatFields(format: string, abi: Abi): FormatFields {
  let known = fieldsByFormat.get(abi);
  if (known === undefined) fieldsByFormat.set(abi, (known = new Map()));
  let made = known.get(format);
  if (made === undefined) {
    // Bounded as parseFormat's: forgotten all at once now and then.
    if (known.size === FORMATS_KEPT) known.clear();
    const conversions = parseFormat(format).conversions;
    const names = fieldNames(conversions);
    made = Object.freeze({ format, fields: Object.freeze(conversions.map((c, k) => Object.freeze(typedField(names[k]!, c.text, valueType(c, abi), abi)))) });
    known.set(format, made);
  }
  return made;
}

const fieldsByFormat = new Map<Abi, Map<string, FormatFields>>();

/** A field described by the C type its value is stored in. */
function typedField(name: string, conversion: string | undefined, type: CType | null, abi: Abi): Field {
  const resolved = type ? unqualified(type) : null;
  const size = type ? sizeOf(type, abi) : undefined;
  return {
    name,
    ...(type ? { ctype: typeToString(type) } : {}),
    ...(conversion !== undefined ? { conversion } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(resolved?.kind === 'integer' ? { signed: resolved.signed } : {}),
  };
}

function evmarkerFields(site: MarkerSite, options: ModelOptions): FormatFields {
  const lookup = options.lookupTypedef ?? ((name: string) => builtinTypedef(name, options.abi));
  const fields = (site.evmarker?.pairs ?? []).map((pair, k): Field => {
    const declared = pair.type.text.replace(/\s+/g, ' ');
    const type = parseTypeName(declared, lookup);
    const field = typedField(fieldNameOfExpression(pair.param.text) ?? `arg${k + 1}`, (type && conversionFor(type)) ?? undefined, type, options.abi);
    // The declared spelling, typedef names and all, is what the site's code is generated with.
    return { ...field, ctype: declared };
  });
  const complete = fields.every((f) => f.conversion !== undefined);
  return { format: complete ? fields.map((f) => `${f.name} ${f.conversion}`).join(' ') : null, fields };
}

/** `prev->pid` → `prev_pid`, `rq.sector` → `rq_sector`; null for anything but a member-access chain. */
export function fieldNameOfExpression(expression: string): string | null {
  const compact = expression.replace(/\s+/g, '');
  return /^[A-Za-z_]\w*((->|\.)[A-Za-z_]\w*)*$/.test(compact) ? compact.replace(/->|\./g, '_') : null;
}

/** `MARKER_TRACE | MARKER_PROBE` → the handlers, in canonical order; unknown flags are the lint's to report. */
export function handlersOf(text: string): Handler[] {
  const named = new Set(text.split('|').map((flag) => HANDLER_FLAGS.get(flag.trim())));
  return ALL_HANDLERS.filter((h) => named.has(h));
}
