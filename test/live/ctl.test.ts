/**
 * The control channel under load (docs/live.md): test/live/ctl-hammer.c
 * fires four sites on four threads while this test arms and disarms them
 * through the socket, by name, id, md5 and glob, singly and as sets, and
 * reads the streamed records. After every change the listed state must be
 * what the nesting counts say; at the end every committed record must have
 * been streamed (or counted lost), and only armed sites may stream.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlChannel, type SiteState } from '../../src/live/channel.js';
import { buildHammer, HAMMER_SITES as SITES, startHammer, type Hammer } from './hammer.js';

const NAMES = [...new Set(SITES.map((s) => s.name))];

/** The nesting counts the runtime should hold: per name, and per site (by id or md5). */
class Model {
  readonly nameArms = new Map<string, number>(NAMES.map((n) => [n, 0]));
  readonly idArms = new Map<string, number>(SITES.map((s) => [s.id, 0]));

  /** Applies a set as the runtime must: all or none. */
  change(keys: readonly string[], delta: 1 | -1): boolean {
    const names = new Map(this.nameArms);
    const ids = new Map(this.idArms);
    for (const key of keys) {
      const site = SITES.find((s) => s.id === key || s.md5 === key.toLowerCase());
      const table = names.has(key) ? names : ids;
      const slot = names.has(key) ? key : site!.id;
      const now = table.get(slot)! + delta;
      if (now < 0) return false;
      table.set(slot, now);
    }
    for (const [k, v] of names) this.nameArms.set(k, v);
    for (const [k, v] of ids) this.idArms.set(k, v);
    return true;
  }

  armed(site: (typeof SITES)[number]): number {
    return this.nameArms.get(site.name)! + this.idArms.get(site.id)!;
  }
}

let dir: string;
let hammer: Hammer;
let channel: ControlChannel;
const streamed = new Map<bigint, number>();
let lost = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kmark-ctl-'));
  hammer = await startHammer(buildHammer(dir), join(dir, 'ctl.sock'));
  channel = await ControlChannel.open(join(dir, 'ctl.sock'));
  await channel.subscribe({
    record: (record) => {
      const id = record.readBigUInt64LE(8);
      streamed.set(id, (streamed.get(id) ?? 0) + 1);
    },
    lost: (count) => (lost += count),
  });
}, 60_000);

afterAll(() => {
  channel?.close();
  hammer?.process.kill();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const stateOf = (sites: readonly SiteState[]): Record<string, number> => Object.fromEntries(sites.map((s) => [s.id, s.armed]));

describe('the control channel while four threads fire its sites', () => {
  it('lists every site, with its name, id and md5, none armed', async () => {
    const sites = await channel.list();
    expect(sites.map(({ id, name, md5 }) => ({ id, name, md5 })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(SITES.map(({ id, name, md5 }) => ({ id, name, md5 })));
    expect(sites.every((s) => s.armed === 0)).toBe(true);
  });

  it('keeps the nesting counts of 200 random sets of names, ids, md5s and globs', async () => {
    const model = new Model();
    // A seeded generator: the same sequence every run.
    let seed = 14;
    const random = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), (seed >>> 16) % n);
    const keyOf = (): string => {
      const site = SITES[random(SITES.length)]!;
      return [site.name, site.id, site.md5.toUpperCase(), site.md5][random(4)]!;
    };
    let refused = 0;
    for (let step = 0; step < 200; step++) {
      const keys = Array.from({ length: 1 + random(3) }, keyOf);
      const delta = random(2) === 0 ? 1 : -1;
      const expected = model.change(keys, delta);
      const done = channel.change(delta > 0 ? 'arm' : 'disarm', keys);
      if (expected) await done;
      else {
        await expect(done).rejects.toThrow(/not armed that way/);
        refused++;
      }
      expect(stateOf(await channel.list()), `step ${step}: ${delta > 0 ? 'arm' : 'disarm'} ${keys.join(' ')}`).toEqual(Object.fromEntries(SITES.map((s) => [s.id, model.armed(s)])));
    }
    expect(refused).toBeGreaterThan(10);
    // A glob reaches every name it matches; a set with one unknown key changes nothing.
    await expect(channel.change('arm', ['h_alpha', 'h_nosuch'])).rejects.toThrow(/no marker named 'h_nosuch'/);
    expect((await channel.change('arm', ['h_[ab]*'])).sort()).toEqual(['h_alpha', 'h_beta']);
    model.change(['h_alpha', 'h_beta'], 1);
    expect(stateOf(await channel.list())).toEqual(Object.fromEntries(SITES.map((s) => [s.id, model.armed(s)])));
    // Back to nothing armed, one set per key still held.
    const held = [...[...model.nameArms].flatMap(([k, v]) => Array<string>(v).fill(k)), ...[...model.idArms].flatMap(([k, v]) => Array<string>(v).fill(k))];
    await channel.change('disarm', held);
    expect((await channel.list()).every((s) => s.armed === 0)).toBe(true);
  }, 60_000);

  it('streams the records of armed sites only, and every record committed', async () => {
    await sleep(300);
    const before = new Map(streamed);
    await sleep(300);
    expect(streamed, 'nothing is armed: nothing streams').toEqual(before);

    await channel.change('arm', ['h/b.c:beta:2']);
    await sleep(300);
    await channel.change('disarm', ['h/b.c:beta:2']);
    await sleep(200);
    const grew = (id: bigint): number => (streamed.get(id) ?? 0) - (before.get(id) ?? 0);
    expect(grew(0xb2n)).toBeGreaterThan(100);
    for (const other of [0xa1n, 0xb1n, 0xc1n]) expect(grew(other)).toBe(0);

    // Stopping flushes what is staged: records streamed + lost = records committed.
    const { hits } = await hammer.quit();
    const committed = SITES.reduce((sum, s) => sum + hits.get(s.id)!, 0);
    const received = [...streamed.values()].reduce((a, b) => a + b, 0);
    expect(committed).toBeGreaterThan(1000);
    expect(received + lost).toBe(committed);
    if (lost === 0) for (const s of SITES) expect(streamed.get(s.eventId) ?? 0, s.id).toBe(hits.get(s.id));
  }, 30_000);
});
