/**
 * The `.markers` ELF section (docs/markers-section.md, layout version 1): the
 * catalog as a self-contained binary table, written as GNU assembler source by
 * `kmark link` and read back by `kmark catalog --from-elf`.
 *
 * `encodeMarkersSection` writes the layout of io/markers-section.ts; the
 * assembly spells out exactly its bytes, and io's `decodeMarkersSection`
 * inverts it: decode(encode(c)) equals c, key order and optional fields
 * included.
 */
import { KmarkError } from '../io/errors.js';
import { ABSENT, ABSENT_BYTE, ABSENT_SIZE, FIELD, FIELD_SIZE, FORMS, HEADER, HEADER_SIZE, hex, MAGIC, MARKER, MARKER_SIZE, MARKUPS, VERSION, type SectionMarker } from '../io/markers-section.js';
import { catalogOf, type Catalog } from '../model/catalog.js';
import { ALL_HANDLERS } from '../model/handlers.js';
import { md5Hex } from '../model/identity.js';
import type { Field, Marker } from '../model/marker.js';
import { cBytesString } from './c.js';

/** The type of the `.note.kmark` note that holds the catalog digest. */
const NOTE_CATALOG_DIGEST = 1;

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
  MAGIC.copy(out, HEADER.magic);
  out.writeUInt8(VERSION, HEADER.version);
  out.writeUInt32LE(HEADER_SIZE, HEADER.headerSize);
  out.writeUInt32LE(l.markers.length, HEADER.markerCount);
  out.writeUInt32LE(MARKER_SIZE, HEADER.markerSize);
  out.writeUInt32LE(l.markersOffset, HEADER.markersOffset);
  out.writeUInt32LE(l.fields.length, HEADER.fieldCount);
  out.writeUInt32LE(FIELD_SIZE, HEADER.fieldSize);
  out.writeUInt32LE(l.fieldsOffset, HEADER.fieldsOffset);
  out.writeUInt32LE(l.stringsOffset, HEADER.stringsOffset);
  out.writeUInt32LE(l.stringBytes.length, HEADER.stringsSize);
  out.writeUInt32LE(0, HEADER.reserved);
  l.markers.forEach((m, k) => {
    const at = l.markersOffset + k * MARKER_SIZE;
    out.writeBigUInt64LE(m.eventId, at + MARKER.eventId);
    m.md5.copy(out, at + MARKER.md5);
    const words = { id: m.id, name: m.name, file: m.file, function: m.function, format: m.format, line: m.marker.line, column: m.marker.column, ordinal: m.marker.ordinal };
    for (const [word, value] of Object.entries(words)) out.writeUInt32LE(value, at + MARKER[word as keyof typeof words]);
    out.writeUInt8(m.form, at + MARKER.form);
    out.writeUInt8(m.handlers, at + MARKER.handlers);
    out.writeUInt8(m.flags, at + MARKER.flags);
    out.writeUInt8(m.markup, at + MARKER.markup);
    out.writeUInt32LE(m.firstField, at + MARKER.firstField);
  });
  l.fields.forEach((f, k) => {
    const at = l.fieldsOffset + k * FIELD_SIZE;
    out.writeUInt32LE(f.name, at + FIELD.name);
    out.writeUInt32LE(f.ctype, at + FIELD.ctype);
    out.writeUInt32LE(f.conversion, at + FIELD.conversion);
    out.writeUInt16LE(f.size, at + FIELD.size);
    out.writeUInt8(f.signedness, at + FIELD.signedness);
    out.writeUInt8(0, at + FIELD.reserved);
  });
  l.stringBytes.copy(out, l.stringsOffset);
  return out;
}

/** Text safe inside a C comment on one line (the .S file goes through cpp). */
function commentText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '.').replace(/\*\//g, '*.');
}

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

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
    `\t.ascii ${cBytesString(MAGIC)}\t/* magic */`,
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
  lines.push('', `/* strings at ${l.stringsOffset} */`, `\t.ascii ${cBytesString(Buffer.alloc(1))}\t/* 0: the empty string */`);
  for (const { offset, text } of l.strings.entries) lines.push(`\t.ascii ${cBytesString(Buffer.from(`${text}\0`, 'utf8'))}\t/* ${offset} */`);
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
  lines.push('', "/* No executable stack: without this note, ld makes the whole program's stack executable. */", '\t.section .note.GNU-stack,"",@progbits', '');
  return lines.join('\n');
}
