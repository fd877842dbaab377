/**
 * Profiles: sets of enabled markers as files (schemas/profile.schema.json,
 * docs/live.md). A profile entry is matched against the sites of a running
 * kernel or a catalog by its id, then by its name; what matches neither is
 * reported, never silently dropped.
 */
import { KmarkError } from '../io/errors.js';
import { readJsonFile } from '../io/read.js';
import { validateAgainst } from '../io/schemas.js';
import { writeIfChanged } from '../io/write.js';

/** What a profile keeps of a marker, and what a site is matched by. */
export interface ProfileEntry {
  readonly id: string;
  readonly name: string;
  readonly md5: string;
}

export interface Profile {
  readonly version: 1;
  readonly description?: string;
  readonly markers: readonly ProfileEntry[];
}

export interface ProfileMatch {
  /** The keys to arm: an entry's id when a site has it, else its name. */
  readonly keys: readonly string[];
  /** Entries found by name only: their site moved or was renamed. */
  readonly byName: readonly ProfileEntry[];
  readonly unmatched: readonly ProfileEntry[];
}

/** One entry per id, in the order given (a header's site has one descriptor per TU). */
export function profileOf(sites: Iterable<ProfileEntry>, description?: string): Profile {
  const byId = new Map<string, ProfileEntry>();
  for (const { id, name, md5 } of sites) if (!byId.has(id)) byId.set(id, { id, name, md5 });
  return { version: 1, ...(description !== undefined ? { description } : {}), markers: [...byId.values()] };
}

export function matchProfile(profile: Profile, sites: Iterable<ProfileEntry>): ProfileMatch {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const site of sites) {
    ids.add(site.id);
    names.add(site.name);
  }
  const keys: string[] = [];
  const byName: ProfileEntry[] = [];
  const unmatched: ProfileEntry[] = [];
  for (const entry of profile.markers) {
    if (ids.has(entry.id)) keys.push(entry.id);
    else if (names.has(entry.name)) {
      keys.push(entry.name);
      byName.push(entry);
    } else unmatched.push(entry);
  }
  return { keys: [...new Set(keys)], byName, unmatched };
}

/** A profile as a JSON value; a KmarkError naming the first problem otherwise. */
export function parseProfile(value: unknown, source: string): Profile {
  const problems = validateAgainst('profile', value);
  if (problems.length > 0) throw new KmarkError(`${source}: not a valid profile: ${problems[0]}`);
  return value as Profile;
}

export function readProfile(path: string): Profile {
  return parseProfile(readJsonFile(path), path);
}

export function writeProfile(path: string, profile: Profile): void {
  writeIfChanged(path, `${JSON.stringify(profile, null, 2)}\n`);
}

/** How an unmatched entry is reported. */
export const describeUnmatched = (e: ProfileEntry): string => `no marker '${e.name}' (id ${e.id}): left out`;
