/**
 * The one reader of a catalog file a command is given: JSON that must match its schema and
 * its own identities (docs/scanning.md), or a linked binary whose `.markers`
 * section holds the catalog (as `kmark catalog --from-elf`).
 */
import { KmarkError } from './errors.js';
import { oneLine, readInputFile } from './read.js';
import { validateAgainst } from './schemas.js';
import { catalogOf, type Catalog } from '../model/catalog.js';
import { identityOf } from '../model/identity.js';

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** What is wrong with a catalog: its schema's findings, then md5s and event ids that are not its ids', and ids given twice. */
export function catalogProblems(value: unknown): string[] {
  const problems = validateAgainst('catalog', value);
  if (problems.length > 0) return problems;
  const seen = new Map<string, number>();
  (value as Catalog).markers.forEach((marker, k) => {
    const expected = identityOf(marker.id);
    if (marker.md5 !== expected.md5) problems.push(`/markers/${k}/md5: ${marker.md5} is not the md5 of '${marker.id}' (${expected.md5})`);
    else if (marker.eventId !== expected.eventId) problems.push(`/markers/${k}/eventId: ${marker.eventId} is not the first 8 bytes of its md5 (${expected.eventId})`);
    const first = seen.get(marker.id);
    if (first !== undefined) problems.push(`/markers/${k}/id: '${marker.id}' is also /markers/${first}`);
    else seen.set(marker.id, k);
  });
  return problems;
}

/** The catalog in a JSON file or a linked binary; a KmarkError naming the path when it is neither. */
export async function readCatalogFile(path: string): Promise<Catalog> {
  const bytes = readInputFile(path);
  if (bytes.subarray(0, ELF_MAGIC.length).equals(ELF_MAGIC)) return catalogFromElf(path);
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new KmarkError(`${path}: not a catalog: neither JSON (${oneLine((error as Error).message)}) nor an ELF binary`);
  }
  const problems = catalogProblems(value);
  if (problems.length > 0) throw new KmarkError(`${path}: not a valid catalog: ${problems[0]}`);
  return value as Catalog;
}

/** The catalog of a linked binary's `.markers` section (or its objcopy side file). */
export async function catalogFromElf(path: string): Promise<Catalog> {
  const [{ readElfSection }, { noteDescriptorHex }, { decodeMarkersSection }] = await Promise.all([import('./elf.js'), import('./elf-notes.js'), import('./markers-section.js')]);
  const section = readElfSection(path, '.markers');
  if (section === null) throw new KmarkError(`${path}: no .markers section (built with markers off, or split off with objcopy?)`);
  // The image's identity (docs/tracers.md): its GNU build-id, and the digest the link step noted beside the section.
  const catalog = catalogOf(decodeMarkersSection(section, path).markers, noteDescriptorHex(path, '.note.gnu.build-id'));
  const linked = noteDescriptorHex(path, '.note.kmark');
  if (linked !== undefined && linked !== catalog.image?.digest) throw new KmarkError(`${path}: the catalog digest in .note.kmark (${linked}) is not that of its .markers section (${catalog.image?.digest}): the two were not linked together`);
  return catalog;
}
