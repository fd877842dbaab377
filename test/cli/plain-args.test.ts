import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type YargsFactory from 'yargs/yargs';
import { afterAll, describe, expect, it } from 'vitest';
import { GEN_ARGUMENTS, genCommand } from '../../src/cli/commands/gen.js';
import { gccSpellings } from '../../src/cli/gcc-options.js';
import { splitOperands } from '../../src/cli/operands.js';
import { plainArgs } from '../../src/cli/plain-args.js';
import { REPO } from '../helpers/cli.js';

const yargs = createRequire(import.meta.url)('yargs/yargs') as typeof YargsFactory;
const plain = GEN_ARGUMENTS;

/** What yargs hands gen's `run` for the words after `gen`, or the usage error it reports. */
function yargsArgs(words: readonly string[]): Record<string, unknown> | string {
  let handed: Record<string, unknown> | undefined;
  let failure: string | undefined;
  // As src/cli/main.ts hands a command line to yargs.
  const operands = splitOperands(gccSpellings(['gen', ...words]));
  yargs(operands.args)
    .strict()
    .fail((message) => {
      failure = message;
    })
    .command(genCommand.command, genCommand.describe, genCommand.builder, (args) => {
      operands.restore(args);
      handed = args;
    })
    .parse();
  if (handed === undefined) return failure ?? 'no command run';
  // The names gen declares, as `run` reads them.
  return Object.fromEntries([plain.positional, ...Object.keys(plain.options)].filter((name) => handed![name] !== undefined).map((name) => [name, handed![name]]));
}

const MAKEFILE_LINE =
  '--root . -I include --markup default --out-dir o --front o/include/generated/kmark-front.h --catalog o/catalog.json --section o/markers.S --depfile o/.kmark.stamp.d --stamp o/kmark.stamp --tu-list o/kmark.tus --cache-file o/.kmark.cache';

describe('a plain gen command line, parsed without yargs (src/cli/plain-args.ts)', () => {
  const parsedAlike = [
    MAKEFILE_LINE.split(' '),
    ['init/main.c', 'kernel/fork.c', '--out-dir', 'o'],
    ['--tu', 'a.c', '--tu', 'b.c', '--out-dir=o', '-Iinclude', '-I', 'arch/include', 'c.c'],
    ['--header', 'h.h', '--fragment', 'f.json', 'a.c', '--markup', 'static-key'],
    ['--front', 'front.h'],
    ['-j', '2', '--abi', 'ilp32', '--color', 'never', 'a.c', '--out-dir', 'o'],
    ['--jobs=3', '--config', 'k.json', 'a.c', '--out-dir', 'o'],
    ['--out-dir', 'o', '--', 'a.c', 'b.c'],
    [],
  ];
  it.each(parsedAlike.map((words) => [words.join(' ') || '(nothing)', words]))('%s: the arguments yargs gives', (_, words) => {
    const expected = yargsArgs(words);
    expect(typeof expected).toBe('object');
    expect(plainArgs(plain, words)).toEqual(expected);
  });

  const leftToYargs = [
    ['--help'],
    ['--version'],
    ['--outDir', 'o', 'a.c'],
    ['--no-color', 'a.c'],
    ['--bogus', 'a.c'],
    ['--markup', 'sideways', 'a.c'],
    ['--abi', 'lp128', 'a.c'],
    ['--jobs', 'many', 'a.c'],
    ['--out-dir', 'o', '--out-dir', 'p', 'a.c'],
    ['--out-dir'],
    ['--out-dir', '-x', 'a.c'],
    ['-j'],
  ];
  it.each(leftToYargs.map((words) => [words.join(' '), words]))('%s: left to yargs', (_, words) => {
    expect(plainArgs(plain, words)).toBeNull();
  });
});

describe("the build step's start-up", () => {
  const scratch = mkdtempSync(join(tmpdir(), 'kmark-plain-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('loads neither yargs, the whole CLI nor tree-sitter for the line the sample Makefile runs on its TUs, and still writes the outputs', () => {
    const loaded = join(scratch, 'loaded.txt');
    const preload = join(scratch, 'preload.cjs');
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, Object.keys(require.cache).join('\\n')));\n`);
    const out = join(scratch, 'out');
    const line = MAKEFILE_LINE.replaceAll(' o/', ` ${out}/`).replace(' o ', ` ${out} `).split(' ');
    // The TUs a markers-on build gives kmark: every .c but the marker runtime's (sample-kernel/Makefile).
    const runtime = new Set(['kernel/marker.c', 'kernel/static_key.c', 'kernel/djprobe.c', 'kernel/marker_ctl.c', 'kernel/marker_profile.c']);
    const tus = (readdirSync(join(REPO, 'sample-kernel'), { recursive: true }) as string[]).filter((f) => f.endsWith('.c') && !f.startsWith('scripts/') && !runtime.has(f));
    expect(tus.length).toBeGreaterThan(20);
    writeFileSync(join(scratch, 'tus'), `${tus.join(' ')}\n`);
    line[line.indexOf('--tu-list') + 1] = join(scratch, 'tus');
    const run = spawnSync(process.execPath, ['-r', preload, join(REPO, 'dist/cli/kmark.cjs'), 'gen', ...line], { cwd: join(REPO, 'sample-kernel'), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(join(out, 'init/main.kmark.h'), 'utf8')).toContain('KMARK');
    const modules = readFileSync(loaded, 'utf8').split('\n');
    expect(modules.some((m) => m.endsWith('dist/cli/build-step.cjs'))).toBe(true);
    expect(modules.filter((m) => m.includes('/node_modules/yargs') || m.endsWith('dist/cli/main.cjs'))).toEqual([]);
    // Its every marker is a call statement in a definition named from its tokens: nothing is parsed (docs/scanning.md#regions).
    expect(modules.filter((m) => m.includes('/node_modules/tree-sitter'))).toEqual([]);
  });

  it('reports a usage mistake through yargs, as before', () => {
    const run = spawnSync(join(REPO, 'bin/kmark'), ['gen', '--markup', 'sideways', 'init/main.c'], { cwd: join(REPO, 'sample-kernel'), encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/Invalid values:[\s\S]*markup[\s\S]*See kmark --help/);
  });
});
