/**
 * A worker thread of the prefilter (prefilter.ts): claims files from the
 * shared counter until none is left, then posts its part and says it is done.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { emptyPart, prefilterClaimed, WorkerState, type SharedPass } from './prefilter.js';

interface PrefilterWorkerData {
  readonly pass: SharedPass;
  readonly stateSlot: number;
  readonly port: MessagePort;
}

const { pass, stateSlot, port } = workerData as PrefilterWorkerData;
const { shared } = pass;

if (Atomics.compareExchange(shared, stateSlot, WorkerState.Pending, WorkerState.Running) === WorkerState.Pending) {
  try {
    const part = emptyPart();
    prefilterClaimed(pass, part);
    port.postMessage(part);
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  } finally {
    Atomics.store(shared, stateSlot, WorkerState.Done);
    Atomics.notify(shared, stateSlot);
  }
}
port.close();
