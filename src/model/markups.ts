/**
 * The markup modes (docs/modes.md), listed once, in the `.markers` section's
 * encoding order: its markup byte k is CATALOG_MARKUPS[k]. Each mode's code
 * is its file in src/gen/markup/; test/registries.test.ts holds that
 * registry, the catalog schema, the sample kernel's Makefile and
 * docs/markers-section.md to this table.
 */
export const MARKUPS = ['symbol', 'jump-call', 'jump-inline', 'static-key'] as const;

export type MarkupId = (typeof MARKUPS)[number];

/** A catalog's `markup`: the build's mode, or none when its markers are off. */
export const CATALOG_MARKUPS = ['none', ...MARKUPS] as const;

export type CatalogMarkup = (typeof CATALOG_MARKUPS)[number];

/** sys/sdt.h's limit: a probe has at most 12 arguments, and every mode places one per site. */
export const MAX_SDT_ARGS = 12;
