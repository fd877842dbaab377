/**
 * kmark's step in builds spread by the engines kernels use (docs/build.md):
 * ccache, whose second clean build must be all cache hits (kmark's outputs
 * are byte-stable, with no absolute path or time in them), and distcc,
 * whose remote compiles must give the catalog, .markers section and trace
 * of a local build. distccd runs on 127.0.0.1 for this test only.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, build, type Build, check, decode, explain, filesUnder, make, removeTemporaries, run, temporary } from './kernel.js';

const have = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const missing = ['ccache', 'distcc', 'distccd'].filter((c) => !have(c));
if (missing.length > 0) console.log(`skipped: ${missing.join(', ')} not installed (scripts/install-deps installs them)`);

const GENERATED = /\.kmark\.(h|json)$|^catalog\.json$|^markers\.S$|^include\/generated\/kmark-front\.h$/;

afterAll(removeTemporaries);

/** ccache's counters, from `ccache --print-stats` (tab-separated name and value). */
function ccacheStats(env: NodeJS.ProcessEnv): Map<string, number> {
  const r = check(run('ccache', ['--print-stats'], { env }));
  return new Map(r.stdout.split('\n').filter((l) => l.includes('\t')).map((l) => [l.split('\t')[0]!, Number(l.split('\t')[1])]));
}

describe.skipIf(missing.length > 0)('ccache', () => {
  it('a second clean build is all cache hits: kmark\'s outputs carry no absolute path and no time', async () => {
    const root = temporary('ccache');
    const env = { CCACHE_DIR: join(root, 'cache') };
    const dir = join(root, 'o');
    const first = await build('trace', { dir, env, args: ['CC=ccache gcc'] });
    for (const f of filesUnder(dir).filter((g) => GENERATED.test(g))) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text.includes(dir), `${f} names the output tree`).toBe(false);
      expect(text.includes(first.src), `${f} names the source tree's absolute path`).toBe(false);
    }
    check(run('ccache', ['--zero-stats'], { env }));
    check(await make(dir, ['clean'], { env }));
    const again = check(await make(dir, ['-j2', 'CC=ccache gcc'], { env }));
    const compiled = again.stdout.split('\n').filter((l) => /^\s*(CC|AS)\s/.test(l)).length;
    expect(compiled).toBeGreaterThan(20);
    const stats = ccacheStats(env);
    expect(stats.get('cache_miss'), explain(again)).toBe(0);
    expect((stats.get('direct_cache_hit') ?? 0) + (stats.get('preprocessed_cache_hit') ?? 0)).toBe(compiled);
  }, 300_000);
});

describe.skipIf(missing.length > 0)('distcc', () => {
  let daemon: ChildProcess;
  let env: NodeJS.ProcessEnv;
  let log: string;

  beforeAll(async () => {
    const root = temporary('distcc');
    // Started as root, distccd works as an unprivileged user, which must be able to write its log.
    chmodSync(root, 0o755);
    mkdirSync(join(root, 'log'));
    chmodSync(join(root, 'log'), 0o777);
    log = join(root, 'log', 'distccd.log');
    mkdirSync(join(root, 'home'));
    // A port of our own: a fixed one may be taken, so try a few.
    for (let attempt = 0; attempt < 5 && env === undefined; attempt++) {
      const port = 30000 + Math.floor(Math.random() * 20000);
      const started = spawn('distccd', ['--daemon', '--no-detach', '--allow', '127.0.0.1', '--listen', '127.0.0.1', '--port', String(port), '--jobs', '2', '--log-file', log, '--log-level', 'info'], { stdio: 'ignore' });
      const exited = await new Promise<boolean>((done) => {
        started.once('exit', () => done(true));
        setTimeout(() => done(false), 500);
      });
      if (!exited) {
        daemon = started;
        env = { DISTCC_HOSTS: `127.0.0.1:${port}`, DISTCC_FALLBACK: '0', DISTCC_DIR: join(root, 'home') };
      }
    }
    if (env === undefined) throw new Error('distccd did not start on 127.0.0.1');
  });

  afterAll(() => {
    daemon?.kill();
  });

  it('a build compiled by distccd has the catalog, .markers section and trace of a local build', async () => {
    const [local, remote]: Build[] = [await build('trace'), await build('trace', { env, args: ['CC=distcc gcc'] })];
    const compiledRemotely = readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('COMPILE_OK')).length;
    expect(compiledRemotely, explain(remote!.log)).toBeGreaterThanOrEqual(23);
    for (const f of ['catalog.json', 'markers.S']) expect(readFileSync(join(remote!.dir, f), 'utf8'), f).toBe(readFileSync(join(local!.dir, f), 'utf8'));
    const traced = (b: Build): Array<{ name: string; fields: unknown }> => {
      const trace = join(b.dir, 'demo.trace');
      check(boot(b, ['--arm', 'sched_switch,fs_read,block_rq_insert', '--trace', trace]));
      const d = decode(trace, b.catalog);
      expect(d.result.status, explain(d.result)).toBe(0);
      return d.events.map((e) => ({ name: e.name, fields: e.fields }));
    };
    const events = traced(local!);
    expect(events.length).toBeGreaterThan(10);
    expect(traced(remote!)).toEqual(events);
  }, 300_000);
});
