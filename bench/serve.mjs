#!/usr/bin/env node
// bench/serve.mjs: how `kmark serve`'s page copes with a large catalog
// (docs/live.md). Makes catalogs of N markers from the sample kernel's (its
// markers copied into more files), serves each offline, and times in
// chromium (playwright-core) what a user waits for: the first tree, a
// search, a search that opens every group, and opening the largest group.
// Prints a table and writes bench/results/serve.json.
//
//   bench/serve.mjs [CATALOG]     (default build/kernel-trace/catalog.json: make demo or make browse)
//   BENCH_SIZES=1000,5000,20000   catalog sizes (default 1000,5000,20000)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const source = process.argv[2] ?? 'build/kernel-trace/catalog.json';
const sizes = (process.env.BENCH_SIZES ?? '1000,5000,20000').split(',').map(Number);
const base = JSON.parse(readFileSync(source, 'utf8')).markers;
const dir = mkdtempSync(join(tmpdir(), 'kmark-bench-serve-'));

function catalogOf(n) {
  const markers = [];
  for (let k = 0; markers.length < n; k++) {
    for (const m of base) {
      if (markers.length === n) break;
      const file = m.file.replace(/\.([ch])$/, `${k}.$1`);
      const id = `${file}:${m.function}:${m.ordinal}`;
      const md5 = createHash('md5').update(id).digest('hex');
      markers.push({ ...m, id, md5, eventId: `0x${md5.slice(0, 16)}`, file, name: `${m.name}${k ? `_${k}` : ''}` });
    }
  }
  const path = join(dir, `catalog-${n}.json`);
  writeFileSync(path, JSON.stringify({ markers }));
  return path;
}

function serve(catalog) {
  const child = spawn('./bin/kmark', ['serve', '--catalog', catalog, '--port', '0', '--profiles', join(dir, 'profiles')]);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const url = out.match(/http:\S+/);
      if (url) resolve({ child, url: url[0] });
    });
    child.once('exit', (code) => reject(new Error(`kmark serve exited ${code}`)));
  });
}

const context = await chromium.launchPersistentContext(mkdtempSync(join(dir, 'chromium-')), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const rows = [];
for (const n of sizes) {
  const { child, url } = await serve(catalogOf(n));
  const page = await context.newPage();
  const timed = async (work) => {
    const start = performance.now();
    await work();
    return Math.round(performance.now() - start);
  };
  const load = await timed(async () => {
    await page.goto(url);
    await page.locator('#counts').filter({ hasText: `${n} markers` }).waitFor();
  });
  // The page waits 120 ms after the last key before searching: counted in.
  const search = await timed(async () => {
    await page.fill('#search', 'read');
    await page.locator('#tree .more, #tree details[open]').first().waitFor();
  });
  const narrow = await timed(async () => {
    await page.fill('#search', 'fs_read_1 sys_read');
    await page.locator('#tree .marker').first().waitFor();
  });
  await page.fill('#search', '');
  await page.locator('#tree > details').first().waitFor();
  const open = await timed(async () => {
    const biggest = page.locator('#tree > details > summary').first();
    await biggest.click();
    await page.locator('#tree > details[open] > details').first().waitFor();
  });
  rows.push({ markers: n, loadMs: load, searchMs: search, narrowSearchMs: narrow, openGroupMs: open });
  await page.close();
  child.kill();
}
await context.close();
console.log('markers  first tree (ms)  search "read" (ms)  narrow search (ms)  open a group (ms)');
for (const r of rows) console.log(`${String(r.markers).padStart(7)}  ${String(r.loadMs).padStart(15)}  ${String(r.searchMs).padStart(18)}  ${String(r.narrowSearchMs).padStart(18)}  ${String(r.openGroupMs).padStart(17)}`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/serve.json', `${JSON.stringify(rows, null, 2)}\n`);
