/** The handler backends, in the order their bodies are emitted; adding a handler is adding its file and its line here. */
import type { Handler } from '../../model/marker.js';
import type { HandlerBackend } from './handler.js';
import { printkHandler } from './printk.js';
import { probeHandler } from './probe.js';
import { traceHandler } from './trace.js';

export const HANDLERS: readonly HandlerBackend[] = [printkHandler, traceHandler, probeHandler];

export const HANDLER_MASK: Readonly<Record<Handler, string>> = { printk: 'MARKER_PRINTK', trace: 'MARKER_TRACE', probe: 'MARKER_PROBE' };
