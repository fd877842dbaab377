import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateAgainst } from '../../src/io/schemas.js';
import { fixture, kmark } from '../helpers/cli.js';
import { writeTree } from '../helpers/lint.js';

const tricky = fixture('tricky');

describe('kmark --help', () => {
  it.each(['scan', 'catalog', 'id'])('documents %s', (command) => {
    const run = kmark([command, '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`kmark ${command}`);
  });

  it('rejects an unknown command or flag with exit 2 and no stack', () => {
    for (const args of [['frobnicate'], ['scan', '--no-such-flag']]) {
      const run = kmark(args);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^kmark: /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('kmark id', () => {
  it('prints md5 and event id', () => {
    expect(kmark(['id', 'kernel/sched.c:schedule:1']).stdout).toBe('id       kernel/sched.c:schedule:1\nmd5      766cce87c669d18ff724b44ae000653b\neventId  0x766cce87c669d18f\n');
    expect(JSON.parse(kmark(['id', '--format', 'json', 'a.c:f:2']).stdout)).toEqual({
      id: 'a.c:f:2',
      md5: 'c594a4de1f26ffdca2b153ac158ece51',
      eventId: '0xc594a4de1f26ffdc',
    });
  });
});

describe('kmark scan', () => {
  it('takes the root from kmark.config.json and exits 1 on an error finding', () => {
    const run = kmark(['scan'], { cwd: `${tricky}/kernel` });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('fs/read_write.c:22:2  fs/read_write.c:fs_fsync:1  fs_fsync');
    expect(run.stderr).toContain('lib/errors.c:6:1: error:');
  });

  it('prints a catalog that validates against the schema, sorted and deterministic', () => {
    const first = kmark(['scan', '--format', 'json', tricky]);
    const second = kmark(['scan', '--format', 'json', tricky]);
    expect(first.stdout).toBe(second.stdout);
    const catalog = JSON.parse(first.stdout) as { markers: Array<{ file: string; line: number; column: number }> };
    expect(validateAgainst('catalog', catalog)).toEqual([]);
    const keys = catalog.markers.map((m) => [m.file, m.line, m.column] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
    expect(keys).toEqual(sorted);
    expect(catalog.markers).toHaveLength(21);
  });

  it('prints a line a marker, written in pieces, as the JSON catalog lists them', () => {
    // ~75 bytes a line: three of the 64 KiB pieces the text is written in.
    const functions = Array.from({ length: 2_500 }, (_, k) => `void function_${k}(void)\n{\n\ttrace_mark(subsystem_event_${k}, MARK_NOARGS);\n}\n`);
    const dir = writeTree({ 'kmark.config.json': '{}', 'drivers/many.c': functions.join('') });
    const text = kmark(['scan', '--no-cache'], { cwd: dir });
    const json = kmark(['scan', '--no-cache', '--format', 'json'], { cwd: dir });
    const markers = (JSON.parse(json.stdout) as { markers: Array<{ file: string; line: number; column: number; id: string; name: string }> }).markers;
    expect(markers).toHaveLength(2_500);
    expect(text.stdout.length).toBeGreaterThan(2 << 16);
    expect(text.stdout).toBe(markers.map((m) => `${m.file}:${m.line}:${m.column}  ${m.id}  ${m.name}\n`).join(''));
  });
});

describe('-I DIR, repeatable, one directory each', () => {
  // `src` needs both directories; `other` has a finding, so linting it too would show.
  const root = writeTree({
    'inc1/a.h': 'typedef long my_long;\n',
    'inc2/b.h': 'typedef unsigned int my_uint;\n',
    'src/f.c': '#include <a.h>\n#include <b.h>\nvoid f(my_long l, my_uint u)\n{\n\ttrace_mark(src_f, "%ld %u", l, u);\n}\n',
    'other/g.c': 'void g(long l)\n{\n\ttrace_mark(other_g, "%d", l);\n}\n',
  });
  const lint = (...args: string[]) => kmark(['lint', '--strict', '--root', '.', ...args], { cwd: root });

  it('kmark lint takes the path after -I DIR as a path', () => {
    for (const args of [
      ['-I', 'inc1', '-I', 'inc2', 'src'],
      ['--include', 'inc1', '--include=inc2', 'src'],
      ['src', '-I', 'inc1', '-I', 'inc2'],
    ]) {
      expect(lint(...args), args.join(' ')).toMatchObject({ status: 0, stderr: '' });
    }
    const one = lint('-I', 'inc1', 'src');
    expect(one.status).toBe(1);
    expect(one.stderr).toContain("src/f.c:5:40: error: cannot resolve the type of 'u': unknown typedef 'my_uint' (header <b.h> not found)");
    expect(one.stderr).not.toContain('other/g.c');
  });

  it('kmark gen takes the path after -I DIR as a TU', () => {
    const gen = (...args: string[]) => kmark(['gen', '--root', '.', '--tu', 'src/f.c', '--out-dir', 'out', ...args], { cwd: root });
    expect(gen('-I', 'inc1', '-I', 'inc2')).toMatchObject({ status: 0, stderr: '' });
    expect(gen('-I', 'inc1', 'src')).toMatchObject({ status: 2, stderr: `kmark: ${join(root, 'src')}: is a directory\n` });
  });

  it('kmark gen refuses a TU outside the root, and a root that is not a directory, writing nothing', () => {
    const out = join(root, 'out-refused');
    const gen = (...args: string[]) => kmark(['gen', '--out-dir', out, ...args], { cwd: root });
    expect(gen('--root', 'src', 'other/g.c')).toMatchObject({ status: 2, stderr: `kmark: other/g.c: outside the root ${join(root, 'src')}: its outputs would land outside --out-dir\n` });
    expect(gen('--root', 'src/f.c', 'src/f.c')).toMatchObject({ status: 2, stderr: `kmark: --root ${join(root, 'src', 'f.c')}: not a directory\n` });
    expect(gen('--root', '.', 'src/none.c')).toMatchObject({ status: 2, stderr: `kmark: ${join(root, 'src', 'none.c')}: no such file or directory\n` });
    expect(existsSync(out)).toBe(false);
  });

  it('-I without a directory is a usage error', () => {
    expect(lint('src', '-I')).toMatchObject({ status: 2, stderr: 'kmark: Not enough arguments following: I\nSee kmark --help.\n' });
  });
});

describe('kmark catalog', () => {
  it('writes the catalog only when it changes, and validates it', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kmark-cat-')), 'catalog.json');
    kmark(['catalog', '-o', out, tricky]);
    const written = statSync(out).mtimeMs;
    kmark(['catalog', '-o', out, tricky]);
    expect(statSync(out).mtimeMs).toBe(written);
    expect(kmark(['catalog', '--validate', out])).toMatchObject({ status: 0 });
    const broken = JSON.parse(readFileSync(out, 'utf8')) as { markers: Array<Record<string, unknown>> };
    broken.markers[0]!.eventId = 'not-hex';
    delete broken.markers[1]!.md5;
    writeFileSync(out, JSON.stringify(broken));
    const invalid = kmark(['catalog', '--validate', out]);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain('/markers/0/eventId: must match pattern');
    expect(invalid.stderr).toContain("/markers/1: must have required property 'md5'");
  });

  it('rejects a configuration with an unknown key, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmark-cfg-'));
    writeFileSync(join(dir, 'kmark.config.json'), JSON.stringify({ includePath: ['include'] }));
    const run = kmark(['scan'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("kmark.config.json: (top level): unknown key 'includePath'");
  });
});
