/**
 * Paths that are not regular files (docs/bad-input.md): inputs are refused
 * with one line naming the path, never read until they end (a FIFO would
 * block, /dev/zero never ends); outputs onto a character device or a FIFO are
 * written through, never renamed over.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KMARK } from '../helpers/cli.js';

let dir: string;
const source = 'void f(int x)\n{\n\ttrace_mark(lib_f, "x %d", x);\n}\n';

/** The CLI with a time limit: a hang is the defect under test, and shows as a null status. */
function kmarkWithin(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(KMARK, args, { cwd: dir, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmark-nonregular-'));
  // The tree's root, so that kmark does not warn that ids are taken from the current directory.
  writeFileSync(join(dir, 'kmark.config.json'), '{}\n');
  writeFileSync(join(dir, 'a.c'), source);
  expect(spawnSync('mkfifo', [join(dir, 'in.c'), join(dir, 'out.json')]).status).toBe(0);
});

describe('inputs that are not regular files', () => {
  it.each([
    ['a FIFO', 'in.c', 'a FIFO'],
    ['/dev/zero', '/dev/zero', 'a character device'],
  ])('%s is refused with one line naming it; the other files are still scanned', (_, path, kind) => {
    const run = kmarkWithin(['scan', path, 'a.c']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('a.c:3:2  a.c:f:1  lib_f\n');
    expect(run.stderr).toBe(`kmark: ${path}: not a regular file (${kind}), not read\n`);
  });

  it('a FIFO given as a fragment or a catalog to validate is refused too', () => {
    expect(kmarkWithin(['link', 'in.c']).stderr).toBe('kmark: in.c: not a regular file (a FIFO), not read\n');
    expect(kmarkWithin(['catalog', '--validate', '/dev/zero']).stderr).toBe('kmark: /dev/zero: not a regular file (a character device), not read\n');
  });
});

describe('outputs that are not regular files', () => {
  it('-o /dev/null is written through', () => {
    const run = kmarkWithin(['catalog', '-o', '/dev/null', 'a.c']);
    expect(run.status).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it.skipIf(process.getuid?.() !== 0)('a device node stays a device node (as root, who could rename over it)', () => {
    const node = join(dir, 'null');
    expect(spawnSync('mknod', [node, 'c', '1', '3']).status).toBe(0);
    expect(kmarkWithin(['catalog', '-o', node, 'a.c']).status).toBe(0);
    expect(statSync(node).isCharacterDevice()).toBe(true);
  });

  it('a FIFO is written through to its reader, not read first', async () => {
    const received = join(dir, 'received.json');
    const reader = spawn('sh', ['-c', `cat "${join(dir, 'out.json')}" > "${received}"`]);
    const finished = new Promise((resolve) => reader.on('exit', resolve));
    const run = kmarkWithin(['catalog', '-o', 'out.json', 'a.c']);
    expect(run.status).toBe(0);
    await finished;
    expect(JSON.parse(readFileSync(received, 'utf8'))).toMatchObject({ markers: [{ id: 'a.c:f:1' }] });
    expect(statSync(join(dir, 'out.json')).isFIFO()).toBe(true);
  });

  it('a directory is refused with a message', () => {
    expect(kmarkWithin(['catalog', '-o', '.', 'a.c']).stderr).toBe('kmark: .: cannot write: is a directory; give a regular file, a character device or a FIFO\n');
  });
});
