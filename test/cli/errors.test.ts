/** Errors in their place (issue 12, item 7): findings at their own position, kmark's own defects told apart. */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KMARK, kmark } from '../helpers/cli.js';
import { writeTree } from '../helpers/lint.js';

describe('an empty evmarker argument', () => {
  const root = writeTree({ 'a.c': 'void f(void)\n{\n\tevmarker(ev_empty, MARKER_TRACE, 0, );\n}\n' });

  it('is reported at the ) that ends it, in text', () => {
    const run = kmark(['lint', '--root', root, root]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('a.c:3:45: error: an empty argument has no PARAM: evmarker takes TYPE, PARAM pairs [evmarker-nr]');
  });

  it('and in json', () => {
    const run = kmark(['lint', '--format', 'json', '--root', root, root]);
    const found = (JSON.parse(run.stdout) as { diagnostics: Array<{ rule: string; line: number; column: number; endColumn: number }> }).diagnostics.find((d) => d.rule === 'evmarker-nr');
    expect(found).toMatchObject({ line: 3, column: 38, endColumn: 38 });
  });

  it('and in sarif, which no longer dies on it', () => {
    const run = kmark(['lint', '--format', 'sarif', '--root', root, root]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const results = (JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: object } }> }> }> }).runs[0]!.results;
    expect(results.find((r) => r.ruleId === 'evmarker-nr')!.locations[0]!.physicalLocation.region).toMatchObject({ startLine: 3, startColumn: 38 });
  });
});

describe('an internal error', () => {
  // A fault injected the way a defect would show: node:crypto's hashing (createHash, or hash where Node has it) throws a TypeError under `kmark id`.
  const preload = join(writeTree({}), 'fault.mjs');
  writeFileSync(
    preload,
    "import crypto from 'node:crypto';\nimport { syncBuiltinESMExports } from 'node:module';\ncrypto.createHash = crypto.hash = () => { throw new TypeError('injected fault\\nsecond line'); };\nsyncBuiltinESMExports();\n",
  );
  const run = (debug: boolean) => spawnSync(KMARK, ['id', 'a.c:f:1'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--import=${preload}`, KMARK_DEBUG: debug ? '1' : '' } });

  it('exits 3, not 2, with one line and a request to report it', () => {
    const result = run(false);
    expect(result.status).toBe(3);
    expect(result.stderr.split('\n')).toEqual(['kmark: internal error: injected fault', 'kmark: this is a bug in kmark 0.1.0; please report it with the command line (KMARK_DEBUG=1 prints the stack)', '']);
  });

  it('prints the stack with KMARK_DEBUG', () => {
    const result = run(true);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/TypeError: injected fault\n[^]*\n\s+at /);
  });
});

describe('kmark with no command', () => {
  it('prints the usage once, on stderr, and exits 2', () => {
    const run = kmark([]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.match(/^kmark <command>$/gm)).toHaveLength(1);
    expect(run.stderr).toContain('kmark lint [paths..]');
    expect(run.stderr).not.toContain('kmark: kmark:');
  });
});

describe('output that cannot be written', () => {
  const functions = Array.from({ length: 4_000 }, (_, k) => `void function_${k}(void)\n{\n\ttrace_mark(subsystem_event_${k}, MARK_NOARGS);\n}\n`);
  const root = writeTree({ 'kmark.config.json': '{}', 'many.c': functions.join('') });

  it.each([['text'], ['json']])('is no failure when the reader stops reading (kmark scan | head), in %s', async (format) => {
    const child = spawn(KMARK, ['scan', '--no-cache', '--format', format], { cwd: root, env: { ...process.env, XDG_CACHE_HOME: join(root, '.cache') } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Closed before kmark writes: its first write meets the closed pipe, as after head's last line.
    child.stdout.destroy();
    const status = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it.skipIf(!existsSync('/dev/full'))('is one line and exit 2 when the disk is full (> /dev/full)', () => {
    const full = openSync('/dev/full', 'w');
    const run = spawnSync(KMARK, ['scan', '--no-cache'], { cwd: root, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: join(root, '.cache') } });
    closeSync(full);
    expect(run.stderr).toBe('kmark: standard output: no space left on device\n');
    expect(run.status).toBe(2);
  });
});
