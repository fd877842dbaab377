/**
 * A marker site as the generators see it: the C parameters its arguments are
 * passed as, and the names the generated code gives it. A trace_mark's
 * parameters take the types its conversions take their values as (so a
 * record's layout follows from the format alone, as the catalog describes
 * it); an evmarker's take its declared types.
 *
 * The per-TU header is included wherever <linux/marker.h> is, possibly
 * before the typedefs and structs a parameter names, so parameters are
 * spelled without typedef names (gcc's own macros for size_t and kin) and
 * every struct they point to is declared first.
 */
import type { PlacedSite } from '../model/catalog.js';
import type { Marker, MarkerSite } from '../model/marker.js';
import { consumedArguments } from '../format/compat.js';
import { parseFormat, type Conversion } from '../format/parse.js';
import type { Abi } from '../model/abi.js';
import { valueType } from '../format/value-type.js';
import { builtinTypedef } from '../ctypes/builtins.js';
import { parseTypeName } from '../ctypes/type-name.js';
import { declaration, int, unqualified, type CType } from '../ctypes/types.js';
import { KmarkError } from '../io/errors.js';
import { formatPosition } from '../model/location.js';
import { storageOf, type Storage } from '../ctypes/record.js';
import { cIdentifier } from './c.js';

export interface SiteParam {
  /** The C name of the parameter in generated functions. */
  readonly name: string;
  /** `int __kmark_a1`, `const char *__kmark_a2`, … */
  readonly declaration: string;
  readonly storage: Storage;
  /** The conversion that prints it, e.g. `%llu` or `%.*s`; null for a `*` width or precision. */
  readonly conversion: string | null;
  /** The field name it prints under, or null for a `*` width or precision. */
  readonly label: string | null;
  /** Struct and union tags the declaration names, to be declared ahead of it. */
  readonly tags: readonly string[];
}

export interface GenSite {
  readonly marker: Marker;
  readonly site: MarkerSite;
  /** `NAME_LINE`: what the front header's `__KMARK_SITE(name, __LINE__)` pastes together. */
  readonly key: string;
  readonly params: readonly SiteParam[];
}

export interface GenOptions {
  readonly abi: Abi;
  /** Resolves an evmarker's typedef names; defaults to the builtin ones. */
  readonly lookupTypedef?: (name: string) => CType | undefined;
}

/** gcc's predefined type macros: right for the target whatever kmark's --abi says. */
const GCC_TYPE_MACROS: Readonly<Record<string, string>> = {
  size_t: '__SIZE_TYPE__',
  ssize_t: '__PTRDIFF_TYPE__',
  ptrdiff_t: '__PTRDIFF_TYPE__',
  intmax_t: '__INTMAX_TYPE__',
  uintmax_t: '__UINTMAX_TYPE__',
  wchar_t: '__WCHAR_TYPE__',
  wint_t: '__WINT_TYPE__',
};

/**
 * The type with typedef names spelled out, so that it means the same
 * wherever the header is included; an enum becomes its integer type, since
 * C cannot declare one ahead.
 */
function spelledOut(type: CType, tags: Set<string>): CType {
  const macro = type.kind === 'typedef' ? GCC_TYPE_MACROS[type.name] : undefined;
  if (type.kind === 'typedef' && macro !== undefined) return { ...type, name: macro };
  const t = unqualified(type);
  switch (t.kind) {
    case 'pointer':
      return { ...t, to: spelledOut(t.to, tags) };
    case 'array':
      return { ...t, of: spelledOut(t.of, tags) };
    case 'function':
      return { ...t, returns: spelledOut(t.returns, tags), params: t.params?.map((p) => spelledOut(p, tags)) ?? null };
    case 'record':
      if (t.tag !== null) tags.add(`${t.union ? 'union' : 'struct'} ${t.tag}`);
      return t;
    case 'enum':
      return t.underlying ?? int('int');
    default:
      return t;
  }
}

function paramOf(type: CType, name: string, rest: Omit<SiteParam, 'name' | 'declaration' | 'storage' | 'tags'>, stringValue: boolean): SiteParam {
  const tags = new Set<string>();
  const spelled = declaration(spelledOut(type, tags), name);
  return { name, declaration: spelled, storage: storageOf(type, stringValue), tags: [...tags], ...rest };
}

function traceMarkParams(placed: PlacedSite, abi: Abi): SiteParam[] {
  const { marker } = placed;
  if (marker.format === null) throw new KmarkError(`${formatPosition(placed.site.span)}: the format of '${marker.name}' is unknown: run kmark lint`);
  const conversions = parseFormat(marker.format).conversions;
  const labels = new Map<Conversion, string>(conversions.map((c, k) => [c, marker.fields[k]?.name ?? `arg${k + 1}`]));
  return consumedArguments(conversions).map(({ conversion, role }, index) => {
    const name = `__kmark_a${index + 1}`;
    if (role !== 'value') return paramOf(int('int'), name, { conversion: null, label: null }, false);
    const type = valueType(conversion, abi);
    if (type === null) {
      throw new KmarkError(`${formatPosition(placed.site.span)}: '${conversion.text}' in the format of '${marker.name}' cannot be generated: run kmark lint`);
    }
    return paramOf(type, name, { conversion: conversion.text, label: labels.get(conversion) ?? null }, conversion.specifier === 's');
  });
}

function evmarkerParams(placed: PlacedSite, options: GenOptions): SiteParam[] {
  const { marker, site } = placed;
  const lookup = options.lookupTypedef ?? ((name: string) => builtinTypedef(name, options.abi));
  const pairs = site.evmarker?.pairs ?? [];
  return marker.fields.map((field, index) => {
    const where = pairs[index]?.type.span ?? site.span;
    const type = field.ctype !== undefined ? parseTypeName(field.ctype, lookup) : null;
    if (type === null || field.conversion === undefined) {
      throw new KmarkError(`${formatPosition(where)}: cannot pass type '${field.ctype}' of '${marker.name}': run kmark lint`);
    }
    return paramOf(type, `__kmark_a${index + 1}`, { conversion: field.conversion, label: field.name }, field.conversion === '%s');
  });
}

export function genSite(placed: PlacedSite, options: GenOptions): GenSite {
  const { marker, site } = placed;
  return {
    marker,
    site,
    key: `${cIdentifier(marker.name)}_${marker.line}`,
    params: marker.form === 'trace_mark' ? traceMarkParams(placed, options.abi) : evmarkerParams(placed, options),
  };
}
