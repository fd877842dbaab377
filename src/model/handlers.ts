/**
 * The handlers an armed marker may be dispatched to (docs/runtime.md), listed
 * once. Their order is the `.markers` section's bit order (bit k is
 * HANDLER_TABLE[k]) and their flag's value in <linux/marker.h> is `1 << k`;
 * test/registries.test.ts holds the header, the catalog schema, the backends
 * and docs/markers-section.md to this table.
 */
export const HANDLER_TABLE = [
  { id: 'printk', flag: 'MARKER_PRINTK' },
  { id: 'trace', flag: 'MARKER_TRACE' },
  { id: 'probe', flag: 'MARKER_PROBE' },
] as const;

export type Handler = (typeof HANDLER_TABLE)[number]['id'];
export type HandlerFlag = (typeof HANDLER_TABLE)[number]['flag'];

/** Every handler, in bit order. */
export const ALL_HANDLERS: readonly Handler[] = HANDLER_TABLE.map((h) => h.id);

/** `MARKER_TRACE` → `trace`: the flags an evmarker's HANDLERS may join. */
export const HANDLER_FLAGS: ReadonlyMap<string, Handler> = new Map(HANDLER_TABLE.map((h) => [h.flag, h.id]));

/** `trace` → `MARKER_TRACE`. */
export const HANDLER_MASK = Object.fromEntries(HANDLER_TABLE.map((h) => [h.id, h.flag])) as Readonly<Record<Handler, HandlerFlag>>;
