/**
 * A decoded trace as a CTF 1.8 trace (docs/tracers.md): TSDL metadata from
 * the catalog, one data stream per thread. Every field is byte-aligned and
 * little-endian, so the data streams are the records repacked: event header
 * (class id, timestamp), then the named fields (strings NUL-terminated).
 */
import type { Abi } from '../model/abi.js';
import type { Catalog } from '../model/catalog.js';
import type { Marker } from '../model/marker.js';
import { payloadLayout, type DecodedTrace, type Slot, type TraceEvent } from './trace-file.js';

const PACKET_MAGIC = 0xc1fc1fc1;
const NS_PER_S = 1_000_000_000n;
/** Bytes of the packet header (magic, stream id) and context (five u64 and the thread). */
const PACKET_PREAMBLE = 4 + 4 + 5 * 8 + 4;

export interface CtfTrace {
  readonly metadata: string;
  /** Data stream files by name. */
  readonly streams: ReadonlyMap<string, Buffer>;
}

interface EventClass {
  readonly id: number;
  readonly marker: Marker;
  readonly slots: readonly Slot[];
}

export function ctfTrace(trace: DecodedTrace, catalog: Catalog, abi: Abi): CtfTrace {
  const classes = eventClasses(catalog, abi);
  const byMarker = new Map(classes.map((c) => [c.marker, c]));
  const streams = new Map<string, Buffer>();
  for (const buffer of trace.buffers) {
    const events = trace.events.filter((e) => e.thread === buffer.thread);
    streams.set(`stream_${buffer.thread}`, dataStream(buffer.thread, buffer.lost, events, byMarker, trace.header.overwrite));
  }
  return { metadata: metadata(trace, classes), streams };
}

/** One class per marker the trace can hold: those whose payload layout is known. */
function eventClasses(catalog: Catalog, abi: Abi): EventClass[] {
  const classes: EventClass[] = [];
  for (const marker of catalog.markers) {
    const layout = payloadLayout(marker, abi);
    if (layout !== null) classes.push({ id: classes.length, marker, slots: layout.filter((s) => s.name !== null) });
  }
  return classes;
}

const tsdlString = (text: string): string => JSON.stringify(text);

/** CTF readers drop one leading underscore of a field name: `_name` is how a name that is a TSDL keyword is written. */
const fieldName = (name: string): string => `_${name}`;

function fieldType(slot: Slot): string {
  switch (slot.storage) {
    case 'string':
      return 'string { encoding = UTF8; }';
    case 'double':
      return 'floating_point { exp_dig = 11; mant_dig = 53; byte_order = le; align = 8; }';
    case 'pointer':
      return 'integer { size = 64; align = 8; signed = false; base = 16; }';
    default:
      return `integer { size = ${slot.size * 8}; align = 8; signed = ${slot.storage === 'signed'}; base = ${integerBase(slot.conversion)}; }`;
  }
}

const integerBase = (conversion: string): number => ({ x: 16, X: 16, o: 8 })[conversion.slice(-1)] ?? 10;

function clockLines(trace: DecodedTrace): string[] {
  // A version 1 trace does not say its clock: its ticks are shown as nanoseconds from 0.
  const clock = trace.header.clock ?? { frequency: NS_PER_S, offsetNs: 0n };
  const seconds = clock.offsetNs / NS_PER_S;
  const ticks = ((clock.offsetNs % NS_PER_S) * clock.frequency) / NS_PER_S;
  return [
    'clock {',
    '\tname = kmark;',
    '\tdescription = "the marker runtime\'s timestamp (docs/runtime.md)";',
    `\tfreq = ${clock.frequency};`,
    `\toffset_s = ${seconds};`,
    `\toffset = ${ticks};`,
    `\tabsolute = ${trace.header.clock !== null};`,
    '};',
  ];
}

function metadata(trace: DecodedTrace, classes: readonly EventClass[]): string {
  const u = (bits: number): string => `integer { size = ${bits}; align = 8; signed = false; }`;
  const clocked = 'integer { size = 64; align = 8; signed = false; map = clock.kmark.value; }';
  const lines = [
    '/* CTF 1.8 */',
    '',
    'trace {',
    '\tmajor = 1;',
    '\tminor = 8;',
    '\tbyte_order = le;',
    '\tpacket.header := struct {',
    `\t\t${u(32)} magic;`,
    `\t\t${u(32)} stream_id;`,
    '\t};',
    '};',
    '',
    'env {',
    '\ttracer_name = "kmark";',
    `\tkmark_trace_version = ${trace.header.version};`,
    `\tkmark_mode = ${tsdlString(trace.header.overwrite ? 'overwrite' : 'discard')};`,
    ...(trace.header.buildId !== null ? [`\tkmark_build_id = ${tsdlString(trace.header.buildId)};`] : []),
    ...(trace.header.catalogDigest !== null ? [`\tkmark_catalog_digest = ${tsdlString(trace.header.catalogDigest)};`] : []),
    '};',
    '',
    ...clockLines(trace),
    '',
    'stream {',
    '\tid = 0;',
    '\tpacket.context := struct {',
    `\t\t${clocked} timestamp_begin;`,
    `\t\t${clocked} timestamp_end;`,
    `\t\t${u(64)} content_size;`,
    `\t\t${u(64)} packet_size;`,
    `\t\t${u(64)} events_discarded;`,
    `\t\t${u(32)} thread;`,
    '\t};',
    '\tevent.header := struct {',
    `\t\t${u(32)} id;`,
    `\t\t${clocked} timestamp;`,
    '\t};',
    '};',
  ];
  for (const c of classes) {
    lines.push('', 'event {', `\tname = ${tsdlString(c.marker.name)};`, `\tid = ${c.id};`, '\tstream_id = 0;', `\tmodel.emf.uri = ${tsdlString(c.marker.id)};`, '\tfields := struct {');
    for (const slot of c.slots) lines.push(`\t\t${fieldType(slot)} ${fieldName(slot.name!)};`);
    lines.push('\t};', '};');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A thread's data stream. Lost records become CTF's discarded events, which
 * a reader counts between two packets: the events' packet and an empty one,
 * before them when the oldest were overwritten, after them when the newest
 * were dropped.
 */
function dataStream(thread: number, lost: number, events: readonly TraceEvent[], classes: ReadonlyMap<Marker, EventClass>, overwrite: boolean): Buffer {
  const payload = Buffer.concat(events.map((e) => eventBytes(e, classes.get(e.marker)!)));
  const first = events[0]?.timestamp ?? 0n;
  const last = events[events.length - 1]?.timestamp ?? 0n;
  if (lost === 0) return packet(thread, first, last, 0, payload);
  if (overwrite) return Buffer.concat([packet(thread, first, first, 0, Buffer.alloc(0)), packet(thread, first, last, lost, payload)]);
  return Buffer.concat([packet(thread, first, last, 0, payload), packet(thread, last, last, lost, Buffer.alloc(0))]);
}

function packet(thread: number, begin: bigint, end: bigint, discarded: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(PACKET_PREAMBLE);
  const bits = BigInt((PACKET_PREAMBLE + payload.length) * 8);
  head.writeUInt32LE(PACKET_MAGIC, 0);
  head.writeUInt32LE(0, 4);
  head.writeBigUInt64LE(begin, 8);
  head.writeBigUInt64LE(end, 16);
  head.writeBigUInt64LE(bits, 24);
  head.writeBigUInt64LE(bits, 32);
  head.writeBigUInt64LE(BigInt(discarded), 40);
  head.writeUInt32LE(thread, 48);
  return Buffer.concat([head, payload]);
}

function eventBytes(event: TraceEvent, eventClass: EventClass): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(12);
  header.writeUInt32LE(eventClass.id, 0);
  header.writeBigUInt64LE(event.timestamp, 4);
  parts.push(header);
  eventClass.slots.forEach((slot, k) => parts.push(valueBytes(event.fields[k]!.value, slot)));
  return Buffer.concat(parts);
}

function valueBytes(value: TraceEvent['fields'][number]['value'], slot: Slot): Buffer {
  if (slot.storage === 'string') return Buffer.from(`${String(value)}\0`, 'utf8');
  const bytes = Buffer.alloc(slot.storage === 'double' || slot.storage === 'pointer' ? 8 : slot.size);
  if (slot.storage === 'double') bytes.writeDoubleLE(Number(value), 0);
  else if (bytes.length === 8) bytes.writeBigUInt64LE(BigInt.asUintN(64, BigInt(value)), 0);
  else bytes.writeUIntLE(Number(BigInt.asUintN(bytes.length * 8, BigInt(value))), 0, bytes.length);
  return bytes;
}
