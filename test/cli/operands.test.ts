/** `--` ends the options (src/cli/operands.ts): what follows is the command's paths, even one that starts with a dash. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kmark } from '../helpers/cli.js';

let dir: string;
const source = (fn: string): string => `void ${fn}(int x)\n{\n\ttrace_mark(lib_${fn}, "x %d", x);\n}\n`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmark-operands-'));
  writeFileSync(join(dir, 'one.c'), source('one'));
  writeFileSync(join(dir, 'other.c'), source('other'));
  writeFileSync(join(dir, '-dash.c'), source('dash'));
});

describe('--', () => {
  it('scans only the paths after it', () => {
    expect(kmark(['scan', '--', 'other.c'], { cwd: dir }).stdout).toBe('other.c:3:2  other.c:other:1  lib_other\n');
  });

  it('takes a path that starts with a dash as a path', () => {
    const run = kmark(['scan', '--format', 'json', '--', '-dash.c', 'one.c'], { cwd: dir });
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { markers: Array<{ id: string }> }).markers.map((m) => m.id)).toEqual(['-dash.c:dash:1', 'one.c:one:1']);
  });

  it("fills a required positional (link's fragments)", () => {
    const run = kmark(['link', '--', 'missing.kmark.json'], { cwd: dir });
    expect(run.stderr).toBe('kmark: missing.kmark.json: no such file or directory\n');
    expect(run.status).toBe(2);
  });

  it('leaves options before it as options', () => {
    expect(kmark(['id', '--format', 'json', '--', 'a.c:f:2'], { cwd: dir }).stdout).toContain('"md5":"c594a4de1f26ffdca2b153ac158ece51"');
  });
});
