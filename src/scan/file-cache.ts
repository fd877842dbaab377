/**
 * What the build step remembers of each file between runs (docs/build.md),
 * as git's index does: a file whose size, modification time and inode are
 * the ones recorded is not read again — its #includes and #defines are
 * remembered, and so is its scan, valid while the tree's macro definitions
 * are the ones it was read with (annotation macros from any file change how
 * a file parses: src/c/annotations.ts). The whole cache is one file
 * (v8.serialize), written atomically; a missing, unreadable or foreign one
 * (another kmark, other options) is an empty cache.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { IoProblem, describeFsError } from '../io/errors.js';
import { writeIfChanged } from '../io/write.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { MarkerInMacro, MarkerSite } from '../model/marker.js';
import { AnnotationMacros, macroDefinitions, type FileDefinitions } from '../c/annotations.js';
import type { FunctionMacros } from './function-name.js';
import { includesOf, type Include } from '../c/includes.js';
import { scanText, treePath, withLatin1Format, type ScanResult } from './index.js';
import { decodeSource, mayHoldMarkers } from '../c/source.js';

interface Scanned {
  /** The digest of the tree's macro definitions the file was read with. */
  readonly macros: string;
  readonly sites: MarkerSite[];
  readonly inMacros: MarkerInMacro[];
  readonly diagnostics: Diagnostic[];
}

interface Entry {
  readonly size: number;
  readonly mtimeNs: bigint;
  readonly ino: number;
  /** Modified too recently to trust its time (see entry()). */
  readonly racy: boolean;
  /** Its #include directives, one a line: `<name>` or `"name"` (a few strings are cheaper to keep than many objects). */
  readonly includes: string;
  /** As a scan takes them: a header's, and those of any file that may hold a marker. */
  readonly definitions: FileDefinitions;
  readonly candidate: boolean;
  scanned?: Scanned;
}

const RACY_NS = 2_000_000_000n;

interface Stored {
  readonly key: string;
  readonly entries: Map<string, Entry>;
  /** What the caller recorded per name (the build step: each TU's include closure). */
  readonly notes: Map<string, string>;
}

export class FileCache {
  private readonly entries: Map<string, Entry>;
  private readonly notes: Map<string, string>;
  /** Files read in this run (new, or changed since the last), or scanned again. */
  private readonly fresh = new Set<string>();
  private read = 0;
  private bytesRead = 0;

  /** `path` null: remember nothing between runs. `key` names everything besides the files that results depend on. */
  constructor(
    private readonly path: string | null,
    private readonly key: string,
  ) {
    const stored = path !== null ? load(path, key) : null;
    this.entries = stored?.entries ?? new Map();
    this.notes = stored?.notes ?? new Map();
  }

  /** The file's #include directives; none when it cannot be read (its scan reports it). */
  includes(file: string): Include[] {
    const entry = this.entry(file);
    if (entry instanceof IoProblem || entry.includes === '') return [];
    return entry.includes.split('\n').map((line) => ({ name: line.slice(1, -1), system: line[0] === '<' }));
  }

  /** Whether what the cache says of the file was made in this run: it is new, changed, or was scanned again. */
  isFresh(file: string): boolean {
    return this.fresh.has(file);
  }

  /** Records a note for the next run, and returns the one of the last run. */
  note(name: string, value: string): string | undefined {
    const last = this.notes.get(name);
    this.notes.set(name, value);
    return last;
  }

  /**
   * A scan of `files` (absolute paths), as `scan()` gives, reading only the
   * files that changed — or every file that may hold a marker, when the
   * tree's macro definitions changed.
   */
  scan(files: readonly string[], root: string, annotationMacros: readonly string[], functionMacros: FunctionMacros): ScanResult {
    const problems: IoProblem[] = [];
    const readable: Array<{ file: string; entry: Entry }> = [];
    for (const file of files) {
      const entry = this.entry(file);
      if (entry instanceof IoProblem) problems.push(entry);
      else readable.push({ file, entry });
    }
    const definitions = readable.map(({ entry }) => entry.definitions).filter((d) => d !== '');
    const digest = createHash('md5').update(JSON.stringify(definitions)).digest('hex');
    const macros = new AnnotationMacros(definitions, annotationMacros);
    const sites: MarkerSite[] = [];
    const inMacros: MarkerInMacro[] = [];
    const diagnostics: Diagnostic[] = [];
    let filesParsed = 0;
    for (const { file, entry } of readable) {
      if (!entry.candidate) continue;
      if (entry.scanned?.macros !== digest) {
        const path = treePath(root, file);
        const { text, latin1, diagnostics: decoding } = decodeSource(readFileSync(file), path);
        const extraction = text === null ? { sites: [], inMacros: [], diagnostics: [] } : scanText(path, text, macros, functionMacros);
        const scannedSites = latin1 ? extraction.sites.map(withLatin1Format) : extraction.sites;
        entry.scanned = { macros: digest, sites: scannedSites, inMacros: extraction.inMacros, diagnostics: [...decoding, ...extraction.diagnostics] };
        this.fresh.add(file);
        filesParsed++;
      }
      sites.push(...entry.scanned.sites);
      inMacros.push(...entry.scanned.inMacros);
      diagnostics.push(...entry.scanned.diagnostics);
    }
    const stats = { filesRead: this.read, bytesRead: this.bytesRead, threads: 1, filesParsed };
    return { stats, sites, inMacros, diagnostics, problems, annotations: macros };
  }

  /** Writes the cache for the next run, keeping only the files and notes still in use. */
  save(files: readonly string[], notes: readonly string[]): void {
    if (this.path === null) return;
    const kept = <T>(map: Map<string, T>, names: readonly string[]): Map<string, T> => new Map(names.flatMap((name) => (map.has(name) ? [[name, map.get(name)!] as const] : [])));
    const stored: Stored = { key: this.key, entries: kept(this.entries, files), notes: kept(this.notes, notes) };
    writeIfChanged(this.path, serialize(stored));
  }

  private entry(file: string): Entry | IoProblem {
    let stat;
    let bytes: Buffer;
    try {
      stat = statSync(file, { bigint: true });
      // Read only regular files: a FIFO would block, a device never end.
      if (!stat.isFile()) return new IoProblem(file, stat.isDirectory() ? 'is a directory' : 'not a regular file');
      const known = this.entries.get(file);
      if (known !== undefined && !known.racy && known.mtimeNs === stat.mtimeNs && known.size === Number(stat.size) && known.ino === Number(stat.ino)) return known;
      bytes = readFileSync(file);
    } catch (error) {
      return new IoProblem(file, describeFsError(error));
    }
    this.read++;
    this.bytesRead += bytes.length;
    const candidate = mayHoldMarkers(bytes);
    const definitions = candidate ? macroDefinitions(decodeSource(bytes, file).text ?? '') : file.endsWith('.h') ? macroDefinitions(bytes) : '';
    // Git's "racy" entries: a file changed again within its clock's tick keeps its time, so one this recent is read again next run.
    const racy = BigInt(Date.now()) * 1_000_000n - stat.mtimeNs < RACY_NS;
    const entry: Entry = {
      size: Number(stat.size),
      mtimeNs: stat.mtimeNs,
      ino: Number(stat.ino),
      racy,
      includes: includesOf(bytes.toString('latin1'))
        .map((i) => (i.system ? `<${i.name}>` : `"${i.name}"`))
        .join('\n'),
      definitions,
      candidate,
    };
    this.entries.set(file, entry);
    this.fresh.add(file);
    return entry;
  }
}

function load(path: string, key: string): Stored | null {
  try {
    const stored = deserialize(readFileSync(path)) as Partial<Stored> | null;
    return stored?.key === key && stored.entries instanceof Map && stored.notes instanceof Map ? (stored as Stored) : null;
  } catch {
    return null;
  }
}
