/**
 * A client that stops reading must not stall the control channel
 * (docs/live.md, "Slow clients"): one subscribes to events and reads
 * nothing while test/live/ctl-hammer.c fires its sites on four threads;
 * another's requests are still answered at once, and the one that stalled
 * finds, when it reads again, every record either streamed to it or
 * counted lost. Built plain, under AddressSanitizer with UBSan, and under
 * ThreadSanitizer: the buffering of the channel must not race.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { ControlChannel } from '../../src/live/channel.js';
import { buildHammer, HAMMER_SITES, SANITIZERS, sanitizerUnavailable, startHammer, type Hammer, type Sanitizer } from './hammer.js';

/** How long a request may take, even under ThreadSanitizer on a loaded machine (the slowest is printed); without the fix, forever. */
const ANSWER_MS = 5000;
/**
 * Requests sent by the client that reads no replies: 1.2 MB, their replies 1.3 MB, far past what
 * it may leave unread (64 KiB queued in the kernel, and what the sockets hold: some 300 KB).
 */
const ARMS = 100_000;
/** Records the client that keeps up must see before the stalled one has surely overflowed (4 MiB, ~63 bytes a record, and socket buffers). */
const FLOOD = 150_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let slowest = 0;

/** @promise, or an error naming @what after ANSWER_MS; the slowest answer is kept. */
async function answered<T>(what: string, promise: Promise<T>): Promise<T> {
  const asked = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ANSWER_MS} ms`)), ANSWER_MS)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
    slowest = Math.max(slowest, Date.now() - asked);
  }
}

/** A raw client that asks for events, then reads nothing until resumed. */
async function stalledSubscriber(path: string): Promise<{ socket: Socket; text: () => string }> {
  const socket = connect(path);
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (text += chunk));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => socket.write('events\n'));
    const subscribed = (): void => {
      if (!text.includes('ok events\n')) return;
      socket.pause();
      socket.off('data', subscribed);
      resolve();
    };
    socket.on('data', subscribed);
  });
  return { socket, text: () => text };
}

const dir = mkdtempSync(join(tmpdir(), 'kmark-ctl-stall-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(Object.keys(SANITIZERS) as Sanitizer[])('built with sanitizer: %s', (sanitizer) => {
  let exe: string;
  let unavailable: string | null;
  let hammer: Hammer | undefined;
  const socketPath = join(dir, `${sanitizer}.sock`);

  beforeAll(() => {
    unavailable = sanitizerUnavailable(dir, sanitizer);
    if (unavailable === null) exe = buildHammer(dir, sanitizer);
  }, 120_000);
  afterEach(() => hammer?.process.kill());

  /** @scenario with a hammer of its own; a sanitizer's report, which ends the program and so closes the channel, is why it failed. */
  const withHammer =
    (scenario: (hammer: Hammer) => Promise<void>) =>
    async (context: TestContext): Promise<void> => {
      if (unavailable !== null) {
        console.log(`skipped: ${unavailable}`);
        return context.skip();
      }
      const started = (hammer = await startHammer(exe, socketPath));
      try {
        await scenario(started);
      } catch (error) {
        if (!started.stderr()) throw error;
        throw new Error(`${(error as Error).message}\n${started.stderr()}`, { cause: error });
      }
    };

  it(
    'answers another client while one subscribed to events reads nothing, and counts what that one lost',
    withHammer((hammer) => stalledAndKeeper(hammer, socketPath, sanitizer)),
    120_000,
  );

  it(
    'stops reading the requests of a client that reads no replies, answers the others, and answers it in full when it reads',
    withHammer(async (hammer) => {
      const deaf = connect(socketPath).pause();
      let text = '';
      deaf.setEncoding('latin1').on('data', (chunk: string) => (text += chunk));
      deaf.write('arm h_gamma\n'.repeat(ARMS));
      const other = await ControlChannel.open(socketPath);
      const gammaArms = async (): Promise<number> => (await answered('list', other.list())).find((s) => s.name === 'h_gamma')!.armed;

      // Its arms go through until its unread replies reach the bound, then stop: far fewer than it asked.
      let held = -1;
      for (let at = Date.now(); Date.now() - at < 10_000;) {
        await sleep(200);
        const now = await gammaArms();
        if (now === held) break;
        held = now;
      }
      expect(held, 'arms done while it reads no replies').toBeGreaterThan(0);
      expect(held).toBeLessThan(ARMS / 2);
      console.log(`${sanitizer}: ${held} of ${ARMS} arms done while their replies went unread`);

      deaf.resume();
      for (let at = Date.now(); text.split('\n').length <= ARMS && Date.now() - at < 30_000;) await sleep(50);
      expect(text).toBe('ok 1 h_gamma\n'.repeat(ARMS));
      expect(await gammaArms()).toBe(ARMS);
      deaf.destroy();
      other.close();
      const end = await hammer.quit();
      expect(end.stderr, 'no sanitizer report').not.toMatch(/Sanitizer|runtime error/);
      expect(end.code).toBe(0);
    }),
    120_000,
  );
});

async function stalledAndKeeper(hammer: Hammer, socketPath: string, sanitizer: Sanitizer): Promise<void> {
  const stalled = await stalledSubscriber(socketPath);
  const keeper = await ControlChannel.open(socketPath);
  let kept = 0;
  let keptLost = 0;
  await keeper.subscribe({ record: () => kept++, lost: (n) => (keptLost += n) });

  // Every site fires until the client that keeps up has seen far more than the stalled one can hold.
  await answered('arm h_*', keeper.change('arm', ['h_*']));
  const waited = Date.now();
  let requests = 0;
  slowest = 0;
  while (kept < FLOOD && Date.now() - waited < 60_000) {
    const sites = await answered('list', keeper.list());
    expect(sites.filter((s) => s.armed > 0)).toHaveLength(HAMMER_SITES.length);
    await answered('arm h_gamma', keeper.change('arm', ['h_gamma']));
    await answered('disarm h_gamma', keeper.change('disarm', ['h_gamma']));
    requests += 3;
    await sleep(20);
  }
  expect(kept, `records streamed to the client that keeps up in ${Date.now() - waited} ms`).toBeGreaterThanOrEqual(FLOOD);
  await answered('disarm h_*', keeper.change('disarm', ['h_*']));
  console.log(`${sanitizer}: ${requests} requests answered while a subscriber stalled, the slowest in ${slowest} ms`);

  // Reading again, it gets what was queued, then how much it lost.
  stalled.socket.resume();
  const drained = Date.now();
  while (!/^lost \d+$/m.test(stalled.text()) && Date.now() - drained < 10_000) await sleep(50);
  const closed = new Promise((resolve) => stalled.socket.once('close', resolve));
  const end = await hammer.quit();
  await closed;
  await sleep(200);
  expect(end.stderr, 'no sanitizer report').not.toMatch(/Sanitizer|runtime error/);
  expect(end.code).toBe(0);

  const lines = stalled.text().split('\n');
  const received = lines.filter((l) => l.startsWith('event ')).length;
  const lost = lines.filter((l) => l.startsWith('lost ')).reduce((sum, l) => sum + Number(l.slice(5)), 0);
  const committed = [...end.hits.values()].reduce((a, b) => a + b, 0);
  expect(lost, 'records dropped for the stalled client').toBeGreaterThan(0);
  expect(received + lost, 'streamed to the stalled client + reported lost to it').toBe(committed);
  expect(kept + keptLost, 'streamed to the client that kept up + lost').toBe(committed);
  expect(kept).toBeGreaterThan(received);
  keeper.close();
}
