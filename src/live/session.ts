/**
 * What both `kmark ctl` and `kmark serve` do with a running kernel beyond
 * single requests: save its enabled set as a profile, and apply a profile
 * to it as one set (docs/live.md).
 */
import type { ControlChannel, SiteState } from './channel.js';
import { matchProfile, profileOf, type Profile, type ProfileMatch } from './profile.js';

/** The sites armed now, one entry per id. */
export async function enabledProfile(channel: ControlChannel, description?: string): Promise<Profile> {
  return profileOf(
    (await channel.list()).filter((s) => s.armed > 0),
    description,
  );
}

/**
 * Arms, as one set, the profile's markers that are not armed yet: a site
 * by its id, or every site of its name when the id matches nothing.
 */
export async function applyProfile(channel: ControlChannel, profile: Profile): Promise<ProfileMatch & { readonly armed: readonly string[] }> {
  const sites = await channel.list();
  const match = matchProfile(profile, sites);
  const keys = match.keys.filter((key) => !sitesOf(sites, key).every((s) => s.armed > 0));
  return { ...match, armed: await channel.change('arm', keys) };
}

const sitesOf = (sites: readonly SiteState[], key: string): SiteState[] => sites.filter((s) => s.id === key || s.name === key);
