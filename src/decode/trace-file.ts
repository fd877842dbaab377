/**
 * Reading a trace dump (docs/runtime.md): buffers of records, each record
 * decoded by its event id's entry in the catalog. Damage is reported, never
 * thrown past: an unknown id is skipped by its size, a truncated buffer
 * decodes up to its last whole record.
 */
import { consumedArguments } from '../format/compat.js';
import { parseFormat } from '../format/parse.js';
import type { Abi } from '../model/abi.js';
import { valueType } from '../format/value-type.js';
import { sizeOf } from '../ctypes/types.js';
import { KmarkError } from '../io/errors.js';
import { storageOf, storedSize, type Storage } from '../ctypes/record.js';
import type { Catalog } from '../model/catalog.js';
import type { Marker } from '../model/marker.js';

export const TRACE_MAGIC = 'KMTRACE1';
const FILE_HEADER_V1 = 16;
const FILE_HEADER_V2 = 88;
const BUILD_ID_MAX = 20;
const BUFFER_HEADER = 16;
const RECORD_HEADER = 24;

export type FieldValue = number | bigint | string;

export interface TraceEvent {
  readonly thread: number;
  readonly timestamp: bigint;
  readonly marker: Marker;
  readonly fields: ReadonlyArray<{ readonly name: string; readonly conversion: string; readonly value: FieldValue }>;
}

/** Something wrong in the file, at a byte offset; decoding went on where it could. */
export interface TraceProblem {
  readonly offset: number;
  readonly message: string;
}

/** What the file header says about the run (version 2; a version 1 file knows none of it). */
export interface TraceHeader {
  readonly version: number;
  /** The flight recorder: a full buffer overwrote its oldest records. */
  readonly overwrite: boolean;
  /** Timestamp ticks per second and the Epoch time of tick 0, in ns; null when unknown. */
  readonly clock: { readonly frequency: bigint; readonly offsetNs: bigint } | null;
  /** Lower-case hex, null when the binary had none. */
  readonly buildId: string | null;
  /** The catalog's digest the binary was linked with (lower-case hex), null when unknown. */
  readonly catalogDigest: string | null;
  /** Records of threads that never got a buffer. */
  readonly lostWithoutBuffer: number;
}

export interface TraceBuffer {
  readonly thread: number;
  /** Records dropped (buffer full) or overwritten (flight recorder). */
  readonly lost: number;
}

export interface DecodedTrace {
  readonly header: TraceHeader;
  readonly buffers: TraceBuffer[];
  readonly events: TraceEvent[];
  readonly problems: TraceProblem[];
}

/** Every record the runtime counted as lost, whatever the reason. */
export const lostRecords = (trace: DecodedTrace): number => trace.buffers.reduce((sum, b) => sum + b.lost, trace.header.lostWithoutBuffer);

export interface Slot {
  readonly name: string | null;
  readonly conversion: string;
  readonly storage: Storage;
  readonly size: number;
}

/** How a marker's payload is laid out: one slot per argument, in order (`name` null: a `*` width or precision). */
export function payloadLayout(marker: Marker, abi: Abi): Slot[] | null {
  if (marker.form === 'evmarker') {
    return marker.fields.map((f) => {
      const c = f.conversion ?? '';
      const storage: Storage = c === '%s' ? 'string' : c === '%p' ? 'pointer' : /[fFeEgGaA]$/.test(c) ? 'double' : f.signed === false ? 'unsigned' : 'signed';
      return { name: f.name, conversion: c, storage, size: storedSize(storage, f.size) };
    });
  }
  if (marker.format === null) return null;
  const conversions = parseFormat(marker.format).conversions;
  const names = new Map(conversions.map((c, k) => [c, marker.fields[k]?.name ?? `arg${k + 1}`]));
  const slots: Slot[] = [];
  for (const { conversion, role } of consumedArguments(conversions)) {
    if (role !== 'value') {
      slots.push({ name: null, conversion: '%d', storage: 'signed', size: 4 });
      continue;
    }
    const type = valueType(conversion, abi);
    if (type === null) return null;
    const storage = storageOf(type, conversion.specifier === 's');
    slots.push({ name: names.get(conversion) ?? null, conversion: conversion.text, storage, size: storedSize(storage, sizeOf(type, abi)) });
  }
  return slots;
}

export function decodeTrace(bytes: Buffer, source: string, catalog: Catalog, abi: Abi = 'lp64'): DecodedTrace {
  const header = readHeader(bytes, source);
  const buffers = bytes.readUInt32LE(12);
  const buffersRead: TraceBuffer[] = [];
  const decodeRecord = recordDecoder(catalog, abi);
  const events: TraceEvent[] = [];
  const problems: TraceProblem[] = [];
  let offset = header.version === 1 ? FILE_HEADER_V1 : bytes.readUInt32LE(16);
  for (let b = 0; b < buffers; b++) {
    if (offset + BUFFER_HEADER > bytes.length) {
      problems.push({ offset, message: `truncated: buffer ${b + 1} of ${buffers} is missing` });
      break;
    }
    buffersRead.push({ thread: bytes.readUInt32LE(offset), lost: bytes.readUInt32LE(offset + 4) });
    const declared = Number(bytes.readBigUInt64LE(offset + 8));
    const start = offset + BUFFER_HEADER;
    const end = Math.min(start + declared, bytes.length);
    if (start + declared > bytes.length) problems.push({ offset: end, message: `truncated: buffer ${b + 1} ends ${start + declared - bytes.length} bytes early; decoded up to its last whole record` });
    for (let at = start; at < end;) {
      if (at + RECORD_HEADER > end) {
        problems.push({ offset: at, message: 'truncated record header at the end of the buffer' });
        break;
      }
      const size = bytes.readUInt32LE(at);
      if (size < RECORD_HEADER) {
        problems.push({ offset: at, message: `record size ${size} is smaller than its header: the rest of this buffer is skipped` });
        break;
      }
      if (at + size > end) {
        problems.push({ offset: at, message: `truncated record (${size} bytes, ${end - at} left)` });
        break;
      }
      const decoded = decodeRecord(bytes.subarray(at, at + size));
      if (typeof decoded === 'string') problems.push({ offset: at, message: decoded });
      else events.push(decoded);
      at += size;
    }
    offset = start + declared;
  }
  return { header, buffers: buffersRead, events, problems };
}

function readHeader(bytes: Buffer, source: string): TraceHeader {
  if (bytes.length < FILE_HEADER_V1 || bytes.toString('latin1', 0, 8) !== TRACE_MAGIC) throw new KmarkError(`${source}: not a kmark trace (no ${TRACE_MAGIC} header)`);
  const version = bytes.readUInt32LE(8);
  if (version === 1) return { version, overwrite: false, clock: null, buildId: null, catalogDigest: null, lostWithoutBuffer: 0 };
  if (version !== 2) throw new KmarkError(`${source}: trace version ${version}; this kmark reads versions 1 and 2`);
  if (bytes.length < FILE_HEADER_V2 || bytes.readUInt32LE(16) < FILE_HEADER_V2) throw new KmarkError(`${source}: truncated: the file header of a version 2 trace is ${FILE_HEADER_V2} bytes`);
  const frequency = bytes.readBigUInt64LE(24);
  const buildIdSize = Math.min(bytes.readUInt32LE(48), BUILD_ID_MAX);
  const digest = bytes.subarray(72, 88);
  return {
    version,
    overwrite: (bytes.readUInt32LE(20) & 1) !== 0,
    clock: frequency === 0n ? null : { frequency, offsetNs: bytes.readBigInt64LE(32) },
    lostWithoutBuffer: Number(bytes.readBigUInt64LE(40)),
    buildId: buildIdSize === 0 ? null : bytes.toString('hex', 52, 52 + buildIdSize),
    catalogDigest: digest.every((b) => b === 0) ? null : digest.toString('hex'),
  };
}

/**
 * Decodes one whole record (header and payload) by the catalog: its event,
 * or what is wrong with it. Layouts are computed once per marker.
 */
export function recordDecoder(catalog: Catalog, abi: Abi = 'lp64'): (record: Buffer) => TraceEvent | string {
  const byId = new Map(catalog.markers.map((m) => [BigInt(m.eventId), m]));
  const layouts = new Map<Marker, Slot[] | null>();
  return (record) => {
    if (record.length < RECORD_HEADER || record.readUInt32LE(0) !== record.length) return `record of ${record.length} bytes does not hold its own size`;
    const eventId = record.readBigUInt64LE(8);
    const marker = byId.get(eventId);
    if (!marker) return `event id 0x${eventId.toString(16).padStart(16, '0')} is not in the catalog: record skipped`;
    if (!layouts.has(marker)) layouts.set(marker, payloadLayout(marker, abi));
    const layout = layouts.get(marker)!;
    const fields = layout ? readPayload(record, RECORD_HEADER, record.length, layout) : null;
    if (fields === null) return `record of ${marker.id} does not match its format "${marker.format ?? '?'}"`;
    return { thread: record.readUInt32LE(4), timestamp: record.readBigUInt64LE(16), marker, fields };
  };
}

function readPayload(bytes: Buffer, start: number, end: number, layout: readonly Slot[]): TraceEvent['fields'] | null {
  const fields: Array<TraceEvent['fields'][number]> = [];
  let at = start;
  for (const slot of layout) {
    let value: FieldValue;
    if (slot.storage === 'string') {
      if (at + 2 > end) return null;
      const length = bytes.readUInt16LE(at);
      if (at + 2 + length > end) return null;
      value = bytes.toString('utf8', at + 2, at + 2 + length);
      at += 2 + length;
    } else {
      if (at + slot.size > end || slot.size === 0) return null;
      value = readScalar(bytes, at, slot);
      at += slot.size;
    }
    if (slot.name !== null) fields.push({ name: slot.name, conversion: slot.conversion, value });
  }
  return at === end ? fields : null;
}

function readScalar(bytes: Buffer, at: number, slot: Slot): FieldValue {
  if (slot.storage === 'double') return bytes.readDoubleLE(at);
  if (slot.storage === 'pointer') return bytes.readBigUInt64LE(at);
  const signed = slot.storage === 'signed';
  switch (slot.size) {
    case 1:
      return signed ? bytes.readInt8(at) : bytes.readUInt8(at);
    case 2:
      return signed ? bytes.readInt16LE(at) : bytes.readUInt16LE(at);
    case 4:
      return signed ? bytes.readInt32LE(at) : bytes.readUInt32LE(at);
    default:
      return signed ? bytes.readBigInt64LE(at) : bytes.readBigUInt64LE(at);
  }
}

/** A value as the conversion would print it (flags and widths aside). */
export function formatValue(value: FieldValue, conversion: string): string {
  const specifier = conversion[conversion.length - 1] ?? 'd';
  if (typeof value === 'string') return value;
  if (conversion.startsWith('%p')) return `0x${value.toString(16)}`;
  switch (specifier) {
    case 'x':
      return value.toString(16);
    case 'X':
      return value.toString(16).toUpperCase();
    case 'o':
      return value.toString(8);
    case 'c':
      return String.fromCharCode(Number(value) & 0xff);
    default:
      return value.toString();
  }
}
