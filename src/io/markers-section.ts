/**
 * The `.markers` ELF section's layout (docs/markers-section.md, version 1),
 * every byte offset written once, and its reader, for `kmark catalog
 * --from-elf` and the commands given a linked binary as their catalog.
 * gen/markers-section.ts writes the section.
 */
import { TextDecoder } from 'node:util';
import type { Catalog } from '../model/catalog.js';
import { ALL_HANDLERS, type Handler } from '../model/handlers.js';
import { md5Hex } from '../model/identity.js';
import type { Field, Marker, MarkerForm } from '../model/marker.js';
import { CATALOG_MARKUPS, type CatalogMarkup } from '../model/markups.js';
import { KmarkError } from './errors.js';

export type SectionMarker = Marker & { readonly markup?: CatalogMarkup };

export const MAGIC = Buffer.from('KMARKS\0', 'latin1');
export const VERSION = 1;
export const ABSENT = 0xffffffff;
export const ABSENT_SIZE = 0xffff;
export const ABSENT_BYTE = 0xff;

export const FORMS: readonly MarkerForm[] = ['trace_mark', 'evmarker'];
export const MARKUPS: readonly CatalogMarkup[] = CATALOG_MARKUPS;

/** The header: where each of its words is. */
export const HEADER = {
  magic: 0,
  version: 7,
  headerSize: 8,
  markerCount: 12,
  markerSize: 16,
  markersOffset: 20,
  fieldCount: 24,
  fieldSize: 28,
  fieldsOffset: 32,
  stringsOffset: 36,
  stringsSize: 40,
  reserved: 44,
} as const;
export const HEADER_SIZE = 48;

/** A marker record: string offsets, numbers and bytes. */
export const MARKER = {
  eventId: 0,
  md5: 8,
  id: 24,
  name: 28,
  file: 32,
  function: 36,
  format: 40,
  line: 44,
  column: 48,
  ordinal: 52,
  form: 56,
  handlers: 57,
  flags: 58,
  markup: 59,
  firstField: 60,
} as const;
export const MARKER_SIZE = 64;

/** A field record. */
export const FIELD = { name: 0, ctype: 4, conversion: 8, size: 12, signedness: 14, reserved: 15 } as const;
export const FIELD_SIZE = 16;

export const hex = (value: number | bigint, digits: number): string => `0x${value.toString(16).padStart(digits, '0')}`;

/** Reads a `.markers` section back into the catalog it was made from; any inconsistency is a KmarkError naming `source` and the offset. */
export function decodeMarkersSection(bytes: Buffer, source: string): Catalog {
  const fail = (offset: number, message: string): never => {
    throw new KmarkError(`${source}: .markers section at offset ${hex(offset, 1)}: ${message}`);
  };
  const magicLength = Math.min(bytes.length, MAGIC.length);
  if (!bytes.subarray(0, magicLength).equals(MAGIC.subarray(0, magicLength)) || bytes.length === 0) fail(0, 'bad magic: not a kmark .markers section');
  if (bytes.length < HEADER_SIZE) fail(bytes.length, `truncated: ${bytes.length} bytes, a header is ${HEADER_SIZE}`);
  const version = bytes.readUInt8(HEADER.version);
  if (version !== VERSION) fail(HEADER.version, `layout version ${version}, this kmark reads version ${VERSION}`);
  const expect = (offset: number, name: string, value: number): void => {
    const actual = bytes.readUInt32LE(offset);
    if (actual !== value) fail(offset, `${name} is ${actual}, expected ${value}`);
  };
  expect(HEADER.headerSize, 'header_size', HEADER_SIZE);
  expect(HEADER.markerSize, 'marker_size', MARKER_SIZE);
  expect(HEADER.fieldSize, 'field_size', FIELD_SIZE);
  expect(HEADER.reserved, 'the reserved word', 0);
  const markerCount = bytes.readUInt32LE(HEADER.markerCount);
  const markersOffset = bytes.readUInt32LE(HEADER.markersOffset);
  const fieldCount = bytes.readUInt32LE(HEADER.fieldCount);
  const fieldsOffset = bytes.readUInt32LE(HEADER.fieldsOffset);
  const stringsOffset = bytes.readUInt32LE(HEADER.stringsOffset);
  const stringsSize = bytes.readUInt32LE(HEADER.stringsSize);
  const table = (at: number, name: string, offset: number, size: number): number => {
    const end = offset + size;
    if (offset < HEADER_SIZE || end > bytes.length) fail(at, `the ${name} (${offset} to ${end}) do not lie inside the section (${HEADER_SIZE} to ${bytes.length})`);
    return end;
  };
  const ends = [
    table(HEADER.markersOffset, 'markers', markersOffset, markerCount * MARKER_SIZE),
    table(HEADER.fieldsOffset, 'fields', fieldsOffset, fieldCount * FIELD_SIZE),
    table(HEADER.stringsOffset, 'strings', stringsOffset, stringsSize),
  ];
  if (stringsSize === 0 || bytes[stringsOffset] !== 0) fail(stringsOffset, 'the string table does not start with the empty string');
  if (bytes[stringsOffset + stringsSize - 1] !== 0) fail(stringsOffset + stringsSize - 1, 'the string table does not end with a NUL');
  const end = Math.max(...ends);
  const trailing = bytes.subarray(end);
  if (trailing.length >= 8 || trailing.some((b) => b !== 0)) fail(end, `${trailing.length} bytes after the tables (two .markers tables linked together?)`);

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decoded = new Map<number, string>();
  function stringAt(at: number, what: string, optional: true): string | undefined;
  function stringAt(at: number, what: string, optional: false): string;
  function stringAt(at: number, what: string, optional: boolean): string | undefined {
    const offset = bytes.readUInt32LE(at);
    if (offset === ABSENT) return optional ? undefined : fail(at, `${what} is absent`);
    if (offset >= stringsSize) fail(at, `${what}: string offset ${offset} is outside the string table (${stringsSize} bytes)`);
    const known = decoded.get(offset);
    if (known !== undefined) return known;
    const start = stringsOffset + offset;
    try {
      const text = decoder.decode(bytes.subarray(start, bytes.indexOf(0, start)));
      decoded.set(offset, text);
      return text;
    } catch {
      return fail(start, `${what} (string offset ${offset}) is not valid UTF-8`);
    }
  }

  const fields: Field[] = [];
  for (let k = 0; k < fieldCount; k++) {
    const at = fieldsOffset + k * FIELD_SIZE;
    const what = (name: string): string => `field ${k}'s ${name}`;
    const name = stringAt(at + FIELD.name, what('name'), false);
    const ctype = stringAt(at + FIELD.ctype, what('C type'), true);
    const conversion = stringAt(at + FIELD.conversion, what('conversion'), true);
    const size = bytes.readUInt16LE(at + FIELD.size);
    const signedness = bytes.readUInt8(at + FIELD.signedness);
    if (signedness !== 0 && signedness !== 1 && signedness !== ABSENT_BYTE) fail(at + FIELD.signedness, `field ${k}'s signedness is ${signedness}, expected 0, 1 or 0xff`);
    if (bytes.readUInt8(at + FIELD.reserved) !== 0) fail(at + FIELD.reserved, `field ${k}'s reserved byte is not 0`);
    fields.push({
      name,
      ...(ctype !== undefined ? { ctype } : {}),
      ...(conversion !== undefined ? { conversion } : {}),
      ...(size !== ABSENT_SIZE ? { size } : {}),
      ...(signedness !== ABSENT_BYTE ? { signed: signedness === 1 } : {}),
    });
  }

  const firstFields: number[] = [];
  for (let k = 0; k < markerCount; k++) {
    const at = markersOffset + k * MARKER_SIZE + MARKER.firstField;
    const first = bytes.readUInt32LE(at);
    const previous = firstFields[k - 1] ?? 0;
    if (k === 0 ? first !== 0 : first < previous || first > fieldCount) fail(at, `marker ${k}'s first_field ${first} is not between ${previous} and ${k === 0 ? 0 : fieldCount}`);
    firstFields.push(first);
  }
  if (markerCount === 0 && fieldCount !== 0) fail(HEADER.fieldCount, `${fieldCount} fields but no markers`);

  const markers: SectionMarker[] = [];
  for (let k = 0; k < markerCount; k++) {
    const at = markersOffset + k * MARKER_SIZE;
    const what = (name: string): string => `marker ${k}'s ${name}`;
    const md5 = bytes.subarray(at + MARKER.md5, at + MARKER.md5 + 16).toString('hex');
    const eventId = hex(bytes.readBigUInt64LE(at + MARKER.eventId), 16);
    if (eventId !== `0x${md5.slice(0, 16)}`) fail(at, `${what('event_id')} ${eventId} is not the first 8 bytes of its md5 ${md5}`);
    const id = stringAt(at + MARKER.id, what('id'), false);
    if (md5Hex(id) !== md5) fail(at + MARKER.md5, `${what('md5')} ${md5} is not the md5 of its id '${id}'`);
    const name = stringAt(at + MARKER.name, what('name'), false);
    const file = stringAt(at + MARKER.file, what('file'), false);
    const fn = stringAt(at + MARKER.function, what('function'), false);
    const format = stringAt(at + MARKER.format, what('format'), true) ?? null;
    const form = FORMS[bytes.readUInt8(at + MARKER.form)] ?? fail(at + MARKER.form, `${what('form')} is ${bytes.readUInt8(at + MARKER.form)}, expected 0 or 1`);
    const handlerByte = bytes.readUInt8(at + MARKER.handlers);
    if (handlerByte >> ALL_HANDLERS.length !== 0) fail(at + MARKER.handlers, `${what('handlers')} ${hex(handlerByte, 2)} has unknown bits`);
    const handlers: Handler[] = ALL_HANDLERS.filter((_, bit) => (handlerByte & (1 << bit)) !== 0);
    const flags = bytes.readUInt8(at + MARKER.flags);
    if (flags > 1) fail(at + MARKER.flags, `${what('flags')} ${hex(flags, 2)} has unknown bits`);
    const markupByte = bytes.readUInt8(at + MARKER.markup);
    const markup = markupByte === ABSENT_BYTE ? undefined : (MARKUPS[markupByte] ?? fail(at + MARKER.markup, `${what('markup')} is ${markupByte}, expected 0 to ${MARKUPS.length - 1} or 0xff`));
    markers.push({
      id,
      md5,
      eventId,
      name,
      form,
      file,
      line: bytes.readUInt32LE(at + MARKER.line),
      column: bytes.readUInt32LE(at + MARKER.column),
      function: fn,
      ordinal: bytes.readUInt32LE(at + MARKER.ordinal),
      handlers,
      format,
      fields: fields.slice(firstFields[k]!, firstFields[k + 1] ?? fieldCount),
      enabledByDefault: flags === 1,
      ...(markup !== undefined ? { markup } : {}),
    });
  }
  return { markers };
}
