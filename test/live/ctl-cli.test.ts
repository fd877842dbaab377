/**
 * `kmark ctl` as a user runs it against a running kernel (docs/live.md):
 * arm, save the enabled set as a profile (valid against
 * schemas/profile.schema.json), disarm, load it back, and the same sites are
 * armed, in the list and in the events that arrive. The CLI runs as a child
 * process while this one stays subscribed to the events, as `kmark serve`
 * would be: spawned asynchronously, so that this process keeps reading.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlChannel } from '../../src/live/channel.js';
import { KMARK, REPO, type Run } from '../helpers/cli.js';
import { buildHammer, HAMMER_SITES, startHammer, type Hammer } from './hammer.js';

/** The CLI, without blocking this process's event loop. */
function kmarkAsync(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(KMARK, args, { cwd: REPO, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const [ALPHA, , BETA_2] = HAMMER_SITES;

let dir: string;
let socket: string;
let hammer: Hammer;
let watcher: ControlChannel;
const seen = new Map<bigint, number>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kmark-ctl-cli-'));
  socket = join(dir, 'ctl.sock');
  hammer = await startHammer(buildHammer(dir), socket);
  watcher = await ControlChannel.open(socket);
  await watcher.subscribe({
    record: (record) => {
      const id = record.readBigUInt64LE(8);
      seen.set(id, (seen.get(id) ?? 0) + 1);
    },
    lost: () => undefined,
  });
}, 120_000);

afterAll(() => {
  watcher?.close();
  hammer?.process.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** The ids armed, as `kmark ctl list --format json` prints them. */
async function armedIds(): Promise<string[]> {
  const run = await kmarkAsync(['ctl', socket, 'list', '--format', 'json']);
  expect(run.status, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { id: string; armed: number }[])
    .filter((s) => s.armed > 0)
    .map((s) => s.id)
    .sort();
}

/** Event ids streamed during @ms. */
async function firing(ms: number): Promise<bigint[]> {
  const before = new Map(seen);
  await sleep(ms);
  return [...seen]
    .filter(([id, n]) => n > (before.get(id) ?? 0))
    .map(([id]) => id)
    .sort();
}

describe('kmark ctl save and load', () => {
  it('saves the enabled set as a profile and loads it back: the same sites armed, the same events', async () => {
    const arm = await kmarkAsync(['ctl', socket, 'arm', ALPHA.name, BETA_2.id]);
    expect(arm.status, arm.stderr).toBe(0);
    expect(arm.stderr).toContain(`armed ${ALPHA.name} ${BETA_2.id}`);
    expect(await armedIds()).toEqual([ALPHA.id, BETA_2.id]);

    const file = join(dir, 'enabled.json');
    const save = await kmarkAsync(['ctl', socket, 'save', file]);
    expect(save.status, save.stderr).toBe(0);
    const profile = JSON.parse(readFileSync(file, 'utf8')) as { markers: { id: string }[] };
    const schema = JSON.parse(readFileSync(join(REPO, 'schemas', 'profile.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    expect(validate(profile), JSON.stringify(validate.errors)).toBe(true);
    // In the order the kernel lists its sites.
    profile.markers.sort((a, b) => a.id.localeCompare(b.id));
    expect(profile).toEqual({ version: 1, markers: [ALPHA, BETA_2].map(({ id, name, md5 }) => ({ id, name, md5 })) });

    const disarm = await kmarkAsync(['ctl', socket, 'disarm', ALPHA.name, BETA_2.id]);
    expect(disarm.status, disarm.stderr).toBe(0);
    expect(await armedIds()).toEqual([]);
    await sleep(200);
    expect(await firing(300), 'nothing armed: no events').toEqual([]);

    const load = await kmarkAsync(['ctl', socket, 'load', file]);
    expect(load.status, load.stderr).toBe(0);
    expect(await armedIds()).toEqual([ALPHA.id, BETA_2.id]);
    expect(await firing(400)).toEqual([ALPHA.eventId, BETA_2.eventId].sort());
  }, 60_000);

  it('loads what still matches from a profile with a marker gone, says what, and exits 1', async () => {
    expect((await kmarkAsync(['ctl', socket, 'disarm', ALPHA.id, BETA_2.id])).status).toBe(0);
    const file = join(dir, 'stale.json');
    const gone = { id: 'h/z.c:zeta:1', name: 'h_zeta', md5: 'f0000000000000000000000000000001' };
    writeFileSync(file, JSON.stringify({ version: 1, markers: [gone, { id: 'h/c.c:moved:1', name: 'h_gamma', md5: HAMMER_SITES[3].md5 }] }));
    const load = await kmarkAsync(['ctl', socket, 'load', file]);
    expect(load.status).toBe(1);
    expect(load.stderr).toContain(`no marker 'h_zeta' (id h/z.c:zeta:1): left out`);
    expect(load.stderr).toContain(`'h_gamma' matched by name`);
    expect(await armedIds()).toEqual([HAMMER_SITES[3].id]);

    const end = await hammer.quit();
    expect(end.code).toBe(0);
  }, 60_000);
});
