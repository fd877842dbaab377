/**
 * `kmark serve` in a real browser (docs/live.md): playwright-core drives
 * Debian's chromium against the page, attached to a sample kernel built
 * with the trace handler and running with --live. The page arms a marker
 * through its check box and shows the kernel's events; a profile saved from
 * the page is loaded again after both are restarted, and the kernel reports
 * the same set armed. Requests from another origin, or without the token,
 * change nothing. `vmlinux --arm @PROFILE` is checked on the same build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, check, KERNEL, KMARK, kmark, removeTemporaries, sharedBuild, temporary, type Build } from '../build/kernel.js';
import { ControlChannel } from '../../src/live/channel.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SWITCH = 'kernel/sched.c:schedule:3';
const READ = 'fs/read_write.c:sys_read:1';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.log(`skipped: no ${CHROMIUM} (scripts/install-deps installs it)`);

let b: Build;
let dir: string;
const children: ChildProcess[] = [];

/** Starts a process and waits for a line of its standard output that matches. */
function start(file: string, args: readonly string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(file, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const look = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = output.match(ready);
      if (match) resolve({ child, match });
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) => reject(new Error(`${file} exited ${code} before it was ready:\n${output}`)));
  });
}

const stop = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** A live kernel and a page attached to it; the page's URL. */
async function startBoth(): Promise<{ kernel: ChildProcess; serve: ChildProcess; url: string; socket: string }> {
  const socket = join(dir, 'marker.sock');
  const kernel = (await start(b.vmlinux, ['--live', '--ctl', socket], /control channel on/)).child;
  const { child: serve, match } = await start(KMARK, ['serve', '--catalog', b.catalog, '--attach', socket, '--port', '0', '--root', KERNEL, '--profiles', join(dir, 'profiles')], /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/);
  return { kernel, serve, url: match[1]!, socket };
}

async function armedIds(socket: string): Promise<string[]> {
  const channel = await ControlChannel.open(socket);
  try {
    return [...new Set((await channel.list()).filter((s) => s.armed > 0).map((s) => s.id))].sort();
  } finally {
    channel.close();
  }
}

async function browser(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(dir, 'chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 860 },
  });
}

const box = (page: Page, id: string) => page.locator(`#tree input[data-id="${id}"]`);

beforeAll(async () => {
  if (!haveChromium) return;
  b = await sharedBuild('trace');
  dir = temporary('serve');
}, 300_000);

afterAll(async () => {
  await Promise.all(children.map(stop));
  removeTemporaries();
});

/** The page's next request to `url` (a glob) answered `ms` late. */
function holdOnce(page: Page, url: string, ms: number): Promise<void> {
  return page.route(
    url,
    async (route) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      await route.continue();
    },
    { times: 1 },
  );
}

describe.skipIf(!haveChromium)('kmark serve in chromium, attached to a running kernel', () => {
  it('arms through check boxes, shows the events, saves a profile, and loads it after a restart', async () => {
    let { kernel, serve, url, socket } = await startBoth();
    let context = await browser();
    try {
      let page = await context.newPage();
      await page.goto(url);
      await page.locator('#counts').filter({ hasText: /armed/ }).waitFor();

      // Search, then arm two markers from their check boxes.
      await page.keyboard.press('/');
      await page.keyboard.type('sched_switch');
      // The arm request held 2.5 s: the page's refresh, every second, must not uncheck the box meanwhile.
      await holdOnce(page, '**/api/arm?*', 2_500);
      await box(page, SWITCH).check();
      await page.waitForTimeout(1_500);
      expect(await box(page, SWITCH).isChecked()).toBe(true);
      await page.locator('#events li[data-name="sched_switch"]').first().waitFor({ timeout: 20_000 });
      await page.fill('#search', 'sys_read');
      await box(page, READ).check();
      await page.locator('#events li[data-name="fs_read"]').first().waitFor({ timeout: 20_000 });
      expect(await armedIds(socket)).toEqual([READ, SWITCH].sort());

      // The details of a marker show its source line.
      await page.locator(`#tree .marker[data-id="${READ}"] button`).click();
      await expect.poll(() => page.locator('#details pre.source .at').textContent()).toMatch(/trace_mark\(fs_read/);

      // Saved while the page's refresh of the kernel's state is out (held 1.5 s): the page still knows what is armed.
      await holdOnce(page, '**/api/state?*', 1_500);
      await page.waitForRequest('**/api/state?*');
      await page.fill('#profile-name', 'mine');
      await page.click('#save');
      await page.locator('#status').filter({ hasText: 'saved, 2 markers' }).waitFor();
      const saved = JSON.parse(readFileSync(join(dir, 'profiles', 'mine.json'), 'utf8')) as { markers: Array<{ id: string }> };
      expect(saved.markers.map((m) => m.id).sort()).toEqual([READ, SWITCH].sort());

      // Restart the kernel and the page: nothing armed, until the profile is loaded.
      await context.close();
      await Promise.all([stop(serve), stop(kernel)]);
      ({ kernel, serve, url, socket } = await startBoth());
      expect(await armedIds(socket)).toEqual([]);
      context = await browser();
      page = await context.newPage();
      await page.goto(url);
      await page.locator('#counts').filter({ hasText: '0 armed' }).waitFor();
      await page.selectOption('#profiles', 'mine');
      await page.click('#load');
      await page.locator('#counts').filter({ hasText: '2 armed' }).waitFor();
      expect(await armedIds(socket)).toEqual([READ, SWITCH].sort());
      await page.fill('#search', 'sched_switch');
      expect(await box(page, SWITCH).isChecked()).toBe(true);
      await page.screenshot({ path: join(dir, 'page.png') });
    } finally {
      await context.close();
    }

    // Another origin: a page of its own posts to the API, with and without the token.
    const token = new URL(url).searchParams.get('token')!;
    const api = new URL(url).origin;
    const evil: Server = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end(`<script>
        const post = (q) => fetch('${api}/api/arm' + q, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"keys":["fs_write"]}' }).catch(() => 0);
        Promise.all([post(''), post('?token=${token}')]).then(() => (document.title = 'sent'));
      </script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    context = await browser();
    try {
      const page = await context.newPage();
      await page.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
      await expect.poll(() => page.title()).toBe('sent');
    } finally {
      await context.close();
      evil.close();
    }
    expect(await armedIds(socket)).toEqual([READ, SWITCH].sort());
    const noToken = await fetch(`${api}/api/arm`, { method: 'POST', headers: { Origin: api }, body: '{"keys":["fs_write"]}' });
    expect([noToken.status, await noToken.json()]).toEqual([403, { error: 'missing or wrong token' }]);
    const otherOrigin = await fetch(`${api}/api/arm?token=${token}`, { method: 'POST', headers: { Origin: 'http://evil.example' }, body: '{"keys":["fs_write"]}' });
    expect([otherOrigin.status, await otherOrigin.json()]).toEqual([403, { error: 'cross-origin request' }]);
    const sameOrigin = await fetch(`${api}/api/arm?token=${token}`, { method: 'POST', headers: { Origin: api }, body: '{"keys":["fs_write"]}' });
    expect(await sameOrigin.json()).toEqual(['fs_write']);
    const source = await fetch(`${api}/api/source?id=${encodeURIComponent('../../etc/passwd')}&token=${token}`);
    expect(source.status).toBe(404);
    await Promise.all([stop(serve), stop(kernel)]);
  }, 240_000);

  it('arms a profile at start-up with vmlinux --arm @PROFILE, by id, then by name, reporting the rest', () => {
    const profile = join(dir, 'start.json');
    writeFileSync(
      profile,
      JSON.stringify({
        version: 1,
        markers: [
          { id: SWITCH, name: 'sched_switch', md5: 'c75682882879f71ff121a823bd3dc4e4' },
          { id: 'fs/read_write.c:sys_read:9', name: 'fs_read', md5: '00000000000000000000000000000000' },
          { id: 'gone/file.c:gone:1', name: 'gone_marker', md5: '11111111111111111111111111111111' },
        ],
      }),
    );
    const trace = join(dir, 'start.trace');
    const result = check(boot(b, ['--arm', `@${profile}`, '--trace', trace]));
    expect(result.stdout + result.stderr).toMatch(/profile .*start\.json: no marker 'gone_marker' \(id gone\/file\.c:gone:1\): left out/);
    const events = check(kmark(['decode', trace, '--catalog', b.catalog, '--format', 'json']))
      .stdout.trim()
      .split('\n');
    // sched_switch by its id; fs_read, whose id is gone, by its name.
    // The first line is the trace's summary (docs/tracers.md); the events follow.
    const ids = events.map((line) => (JSON.parse(line) as { id?: string }).id).filter((id) => id !== undefined);
    expect([...new Set(ids)].sort()).toEqual([READ, SWITCH].sort());
    const bad = boot(b, ['--arm', `@${join(dir, 'nosuch.json')}`]);
    expect([bad.status, bad.stdout + bad.stderr]).toEqual([2, expect.stringMatching(/profile .*nosuch\.json: cannot read it/)]);
  });
});
