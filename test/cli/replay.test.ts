/**
 * The replay of a repeated scan or lint (src/cli/replay.ts), through the
 * built CLI: it prints what the recorded run printed, with its exit status,
 * without starting the CLI (seen by the CLI's own result cache not being
 * written again), and anything that could change the output, including a
 * file added to a directory the replay no longer walks, makes the CLI run.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { kmark, type Run } from '../helpers/cli.js';

let base: string;
let tree: string;

/** Waits past the "racily clean" window (src/io/stamps.ts), so that a file just written can be trusted by its stamp. */
const settle = (): Promise<void> => new Promise((done) => setTimeout(done, 150));

beforeEach(async () => {
  base = mkdtempSync(join(tmpdir(), 'kmark-replay-'));
  process.env.XDG_CACHE_HOME = join(base, 'cache');
  tree = join(base, 'tree');
  mkdirSync(join(tree, 'kernel/sched'), { recursive: true });
  writeFileSync(join(tree, 'kernel/sched/core.c'), 'void run(int n)\n{\n\ttrace_mark(sched_run, "n %d", n);\n}\n');
  writeFileSync(join(tree, 'kernel/bad.c'), 'void bad(long n)\n{\n\ttrace_mark(bad_width, "n %d", n);\n}\n');
  await settle();
});

const scan = (cwd = tree): Run => kmark(['scan', '.'], { cwd });
const lint = (): Run => kmark(['lint', '.'], { cwd: tree });

/** The CLI's result entries (scan-*, lint-*): removed, they come back only if the CLI ran. */
const results = (): string[] => readdirSync(join(base, 'cache/kmark')).filter((f) => !f.startsWith('replay-'));
const forgetResults = (): void => {
  for (const file of results()) rmSync(join(base, 'cache/kmark', file));
};

/** Runs twice: once to record, once that must be a replay, which is returned. */
async function recorded(run: () => Run): Promise<{ cold: Run; replayed: Run }> {
  const cold = run();
  await settle();
  forgetResults();
  const replayed = run();
  expect(results()).toEqual([]);
  return { cold, replayed };
}

describe('the replay of a repeated run', () => {
  it('prints the recorded output and exit status, byte for byte, without starting the CLI', async () => {
    const scans = await recorded(() => scan());
    expect(scans.cold.stdout).toContain('sched_run');
    expect(scans.cold.stderr).toMatch(/no kmark\.config\.json here or above/);
    expect(scans.replayed).toEqual(scans.cold);
    const lints = await recorded(lint);
    expect(lints.cold.status).toBe(1);
    expect(lints.cold.stderr).toMatch(/format-type|%d/);
    expect(lints.replayed).toEqual(lints.cold);
  });

  it('runs the CLI when a file appears in a directory it no longer walks, at any depth', async () => {
    await recorded(() => scan());
    mkdirSync(join(tree, 'kernel/sched/deep'));
    writeFileSync(join(tree, 'kernel/sched/deep/fair.c'), 'void pick(int n)\n{\n\ttrace_mark(sched_pick, "n %d", n);\n}\n');
    await settle();
    expect(scan().stdout).toContain('sched_pick');
    expect(results()).not.toEqual([]);
    await recorded(() => scan());
    writeFileSync(join(tree, 'kernel/sched/deep/idle.c'), 'void idle(int n)\n{\n\ttrace_mark(sched_idle, "n %d", n);\n}\n');
    await settle();
    expect(scan().stdout).toContain('sched_idle');
  });

  it('runs the CLI when a file is edited or removed', async () => {
    await recorded(() => scan());
    writeFileSync(join(tree, 'kernel/sched/core.c'), 'void run(int n)\n{\n\ttrace_mark(sched_ran, "n %d", n);\n}\n');
    await settle();
    expect(scan().stdout).toContain('sched_ran');
    await recorded(() => scan());
    rmSync(join(tree, 'kernel/sched/core.c'));
    await settle();
    expect(scan().stdout).not.toContain('sched_ran');
  });

  it('runs the CLI when a configuration appears above the directory it runs in', async () => {
    const { cold } = await recorded(() => scan(join(tree, 'kernel')));
    expect(cold.stdout).toMatch(/^sched\/core\.c:3:2 {2}sched\/core\.c:run:1/m);
    writeFileSync(join(tree, 'kmark.config.json'), '{}\n');
    await settle();
    const configured = scan(join(tree, 'kernel'));
    expect(configured.stderr).not.toMatch(/no kmark\.config\.json/);
    expect(configured.stdout).toMatch(/^kernel\/sched\/core\.c:3:2 {2}kernel\/sched\/core\.c:run:1/m);
  });
});
