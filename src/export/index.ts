/** The exporters by name; `kmark export --format` chooses one. */
import { exportBpftrace } from './bpftrace.js';
import { exportDtrace } from './dtrace.js';
import type { Exporter } from './exporter.js';
import { exportStap } from './stap.js';

export const EXPORTERS = { stap: exportStap, bpftrace: exportBpftrace, dtrace: exportDtrace } as const satisfies Record<string, Exporter>;

export type ExportFormat = keyof typeof EXPORTERS;
