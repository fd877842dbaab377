/**
 * V8's tiering fitted to the run (src/cli/tiering.ts): a run of a whole
 * kernel tree goes back to V8's own interrupt budget once its files are
 * listed, before the first is read; a shorter run keeps bin/kmark's.
 * What it saves is measured by bench/markers and bench/scan, not here.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitTieringTo, LONG_RUN_FILES } from '../../src/cli/tiering.js';
import { openWorkspace } from '../../src/cli/workspace.js';
import { scan } from '../../src/scan/index.js';

describe('fitTieringTo', () => {
  it("sets V8's own budget from LONG_RUN_FILES files on, and nothing below", () => {
    const set: string[] = [];
    fitTieringTo(LONG_RUN_FILES - 1, (flags) => set.push(flags));
    expect(set).toEqual([]);
    fitTieringTo(LONG_RUN_FILES, (flags) => set.push(flags));
    expect(set).toEqual(['--interrupt-budget=67584']);
  });

  it('is what scan and lint call once their files are listed', () => {
    const tree = mkdtempSync(join(tmpdir(), 'kmark-tiering-'));
    expect(openWorkspace({ root: tree, paths: [tree] }).analyzeOptions.onListed).toBe(fitTieringTo);
  });
});

describe('scan', () => {
  it('says how many files it listed before it reads the first', () => {
    const tree = mkdtempSync(join(tmpdir(), 'kmark-listed-'));
    for (const name of ['a.c', 'b.h', 'c.c']) writeFileSync(join(tree, name), `void f_${name[0]}(int x)\n{\n\ttrace_mark(m_${name[0]}, "%d", x);\n}\n`);
    const events: string[] = [];
    const result = scan([tree], { root: tree, onListed: (files) => events.push(`listed ${files}`), onProgress: (done) => events.push(`read ${done}`) });
    expect(events.slice(0, 2)).toEqual(['listed 3', 'read 1']);
    expect(events.filter((e) => e.startsWith('listed'))).toHaveLength(1);
    expect(result.sites.map((s) => s.name)).toEqual(['m_a', 'm_b', 'm_c']);
  });
});
