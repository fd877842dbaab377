/**
 * The shape of a check: one rule per file, `{ id, meta, run }`, reporting
 * problems as data. Rules never print and never decide the exit code.
 */
import type { PlacedSite } from '../model/catalog.js';
import type { Fix, Label, Severity } from '../model/diagnostic.js';
import type { SourceSpan } from '../model/location.js';
import type { MarkerInMacro, MarkerSite } from '../model/marker.js';
import type { Abi } from '../model/abi.js';
import type { TypeModel } from '../ctypes/index.js';
import type { Alternatives } from './alternatives.js';

export interface CheckOptions {
  readonly abi: Abi;
  /** Unresolvable types are errors instead of notes. */
  readonly strict: boolean;
  /** `-Wformat-signedness` semantics. */
  readonly signedness: boolean;
}

export interface CheckContext {
  /** Sites inside functions, in catalog order, with their markers. */
  readonly placed: readonly PlacedSite[];
  /** Every site, including those outside any function. */
  readonly sites: readonly MarkerSite[];
  /** Marker macros inside `#define` bodies (absent where only the catalog is known). */
  readonly inMacros?: readonly MarkerInMacro[];
  readonly options: CheckOptions;
  /** The C types of the tree; null where only the catalog is known (kmark link), and the type rules then have nothing to say. */
  readonly types: TypeModel | null;
  /** Which files are built together (format-conflict, id-collision); absent: all of them, one image (kmark link). */
  readonly alternatives?: Alternatives;
}

export interface RuleMeta {
  /** One line, shown by `kmark lint --list-rules` and in docs/rules.md. */
  readonly description: string;
  readonly severity: Severity;
}

/** What a rule reports; the severity comes from its meta unless it says otherwise. */
export interface Report {
  readonly span: SourceSpan;
  readonly message: string;
  readonly markerId?: string;
  readonly fix?: Fix;
  readonly labels?: readonly Label[];
  readonly severity?: Severity;
}

export interface Rule {
  readonly id: string;
  readonly meta: RuleMeta;
  run(context: CheckContext): Iterable<Report>;
}
