/** kmark diff: the ABI gate, on catalogs kmark itself writes from two versions of a tree. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { kmark } from '../helpers/cli.js';
import { writeTree } from '../helpers/lint.js';

const BASE = {
  'kernel/sched.c': 'void schedule(int cpu, long ticks)\n{\n\ttrace_mark(sched_tick, "cpu %d ticks %ld", cpu, ticks);\n\tevmarker(sched_wake, MARKER_TRACE, 1, int, cpu);\n}\n',
  'fs/read.c': 'void vfs_read(int fd)\n{\n\ttrace_mark(fs_read, "fd %d", fd);\n}\n',
};

/** The catalog of a tree, as `kmark catalog` writes it (in-process: one CLI start per diff is enough). */
function catalogOf(files: Record<string, string>): string {
  const root = writeTree(files);
  const out = join(root, 'catalog.json');
  writeFileSync(out, `${JSON.stringify(analyze([root], { root }).catalog, null, 2)}\n`);
  return out;
}

const diff = (before: Record<string, string>, after: Record<string, string>, format = 'json') => {
  const run = kmark(['diff', '--format', format, catalogOf(before), catalogOf(after)]);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
};
const changes = (stdout: string): string[] => (JSON.parse(stdout) as { diagnostics: Array<{ rule: string; severity: string }> }).diagnostics.map((d) => `${d.rule}:${d.severity}`);

describe('kmark diff OLD NEW', () => {
  it('finds nothing between a tree and itself, lines moved or not, and exits 0', () => {
    const moved = { ...BASE, 'fs/read.c': `/* a comment */\n\n${BASE['fs/read.c']}` };
    const run = diff(BASE, moved);
    expect(run.status).toBe(0);
    expect(changes(run.stdout)).toEqual([]);
  });

  it('calls an added marker compatible: exit 0', () => {
    const run = diff(BASE, { ...BASE, 'fs/write.c': 'void vfs_write(int fd)\n{\n\ttrace_mark(fs_write, "fd %d", fd);\n}\n' });
    expect(run.status).toBe(0);
    expect(changes(run.stdout)).toEqual(['abi-added:note']);
  });

  it.each([
    ['a removed marker', { 'fs/read.c': 'void vfs_read(int fd)\n{\n}\n' }, ['abi-removed:error']],
    ['a changed format and field', { 'fs/read.c': 'void vfs_read(long fd)\n{\n\ttrace_mark(fs_read, "fd %ld", fd);\n}\n' }, ['abi-fields-changed:error', 'abi-format-changed:error']],
    ['a renamed field', { 'fs/read.c': 'void vfs_read(int fd)\n{\n\ttrace_mark(fs_read, "file %d", fd);\n}\n' }, ['abi-fields-changed:error', 'abi-format-changed:error']],
    ['a changed id (the marker moved to another function)', { 'fs/read.c': 'void vfs_read_iter(int fd)\n{\n\ttrace_mark(fs_read, "fd %d", fd);\n}\n' }, ['abi-id-changed:error']],
    [
      'changed evmarker handlers and field type',
      { 'kernel/sched.c': BASE['kernel/sched.c'].replace('MARKER_TRACE, 1, int, cpu', 'MARKER_TRACE | MARKER_PROBE, 1, long, ticks') },
      ['abi-fields-changed:error', 'abi-format-changed:error', 'abi-handlers-changed:error'],
    ],
  ])('calls %s breaking: exit 1', (_, edit, expected) => {
    const run = diff(BASE, { ...BASE, ...edit });
    expect(run.status).toBe(1);
    expect(changes(run.stdout)).toEqual(expected);
  });

  it('reads catalogs that kmark catalog writes', () => {
    const root = writeTree(BASE);
    const out = join(root, 'from-cli.json');
    expect(kmark(['catalog', '--root', root, '-o', out, root]).status).toBe(0);
    expect(kmark(['diff', out, catalogOf(BASE)]).status).toBe(0);
  });

  it('writes text with a closing count, and SARIF', () => {
    const removed = { ...BASE, 'fs/read.c': 'void vfs_read(int fd)\n{\n}\n' };
    const text = diff(BASE, removed, 'text');
    expect(text.stderr).toContain("fs/read.c:3:2: error: marker 'fs_read' (fs/read.c:vfs_read:1, event id 0x");
    expect(text.stderr).toMatch(/\[abi-removed\]\n1 error, 0 warnings\nkmark: 1 breaking change, 0 compatible\n$/);
    const sarif = JSON.parse(diff(BASE, removed, 'sarif').stdout) as { runs: Array<{ results: Array<{ ruleId: string }>; tool: { driver: { rules: Array<{ helpUri: string }> } } }> };
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toEqual(['abi-removed']);
    expect(sarif.runs[0]!.tool.driver.rules[0]!.helpUri).toMatch(/docs\/abi-diff\.md#abi-removed$/);
  });

  it('rejects a file that is not a catalog with exit 2', () => {
    const bad = join(writeTree({}), 'x.json');
    writeFileSync(bad, '{"markers": 3}');
    const run = kmark(['diff', bad, bad]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/x\.json: not a valid catalog/);
  });
});
