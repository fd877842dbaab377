/**
 * The npm package as a user gets it: `npm pack` (whose prepack is `make
 * build`), installed into an empty directory, its kmark run on the sample
 * kernel. Dependencies come from npm's cache (`--prefer-offline`), which
 * `npm ci` filled, so no network is needed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KMARK, kmark, REPO } from '../helpers/cli.js';

const run = (command: string, args: readonly string[], cwd: string) => spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('the npm package', () => {
  it('packs the built CLI, schemas and docs, installs into an empty directory, and its kmark runs on the sample kernel', () => {
    const work = mkdtempSync(join(tmpdir(), 'kmark-pack-'));
    const pack = run('npm', ['pack', '--json', '--pack-destination', work], REPO);
    expect(pack.status, pack.stderr).toBe(0);
    const [{ filename, files }] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'bin/kmark',
        'dist/cli/kmark.cjs',
        'dist/cli/main.cjs',
        'dist/cli/build-step.cjs',
        'dist/scan/prefilter-worker.js',
        'schemas/config.schema.json',
        'schemas/catalog.schema.json',
        'docs/rules.md',
        'package.json',
      ]),
    );
    expect(paths.filter((p) => /^(src|test|sample-kernel|bench|node_modules)\//.test(p) || p.endsWith('.kmark-built'))).toEqual([]);

    const target = join(work, 'empty');
    mkdirSync(target);
    const install = run('npm', ['install', '--prefix', target, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(work, filename)], target);
    expect(install.status, install.stderr).toBe(0);
    const installed = join(target, 'node_modules/.bin/kmark');
    expect(run(installed, ['--version'], target).stdout).toBe(`${(JSON.parse(readFileSync(`${REPO}package.json`, 'utf8')) as { version: string }).version}\n`);

    // The installed kmark and the checkout's agree on the sample kernel.
    const sample = `${REPO}sample-kernel`;
    const fromPackage = run(installed, ['catalog', '--summary', '--root', sample, sample], target);
    expect(fromPackage.status, fromPackage.stderr).toBe(0);
    expect(fromPackage.stdout).toBe(kmark(['catalog', '--summary', '--root', sample, sample]).stdout);
    expect(fromPackage.stdout).toMatch(/^total\s+\d+\s+\d+\s+\d+$/m);
    const lint = run(installed, ['lint', '--format', 'json', '--root', sample, '-I', `${sample}/include`, sample], target);
    expect(lint.status, lint.stderr).toBe(0);
    expect(run(KMARK, ['--version'], REPO).stdout).toBe(run(installed, ['--version'], target).stdout);
  }, 240_000);
});

describe('kmark completion', () => {
  it('prints a shell completion script and completes command names', () => {
    expect(kmark(['completion']).stdout).toContain('###-begin-kmark-completions-###');
    const names = kmark(['--get-yargs-completions', 'kmark', '']).stdout.split('\n');
    expect(names).toEqual(expect.arrayContaining(['lint', 'diff', 'catalog', 'completion']));
  });
});

describe('make help', () => {
  it("lists the checkout's targets, each one make knows", () => {
    const help = run('make', ['-s', 'help'], REPO).stdout;
    const targets = [...help.matchAll(/^ {2}make (\S+)/gm)].map((m) => m[1]!);
    expect(targets).toEqual(expect.arrayContaining(['demo', 'test', 'build', 'lint', 'bench', 'clean']));
    for (const target of targets) expect(run('make', ['-n', target], REPO).stderr, target).not.toMatch(/No rule to make target/);
  });
});
