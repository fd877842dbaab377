import type { Handler } from './handlers.js';
import type { SourceSpan } from './location.js';

export type MarkerForm = 'trace_mark' | 'evmarker';

/** Where a marker may be dispatched to: model/handlers.ts lists them. */
export type { Handler } from './handlers.js';

/** One argument of a marker call, as written. */
export interface MarkerArgument {
  readonly text: string;
  readonly span: SourceSpan;
}

/** One `TYPE, PARAM` pair of an evmarker. */
export interface EvmarkerPair {
  readonly type: MarkerArgument;
  readonly param: MarkerArgument;
}

/** The evmarker-only parts of a call: TAG is the marker name. */
export interface EvmarkerParts {
  readonly handlers: MarkerArgument;
  readonly nr: MarkerArgument;
  readonly pairs: readonly EvmarkerPair[];
  /** Arguments left over when the call does not split into whole pairs. */
  readonly unpaired: readonly MarkerArgument[];
}

/** The format argument of a trace_mark, resolved to its literal text where possible. */
export interface FormatArgument {
  readonly span: SourceSpan;
  /** The concatenated literal value, or null when it is not (only) string literals. */
  readonly value: string | null;
  /** True when the format is `MARK_NOARGS`. */
  readonly noArgs: boolean;
  /** Identifiers spliced between literals (`"x %" PRIu64`), left for the format layer to resolve. */
  readonly macros: readonly string[];
  /** The literal pieces and macro names in source order. */
  readonly pieces: readonly FormatPiece[];
  /** The file was read as Latin-1: the value's characters up to U+00FF stand for the source's bytes, which generated C keeps. */
  readonly latin1?: true;
}

export type FormatPiece = { readonly kind: 'literal'; readonly value: string } | { readonly kind: 'macro'; readonly name: string };

/** A marker macro used inside a `#define` body: not a site (its expansions would have no identity of their own), kept for check. */
export interface MarkerInMacro {
  readonly form: MarkerForm;
  /** The macro whose body it is in. */
  readonly macro: string;
  /** The body. */
  readonly span: SourceSpan;
}

/** A marker call site as the scanner finds it, before identity is assigned. */
export interface MarkerSite {
  readonly form: MarkerForm;
  readonly name: string;
  /** The whole call, from the macro name to the closing parenthesis. */
  readonly span: SourceSpan;
  readonly nameSpan: SourceSpan;
  /** The innermost enclosing function, or null when the site is outside any function. */
  readonly function: string | null;
  readonly args: readonly MarkerArgument[];
  /** trace_mark only. */
  readonly format?: FormatArgument;
  /** evmarker only. */
  readonly evmarker?: EvmarkerParts;
}

export interface Field {
  readonly name: string;
  /** The C type: declared (evmarker) or resolved from the argument (trace_mark), when known. */
  readonly ctype?: string;
  /** The printf conversion, e.g. `%llu`. */
  readonly conversion?: string;
  readonly size?: number;
  readonly signed?: boolean;
}

/** A marker with its identity: one entry of the catalog. */
export interface Marker {
  readonly id: string;
  readonly md5: string;
  readonly eventId: string;
  readonly name: string;
  readonly form: MarkerForm;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly function: string;
  readonly ordinal: number;
  readonly handlers: readonly Handler[];
  readonly format: string | null;
  readonly fields: readonly Field[];
  readonly enabledByDefault: boolean;
}
