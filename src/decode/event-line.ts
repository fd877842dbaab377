/** A decoded event as one line of text or of JSON: `kmark decode`'s and `kmark ctl events`' output. */
import { formatValue, type TraceEvent } from './trace-file.js';

export const eventText = (e: TraceEvent): string => `${e.timestamp} ${e.marker.name}${e.fields.map((f) => ` ${f.name}=${formatValue(f.value, f.conversion)}`).join('')}\n`;

export const eventObject = (e: TraceEvent): Record<string, unknown> => ({
  timestamp: e.timestamp.toString(),
  thread: e.thread,
  name: e.marker.name,
  id: e.marker.id,
  fields: Object.fromEntries(e.fields.map((f) => [f.name, typeof f.value === 'bigint' ? f.value.toString() : f.value])),
});

export const eventJson = (e: TraceEvent): string => `${JSON.stringify(eventObject(e))}\n`;
