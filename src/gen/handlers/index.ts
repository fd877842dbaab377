/** The handler backends, one per handler of model/handlers.ts, emitted in its order; adding a handler is adding its line there, its file and its line here. */
import { ALL_HANDLERS, type Handler } from '../../model/handlers.js';
import type { HandlerBackend } from './handler.js';
import { printkHandler } from './printk.js';
import { probeHandler } from './probe.js';
import { traceHandler } from './trace.js';

const BACKENDS: Readonly<Record<Handler, HandlerBackend>> = { printk: printkHandler, trace: traceHandler, probe: probeHandler };

export const HANDLERS: readonly HandlerBackend[] = ALL_HANDLERS.map((id) => BACKENDS[id]);
