/**
 * `kmark gen` killed with SIGKILL at random moments (half of them 0-400 ms
 * after its start, half near the end of a complete run, where it writes),
 * as a ^C or a failing sibling under make -j kills it: each of its outputs (the TU header, the
 * fragment, the depfile) must be either what it was before the run or
 * exactly what a complete run writes, never torn; the stamp, touched last,
 * may only exist once all three are complete; and a later complete run
 * repairs everything. Files left behind are listed: none may be one that
 * make reads.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, KERNEL, KMARK, kmark, removeTemporaries, temporary } from './kernel.js';

/** A TU with many sites (its own and its headers'), so that gen has real work. */
const TU = 'kernel/sched.c';
const RUNS = 40;
const MAX_DELAY_MS = 400;

let dir: string;
let out: { header: string; fragment: string; depfile: string; stamp: string };
let expected: { header: Buffer; fragment: Buffer; depfile: Buffer };
/** How long a complete run takes here, from spawn to exit (the median of three), in ms. */
let duration = 0;

const genArgs = (): string[] => ['gen', '--root', '.', '--tu', TU, '-I', 'include', '--header', out.header, '--fragment', out.fragment, '--depfile', out.depfile, '--stamp', out.stamp];

beforeAll(async () => {
  dir = temporary('gen-kill');
  out = { header: join(dir, 'sched.kmark.h'), fragment: join(dir, 'sched.kmark.json'), depfile: join(dir, 'sched.kmark.stamp.d'), stamp: join(dir, 'sched.kmark.stamp') };
  // The reference: a complete run, exactly as the Makefile runs it (from the source tree).
  check(kmark(genArgs(), { cwd: KERNEL }));
  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    rmSync(out.header, { force: true });
    const started = Date.now();
    const ended = await genKilledAfter(60_000);
    expect(ended.status, ended.stderr).toBe(0);
    times.push(Date.now() - started);
  }
  duration = times.sort((a, b) => a - b)[1]!;
  expected = { header: readFileSync(out.header), fragment: readFileSync(out.fragment), depfile: readFileSync(out.depfile) };
  expect(expected.header.toString()).toContain('__kmark_m_');
  expect(JSON.parse(expected.fragment.toString())).toBeTruthy();
  expect(expected.depfile.toString()).toContain(`${out.stamp}:`);
});

afterAll(removeTemporaries);

/** A small deterministic generator (mulberry32), so that a failing sequence of delays can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs gen, SIGKILLs it after `delay` ms unless it finished; how it ended. */
function genKilledAfter(delay: number): Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(KMARK, genArgs(), { cwd: KERNEL, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), delay);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stderr });
    });
  });
}

type State = 'before' | 'complete';

describe(`kmark gen --tu ${TU}, killed with SIGKILL at random moments, ${RUNS} times`, () => {
  it('leaves every output as it was or complete, the stamp only after all three, and no file make would read', async () => {
    const seed = Number(process.env['KMARK_KILL_SEED'] ?? Date.now() % 1_000_000);
    const next = random(seed);
    const outcomes: string[] = [];
    const leftovers = new Set<string>();
    const stale = { header: Buffer.from('/* stale header */\n'), fragment: Buffer.from('{"stale":true}\n'), depfile: Buffer.from('stale:\n') };
    const once = async (run: number, delay: number): Promise<string> => {
      // Odd runs start from stale outputs (a previous version), even ones from none.
      const before = run % 2 === 1 ? stale : null;
      for (const key of ['header', 'fragment', 'depfile'] as const) {
        rmSync(out[key], { force: true });
        if (before !== null) writeFileSync(out[key], before[key]);
      }
      rmSync(out.stamp, { force: true });

      const ended = await genKilledAfter(delay);
      const context = `seed ${seed}, run ${run}, killed after ${delay} ms (KMARK_KILL_SEED=${seed} replays it)`;
      if (ended.signal === null) expect(ended.status, `${context}: ${ended.stderr}`).toBe(0);
      else expect(ended.signal, context).toBe('SIGKILL');

      const states: Record<string, State> = {};
      for (const key of ['header', 'fragment', 'depfile'] as const) {
        const now = existsSync(out[key]) ? readFileSync(out[key]) : null;
        const was = before === null ? null : before[key];
        if (now !== null && now.equals(expected[key])) states[key] = 'complete';
        else if ((now === null && was === null) || (now !== null && was !== null && now.equals(was))) states[key] = 'before';
        else expect.fail(`${context}: ${key} is torn: ${now === null ? 'missing' : `${now.length} bytes, neither the ${was === null ? 'absent file' : 'old content'} nor the expected ${expected[key].length}`}`);
      }
      if (existsSync(out.stamp)) expect(Object.values(states), `${context}: the stamp exists before all outputs are complete`).toEqual(['complete', 'complete', 'complete']);
      if (ended.signal === null) expect(Object.values(states), `${context}: a complete run`).toEqual(['complete', 'complete', 'complete']);

      for (const name of readdirSync(dir)) {
        const known = Object.values(out).map((p) => p.slice(dir.length + 1));
        if (known.includes(name)) continue;
        leftovers.add(name);
        rmSync(join(dir, name), { force: true });
      }
      return ended.signal === null ? 'finished' : Object.values(states).every((st) => st === 'before') ? 'killed before writing' : Object.values(states).every((st) => st === 'complete') ? 'killed after writing' : 'killed between writes';
    };

    for (let run = 0; run < RUNS; run++) {
      // Half the runs anywhere in 0-400 ms; the other half near the end of a
      // complete run, where the outputs are written (later than 400 ms on a
      // slow or busy machine).
      const [low, high] = run % 4 < 2 ? [0, MAX_DELAY_MS] : [Math.floor(duration * 0.85), Math.ceil(duration * 1.1)];
      outcomes.push(await once(run, low + Math.floor(next() * (high - low + 1))));
    }
    // None reached the writes (the machine got slower than measured): later kills, until one does.
    for (let extra = 1; extra <= 10 && !outcomes.some((o) => o !== 'killed before writing'); extra++) {
      outcomes.push(await once(RUNS + extra, Math.ceil(duration * (1.1 + 0.2 * extra))));
    }
    const tally = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});
    console.log(`kmark gen (a complete run: ${duration} ms) killed ${outcomes.length} times (seed ${seed}): ${JSON.stringify(tally)}; left behind: ${leftovers.size === 0 ? 'nothing' : [...leftovers].join(' ')}`);
    // Leftovers are the writer's temporaries (".NAME.PID.tmp"), which no
    // rule or -include names; anything else could be read by make.
    for (const name of leftovers) expect(name).toMatch(/^\.(sched\.kmark\.h|sched\.kmark\.json|sched\.kmark\.stamp\.d)\.\d+\.tmp$/);
    // The short delays kill it before it writes anything; the others reach
    // its writes at least sometimes (how often depends on the machine).
    expect(tally['killed before writing'] ?? 0).toBeGreaterThan(0);
    expect(outcomes.length - (tally['killed before writing'] ?? 0)).toBeGreaterThan(0);

    // A complete run afterwards repairs everything.
    check(kmark(genArgs(), { cwd: KERNEL }));
    expect(readFileSync(out.header).equals(expected.header)).toBe(true);
    expect(readFileSync(out.fragment).equals(expected.fragment)).toBe(true);
    expect(readFileSync(out.depfile).equals(expected.depfile)).toBe(true);
    expect(existsSync(out.stamp)).toBe(true);
  }, 120_000);
});
