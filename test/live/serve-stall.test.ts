/**
 * A page that cannot keep up with the events (docs/live.md, "Slow
 * clients"): kmark serve reads the channel at once, so the backlog would
 * otherwise pile up in its memory. Past its bound, the page's events are
 * dropped and counted, and it is told `event: lost` when it reads again;
 * every record committed reaches it or is counted. test/live/ctl-hammer.c
 * fires four sites on four threads; the catalog describes them.
 */
import { get, type IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlChannel } from '../../src/live/channel.js';
import type { Catalog } from '../../src/model/catalog.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { buildHammer, HAMMER_SITES, startHammer, type Hammer } from './hammer.js';

/** Records kmark serve is to receive: as events, some 110 bytes each, far past its 4 MiB for the page and the sockets' buffers. */
const FLOOD = 150_000;

const CATALOG: Catalog = {
  markers: HAMMER_SITES.map((s) => {
    const [file, fn, ordinal] = s.id.split(':') as [string, string, string];
    return {
      id: s.id,
      md5: s.md5,
      eventId: `0x${s.eventId.toString(16)}`,
      name: s.name,
      form: 'trace_mark' as const,
      file,
      line: 1,
      column: 1,
      function: fn,
      ordinal: Number(ordinal),
      handlers: ['trace' as const],
      format: 'n %u',
      fields: [{ name: 'n', ctype: 'unsigned int', conversion: '%u', size: 4, signed: false }],
      enabledByDefault: false,
    };
  }),
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let dir: string;
let hammer: Hammer;
let channel: ControlChannel;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kmark-serve-stall-'));
  const socket = join(dir, 'ctl.sock');
  hammer = await startHammer(buildHammer(dir), socket);
  channel = await ControlChannel.open(socket);
  server = await startServer({ catalog: CATALOG, catalogPath: join(dir, 'catalog.json'), sourceRoot: dir, profileDir: dir, channel }, { host: '127.0.0.1', port: 0 });
}, 120_000);

afterAll(async () => {
  await server?.close();
  channel?.close();
  hammer?.process.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('kmark serve and a page that stops reading its events', () => {
  it('drops what the page cannot take past its bound, and tells it how many when it reads again', async () => {
    // The channel's own records and losses, as kmark serve's listener gets them.
    let streamed = 0;
    let channelLost = 0;
    await channel.subscribe({ record: () => streamed++, lost: (n) => (channelLost += n) });
    const url = new URL(server.url);
    const response = new Promise<IncomingMessage>((resolve, reject) => get(new URL(`/api/events${url.search}`, url), resolve).once('error', reject));
    // Its headers go with its first event: armed once the page's stream has subscribed, on the same channel.
    await sleep(500);
    await channel.change('arm', ['h_*']);
    const page = await response;
    expect(page.statusCode).toBe(200);
    page.pause();
    for (const at = Date.now(); streamed < FLOOD && Date.now() - at < 60_000;) await sleep(50);
    await channel.change('disarm', ['h_*']);

    let text = '';
    page.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    page.resume();
    const end = await hammer.quit();
    for (let length = -1; length !== text.length;) {
      length = text.length;
      await sleep(500);
    }

    const total = [...end.hits.values()].reduce((a, b) => a + b, 0);
    const events = text.match(/^data: \{/gm)?.length ?? 0;
    const lost = [...text.matchAll(/^event: lost\ndata: (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(streamed).toBeGreaterThanOrEqual(FLOOD);
    expect(events + lost, 'events sent to the page + reported lost to it').toBe(total);
    expect(lost - channelLost, 'events kmark serve received and dropped for the page').toBeGreaterThan(0);
    console.log(`${total} records committed: ${events} reached the page, ${lost - channelLost} dropped for it by kmark serve, ${channelLost} by the kernel for kmark serve`);
  }, 120_000);
});
