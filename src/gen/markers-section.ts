/**
 * The `.markers` ELF section (docs/markers-section.md, layout version 1): the
 * catalog as a self-contained binary table, written as GNU assembler source by
 * `kmark link` and read back by `kmark catalog --from-elf`.
 *
 * `encodeMarkersSection` is the layout; the assembly spells out exactly its
 * bytes, and `decodeMarkersSection` inverts it: decode(encode(c)) equals c,
 * key order and optional fields included.
 */
import { TextDecoder } from 'node:util';
import { KmarkError } from '../io/errors.js';
import { catalogOf, type Catalog } from '../model/catalog.js';
import { ALL_HANDLERS, type Handler } from '../model/handlers.js';
import { md5Hex } from '../model/identity.js';
import type { Field, Marker, MarkerForm } from '../model/marker.js';
import { CATALOG_MARKUPS, type CatalogMarkup } from '../model/markups.js';

type SectionMarker = Marker & { readonly markup?: CatalogMarkup };

const MAGIC = Buffer.from('KMARKS\0', 'latin1');
const VERSION = 1;
const HEADER_SIZE = 48;
const MARKER_SIZE = 64;
const FIELD_SIZE = 16;
const ABSENT = 0xffffffff;
/** The type of the `.note.kmark` note that holds the catalog digest. */
const NOTE_CATALOG_DIGEST = 1;
const ABSENT_SIZE = 0xffff;
const ABSENT_BYTE = 0xff;

const FORMS: readonly MarkerForm[] = ['trace_mark', 'evmarker'];
const MARKUPS: readonly CatalogMarkup[] = CATALOG_MARKUPS;

/** Deduplicated NUL-terminated strings in order of first use; offset 0 is the empty string. */
class StringTable {
  private readonly offsets = new Map<string, number>([['', 0]]);
  private readonly chunks: Buffer[] = [Buffer.alloc(1)];
  private size = 1;
  readonly entries: Array<{ offset: number; text: string }> = [];

  offsetOf(text: string | null | undefined, what: () => string): number {
    if (text === null || text === undefined) return ABSENT;
    const known = this.offsets.get(text);
    if (known !== undefined) return known;
    if (text.includes('\0')) throw new KmarkError(`${what()} contains a NUL character: it cannot be stored in the .markers section`);
    if (/[\uD800-\uDFFF]/u.test(text)) throw new KmarkError(`${what()} is not valid Unicode (a lone surrogate): it cannot be stored as UTF-8`);
    const offset = this.size;
    const bytes = Buffer.from(`${text}\0`, 'utf8');
    this.offsets.set(text, offset);
    this.chunks.push(bytes);
    this.entries.push({ offset, text });
    this.size += bytes.length;
    return offset;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

interface MarkerRecord {
  readonly marker: SectionMarker;
  readonly eventId: bigint;
  readonly md5: Buffer;
  readonly id: number;
  readonly name: number;
  readonly file: number;
  readonly function: number;
  readonly format: number;
  readonly form: number;
  readonly handlers: number;
  readonly flags: number;
  readonly markup: number;
  readonly firstField: number;
}

interface FieldRecord {
  readonly field: Field;
  readonly name: number;
  readonly ctype: number;
  readonly conversion: number;
  readonly size: number;
  readonly signedness: number;
}

interface Layout {
  readonly markers: readonly MarkerRecord[];
  readonly fields: readonly FieldRecord[];
  readonly strings: StringTable;
  readonly stringBytes: Buffer;
  readonly markersOffset: number;
  readonly fieldsOffset: number;
  readonly stringsOffset: number;
  readonly size: number;
}

function u32(value: number, what: () => string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new KmarkError(`${what()} is ${value}: not an integer the .markers section can hold (0 to ${0xffffffff})`);
  return value;
}

function handlerBits(marker: Marker): number {
  let bits = 0;
  for (const handler of marker.handlers) {
    const bit = ALL_HANDLERS.indexOf(handler);
    if (bit < 0) throw new KmarkError(`marker ${marker.id}: unknown handler '${String(handler)}'`);
    bits |= 1 << bit;
  }
  const canonical = ALL_HANDLERS.filter((_, bit) => (bits & (1 << bit)) !== 0);
  if (canonical.join() !== marker.handlers.join()) {
    throw new KmarkError(`marker ${marker.id}: handlers [${marker.handlers.join(', ')}] are not unique and in the order ${ALL_HANDLERS.join(', ')}`);
  }
  return bits;
}

function layout(catalog: Catalog): Layout {
  const strings = new StringTable();
  const markers: MarkerRecord[] = [];
  const fields: FieldRecord[] = [];
  for (const marker of catalog.markers as readonly SectionMarker[]) {
    const about = (what: string) => () => `marker ${marker.id}: ${what}`;
    if (!/^[0-9a-f]{32}$/.test(marker.md5)) throw new KmarkError(`marker ${marker.id}: md5 '${marker.md5}' is not 32 lower-case hex digits`);
    if (marker.md5 !== md5Hex(marker.id)) throw new KmarkError(`marker ${marker.id}: md5 ${marker.md5} is not the md5 of the id`);
    if (marker.eventId !== `0x${marker.md5.slice(0, 16)}`) throw new KmarkError(`marker ${marker.id}: event id ${marker.eventId} is not the first 8 bytes of the md5`);
    const form = FORMS.indexOf(marker.form);
    if (form < 0) throw new KmarkError(`marker ${marker.id}: unknown form '${String(marker.form)}'`);
    const markup = marker.markup === undefined ? ABSENT_BYTE : MARKUPS.indexOf(marker.markup);
    if (markup < 0) throw new KmarkError(`marker ${marker.id}: unknown markup '${String(marker.markup)}'`);
    markers.push({
      marker,
      eventId: BigInt(marker.eventId),
      md5: Buffer.from(marker.md5, 'hex'),
      id: strings.offsetOf(marker.id, about('the id')),
      name: strings.offsetOf(marker.name, about('the name')),
      file: strings.offsetOf(marker.file, about('the file')),
      function: strings.offsetOf(marker.function, about('the function')),
      format: strings.offsetOf(marker.format, about('the format')),
      form,
      handlers: handlerBits(marker),
      flags: marker.enabledByDefault ? 1 : 0,
      markup,
      firstField: fields.length,
    });
    u32(marker.line, about('the line'));
    u32(marker.column, about('the column'));
    u32(marker.ordinal, about('the ordinal'));
    marker.fields.forEach((field, k) => {
      const ofField = (what: string) => about(`field ${k + 1} (${field.name}): ${what}`);
      const size = field.size ?? ABSENT_SIZE;
      if (!Number.isInteger(size) || size < 0 || size > ABSENT_SIZE || (field.size !== undefined && size === ABSENT_SIZE)) {
        throw new KmarkError(`${ofField('the size')()} is ${field.size}: the .markers section holds sizes from 0 to ${ABSENT_SIZE - 1}`);
      }
      fields.push({
        field,
        name: strings.offsetOf(field.name, ofField('the name')),
        ctype: strings.offsetOf(field.ctype, ofField('the C type')),
        conversion: strings.offsetOf(field.conversion, ofField('the conversion')),
        size,
        signedness: field.signed === undefined ? ABSENT_BYTE : field.signed ? 1 : 0,
      });
    });
  }
  const stringBytes = strings.bytes();
  const markersOffset = HEADER_SIZE;
  const fieldsOffset = markersOffset + markers.length * MARKER_SIZE;
  const stringsOffset = fieldsOffset + fields.length * FIELD_SIZE;
  const size = stringsOffset + stringBytes.length;
  if (size >= ABSENT) throw new KmarkError(`the .markers section would be ${size} bytes: more than its 32-bit offsets can address`);
  return { markers, fields, strings, stringBytes, markersOffset, fieldsOffset, stringsOffset, size };
}

/** The bytes of the `.markers` section for the catalog. */
export function encodeMarkersSection(catalog: Catalog): Buffer {
  const l = layout(catalog);
  const out = Buffer.alloc(l.size);
  MAGIC.copy(out, 0);
  out.writeUInt8(VERSION, 7);
  out.writeUInt32LE(HEADER_SIZE, 8);
  out.writeUInt32LE(l.markers.length, 12);
  out.writeUInt32LE(MARKER_SIZE, 16);
  out.writeUInt32LE(l.markersOffset, 20);
  out.writeUInt32LE(l.fields.length, 24);
  out.writeUInt32LE(FIELD_SIZE, 28);
  out.writeUInt32LE(l.fieldsOffset, 32);
  out.writeUInt32LE(l.stringsOffset, 36);
  out.writeUInt32LE(l.stringBytes.length, 40);
  out.writeUInt32LE(0, 44);
  l.markers.forEach((m, k) => {
    const at = l.markersOffset + k * MARKER_SIZE;
    out.writeBigUInt64LE(m.eventId, at);
    m.md5.copy(out, at + 8);
    [m.id, m.name, m.file, m.function, m.format, m.marker.line, m.marker.column, m.marker.ordinal].forEach((value, j) => out.writeUInt32LE(value, at + 24 + 4 * j));
    out.writeUInt8(m.form, at + 56);
    out.writeUInt8(m.handlers, at + 57);
    out.writeUInt8(m.flags, at + 58);
    out.writeUInt8(m.markup, at + 59);
    out.writeUInt32LE(m.firstField, at + 60);
  });
  l.fields.forEach((f, k) => {
    const at = l.fieldsOffset + k * FIELD_SIZE;
    out.writeUInt32LE(f.name, at);
    out.writeUInt32LE(f.ctype, at + 4);
    out.writeUInt32LE(f.conversion, at + 8);
    out.writeUInt16LE(f.size, at + 12);
    out.writeUInt8(f.signedness, at + 14);
    out.writeUInt8(0, at + 15);
  });
  l.stringBytes.copy(out, l.stringsOffset);
  return out;
}

/** A GNU as string literal: printable ASCII as is, everything else (and `?`, no trigraph can form) as 3-digit octal. */
function gasString(bytes: Buffer): string {
  let out = '"';
  for (const byte of bytes) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f && byte !== 0x3f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** Text safe inside a C comment on one line (the .S file goes through cpp). */
function commentText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '.').replace(/\*\//g, '*.');
}

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

const hex = (value: number | bigint, digits: number): string => `0x${value.toString(16).padStart(digits, '0')}`;

/**
 * The GNU as source (x86-64 and i386 alike) of the `.markers` section: a
 * non-allocated section holding exactly `encodeMarkersSection(catalog)`.
 */
export function markersSectionAssembly(catalog: Catalog): string {
  const l = layout(catalog);
  const lines = [
    '/*',
    ' * Generated by kmark (kmark link) from the marker catalog: do not edit.',
    ` * The .markers section, layout version ${VERSION} (docs/markers-section.md):`,
    ` * ${count(l.markers.length, 'marker')}, ${count(l.fields.length, 'field')}, ${count(l.stringBytes.length, 'byte')} of strings, ${count(l.size, 'byte')} in all.`,
    ' * Not allocated: objcopy --remove-section=.markers leaves a binary that runs as before.',
    ' */',
    '\t.section .markers,"",@progbits',
    '\t.balign 8',
    '',
    '/* header */',
    `\t.ascii ${gasString(MAGIC)}\t/* magic */`,
    `\t.byte ${VERSION}\t/* version */`,
    `\t.long ${HEADER_SIZE}\t/* header_size */`,
    `\t.long ${l.markers.length}\t/* marker_count */`,
    `\t.long ${MARKER_SIZE}\t/* marker_size */`,
    `\t.long ${l.markersOffset}\t/* markers_offset */`,
    `\t.long ${l.fields.length}\t/* field_count */`,
    `\t.long ${FIELD_SIZE}\t/* field_size */`,
    `\t.long ${l.fieldsOffset}\t/* fields_offset */`,
    `\t.long ${l.stringsOffset}\t/* strings_offset */`,
    `\t.long ${l.stringBytes.length}\t/* strings_size */`,
    '\t.long 0\t/* reserved */',
  ];
  const str = (offset: number): string => (offset === ABSENT ? hex(ABSENT, 8) : String(offset));
  l.markers.forEach((m, k) => {
    lines.push(
      '',
      `/* marker ${k} at ${l.markersOffset + k * MARKER_SIZE}: ${commentText(m.marker.id)} (${commentText(m.marker.name)}) */`,
      `\t.quad ${hex(m.eventId, 16)}\t/* event_id */`,
      `\t.byte ${[...m.md5].map((b) => hex(b, 2)).join(', ')}\t/* md5 */`,
      `\t.long ${[m.id, m.name, m.file, m.function, m.format].map(str).join(', ')}\t/* id, name, file, function, format */`,
      `\t.long ${m.marker.line}, ${m.marker.column}, ${m.marker.ordinal}\t/* line, column, ordinal */`,
      `\t.byte ${m.form}, ${m.handlers}, ${m.flags}, ${hex(m.markup, 2)}\t/* form, handlers, flags, markup */`,
      `\t.long ${m.firstField}\t/* first_field */`,
    );
  });
  lines.push('', `/* fields at ${l.fieldsOffset} */`);
  l.fields.forEach((f, k) => {
    lines.push(
      `\t.long ${[f.name, f.ctype, f.conversion].map(str).join(', ')}\t/* field ${k}: ${commentText(f.field.name)}: name, ctype, conversion */`,
      `\t.short ${hex(f.size, 4)}\t/* size */`,
      `\t.byte ${hex(f.signedness, 2)}, 0\t/* signedness, reserved */`,
    );
  });
  lines.push('', `/* strings at ${l.stringsOffset} */`, `\t.ascii ${gasString(Buffer.alloc(1))}\t/* 0: the empty string */`);
  for (const { offset, text } of l.strings.entries) lines.push(`\t.ascii ${gasString(Buffer.from(`${text}\0`, 'utf8'))}\t/* ${offset} */`);
  const digest = Buffer.from((catalog.image ?? catalogOf(catalog.markers).image!).digest, 'hex');
  lines.push(
    '',
    '/* The catalog digest (docs/tracers.md): allocated, for the runtime to write in its trace header. */',
    '\t.section .note.kmark,"a",@note',
    '\t.balign 4',
    `\t.long 6, ${digest.length}, ${NOTE_CATALOG_DIGEST}\t/* namesz, descsz, type: catalog digest */`,
    '\t.asciz "kmark"',
    '\t.balign 4',
    '\t.globl __kmark_catalog_digest',
    '\t.hidden __kmark_catalog_digest',
    '__kmark_catalog_digest:',
    `\t.byte ${[...digest].map((b) => hex(b, 2)).join(', ')}`,
    '\t.balign 4',
  );
  lines.push('', '/* No executable stack: without this note, ld makes the whole program\'s stack executable. */', '\t.section .note.GNU-stack,"",@progbits', '');
  return lines.join('\n');
}

/** Reads a `.markers` section back into the catalog it was made from; any inconsistency is a KmarkError naming `source` and the offset. */
export function decodeMarkersSection(bytes: Buffer, source: string): Catalog {
  const fail = (offset: number, message: string): never => {
    throw new KmarkError(`${source}: .markers section at offset ${hex(offset, 1)}: ${message}`);
  };
  const magicLength = Math.min(bytes.length, MAGIC.length);
  if (!bytes.subarray(0, magicLength).equals(MAGIC.subarray(0, magicLength)) || bytes.length === 0) fail(0, 'bad magic: not a kmark .markers section');
  if (bytes.length < HEADER_SIZE) fail(bytes.length, `truncated: ${bytes.length} bytes, a header is ${HEADER_SIZE}`);
  const version = bytes.readUInt8(7);
  if (version !== VERSION) fail(7, `layout version ${version}, this kmark reads version ${VERSION}`);
  const expect = (offset: number, name: string, value: number): void => {
    const actual = bytes.readUInt32LE(offset);
    if (actual !== value) fail(offset, `${name} is ${actual}, expected ${value}`);
  };
  expect(8, 'header_size', HEADER_SIZE);
  expect(16, 'marker_size', MARKER_SIZE);
  expect(28, 'field_size', FIELD_SIZE);
  expect(44, 'the reserved word', 0);
  const markerCount = bytes.readUInt32LE(12);
  const markersOffset = bytes.readUInt32LE(20);
  const fieldCount = bytes.readUInt32LE(24);
  const fieldsOffset = bytes.readUInt32LE(32);
  const stringsOffset = bytes.readUInt32LE(36);
  const stringsSize = bytes.readUInt32LE(40);
  const table = (at: number, name: string, offset: number, size: number): number => {
    const end = offset + size;
    if (offset < HEADER_SIZE || end > bytes.length) fail(at, `the ${name} (${offset} to ${end}) do not lie inside the section (${HEADER_SIZE} to ${bytes.length})`);
    return end;
  };
  const ends = [
    table(20, 'markers', markersOffset, markerCount * MARKER_SIZE),
    table(32, 'fields', fieldsOffset, fieldCount * FIELD_SIZE),
    table(36, 'strings', stringsOffset, stringsSize),
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
    const name = stringAt(at, what('name'), false);
    const ctype = stringAt(at + 4, what('C type'), true);
    const conversion = stringAt(at + 8, what('conversion'), true);
    const size = bytes.readUInt16LE(at + 12);
    const signedness = bytes.readUInt8(at + 14);
    if (signedness !== 0 && signedness !== 1 && signedness !== ABSENT_BYTE) fail(at + 14, `field ${k}'s signedness is ${signedness}, expected 0, 1 or 0xff`);
    if (bytes.readUInt8(at + 15) !== 0) fail(at + 15, `field ${k}'s reserved byte is not 0`);
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
    const at = markersOffset + k * MARKER_SIZE + 60;
    const first = bytes.readUInt32LE(at);
    const previous = firstFields[k - 1] ?? 0;
    if (k === 0 ? first !== 0 : first < previous || first > fieldCount) fail(at, `marker ${k}'s first_field ${first} is not between ${previous} and ${k === 0 ? 0 : fieldCount}`);
    firstFields.push(first);
  }
  if (markerCount === 0 && fieldCount !== 0) fail(24, `${fieldCount} fields but no markers`);

  const markers: SectionMarker[] = [];
  for (let k = 0; k < markerCount; k++) {
    const at = markersOffset + k * MARKER_SIZE;
    const what = (name: string): string => `marker ${k}'s ${name}`;
    const md5 = bytes.subarray(at + 8, at + 24).toString('hex');
    const eventId = hex(bytes.readBigUInt64LE(at), 16);
    if (eventId !== `0x${md5.slice(0, 16)}`) fail(at, `${what('event_id')} ${eventId} is not the first 8 bytes of its md5 ${md5}`);
    const id = stringAt(at + 24, what('id'), false);
    if (md5Hex(id) !== md5) fail(at + 8, `${what('md5')} ${md5} is not the md5 of its id '${id}'`);
    const name = stringAt(at + 28, what('name'), false);
    const file = stringAt(at + 32, what('file'), false);
    const fn = stringAt(at + 36, what('function'), false);
    const format = stringAt(at + 40, what('format'), true) ?? null;
    const form = FORMS[bytes.readUInt8(at + 56)] ?? fail(at + 56, `${what('form')} is ${bytes.readUInt8(at + 56)}, expected 0 or 1`);
    const handlerByte = bytes.readUInt8(at + 57);
    if (handlerByte >> ALL_HANDLERS.length !== 0) fail(at + 57, `${what('handlers')} ${hex(handlerByte, 2)} has unknown bits`);
    const handlers: Handler[] = ALL_HANDLERS.filter((_, bit) => (handlerByte & (1 << bit)) !== 0);
    const flags = bytes.readUInt8(at + 58);
    if (flags > 1) fail(at + 58, `${what('flags')} ${hex(flags, 2)} has unknown bits`);
    const markupByte = bytes.readUInt8(at + 59);
    const markup = markupByte === ABSENT_BYTE ? undefined : (MARKUPS[markupByte] ?? fail(at + 59, `${what('markup')} is ${markupByte}, expected 0 to ${MARKUPS.length - 1} or 0xff`));
    markers.push({
      id,
      md5,
      eventId,
      name,
      form,
      file,
      line: bytes.readUInt32LE(at + 44),
      column: bytes.readUInt32LE(at + 48),
      function: fn,
      ordinal: bytes.readUInt32LE(at + 52),
      handlers,
      format,
      fields: fields.slice(firstFields[k]!, firstFields[k + 1] ?? fieldCount),
      enabledByDefault: flags === 1,
      ...(markup !== undefined ? { markup } : {}),
    });
  }
  return { markers };
}
