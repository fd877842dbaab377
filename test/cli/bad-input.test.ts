/** docs/bad-input.md through the CLI: one clear line naming the path, exit 2 for I/O, every other file still reported. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KMARK, kmark, type Run } from '../helpers/cli.js';

const good = (fn: string, name: string): string => `void ${fn}(int x)\n{\n\ttrace_mark(${name}, "x %d", x);\n}\n`;

let tree: string;
let run: Run;

beforeAll(() => {
  tree = mkdtempSync(join(tmpdir(), 'kmark-bad-'));
  mkdirSync(join(tree, 'src'));
  writeFileSync(join(tree, 'src/a_ok.c'), good('ok', 'lib_ok'));
  writeFileSync(join(tree, 'src/bom.c'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(good('bom', 'lib_bom'))]));
  writeFileSync(join(tree, 'src/crlf.c'), good('crlf', 'lib_crlf').replaceAll('\n', '\r\n'));
  writeFileSync(join(tree, 'src/empty.c'), '');
  writeFileSync(join(tree, 'src/latin1.c'), Buffer.concat([Buffer.from('/* Author: Ren'), Buffer.from([0xe9]), Buffer.from(' */\n'), Buffer.from(good('latin', 'lib_latin'))]));
  writeFileSync(join(tree, 'src/binary.c'), Buffer.concat([Buffer.from('trace_mark'), Buffer.alloc(16), Buffer.from([0xff, 0xfe])]));
  writeFileSync(join(tree, 'src/secret.c'), good('secret', 'lib_secret'));
  chmodSync(join(tree, 'src/secret.c'), 0o000);
  symlinkSync('.', join(tree, 'src/loop'));
  symlinkSync('missing.c', join(tree, 'src/dangling.c'));
  chmodSync(tree, 0o755);
  run = kmark(['scan', '--root', tree, tree, join(tree, 'no-such-dir')]);
});

// Root reads any file: the unreadable case runs kmark as nobody.
const asNobody = process.getuid?.() === 0;

describe('bad input', () => {
  it('still reports every readable file, with true lines and columns (BOM, CRLF, Latin-1)', () => {
    const lines = run.stdout.trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining(['src/a_ok.c:3:2  src/a_ok.c:ok:1  lib_ok', 'src/bom.c:3:2  src/bom.c:bom:1  lib_bom', 'src/crlf.c:3:2  src/crlf.c:crlf:1  lib_crlf', 'src/latin1.c:4:2  src/latin1.c:latin:1  lib_latin']));
  });

  it('exits 2, naming each path with one line and no stack trace', () => {
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('src/dangling.c: no such file or directory');
    expect(run.stderr).toMatch(/no-such-dir: no such file or directory/);
    expect(run.stderr).toMatch(/src\/loop: symlink loop/);
    expect(run.stderr).toMatch(/src\/latin1\.c:1:15: warning: not valid UTF-8; read as Latin-1 \[encoding\]/);
    expect(run.stderr).toMatch(/src\/binary\.c:1:11: warning: binary file \(NUL byte\), skipped \[binary-file\]/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.runIf(asNobody)('names an unreadable file', () => {
    const nobody = kmarkAsNobody(['scan', '--root', tree, join(tree, 'src/secret.c'), join(tree, 'src/a_ok.c')]);
    expect(nobody.status).toBe(2);
    expect(nobody.stderr).toMatch(/src\/secret\.c: permission denied/);
    expect(nobody.stdout).toContain('lib_ok');
  });

  it('treats an empty tree as clean', () => {
    const empty = mkdtempSync(join(tmpdir(), 'kmark-empty-'));
    writeFileSync(join(empty, 'e.c'), '');
    expect(kmark(['scan', '--root', empty, empty])).toMatchObject({ status: 0, stdout: '', stderr: '' });
  });
});

function kmarkAsNobody(args: string[]): Run {
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', KMARK, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
