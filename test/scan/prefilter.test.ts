/** The prefilter's threads from the library: run from the sources, where no worker script is built. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nowNs, STAMP_FIELDS, stampsOf } from '../../src/io/stamps.js';
import { scan, scanInParts } from '../../src/scan/index.js';

describe('prefilter', () => {
  it('reads everything on the calling thread when a worker cannot start, with the same result', () => {
    const tree = mkdtempSync(join(tmpdir(), 'kmark-prefilter-'));
    for (let i = 0; i < 1_100; i++) {
      const marker = i % 100 === 0 ? `void f${i}(int x) { trace_mark(test_m${i}, "%d", x); }\n` : '';
      writeFileSync(join(tree, `f${String(i).padStart(4, '0')}.c`), `int g${i};\n${marker}`);
    }
    const one = scan([tree], { root: tree, jobs: 1 });
    const two = scan([tree], { root: tree, jobs: 2 });
    expect(two.stats).toEqual({ ...one.stats, threads: 1 });
    expect(two.sites).toEqual(one.sites);
    expect(one.sites.map((s) => s.name)).toEqual(Array.from({ length: 11 }, (_, k) => `test_m${k * 100}`));
  });

  it('reads each marker file again to scan it: one gone since the first pass is a problem, not a crash', () => {
    const tree = mkdtempSync(join(tmpdir(), 'kmark-prefilter-'));
    const file = (name: string): string => join(tree, name);
    writeFileSync(file('a.c'), 'void a(void) { trace_mark(m_a, MARK_NOARGS); }\n');
    writeFileSync(file('b.c'), '#define ATTR_B __attribute__((unused))\nvoid b(void) { trace_mark(m_b, MARK_NOARGS); }\n');
    writeFileSync(file('c.c'), 'ATTR_B void c(void) { trace_mark(m_c, MARK_NOARGS); }\n');
    // Told when every file is read (more than once): b.c goes before the second pass reads it.
    let gone = false;
    const onProgress = (done: number, total: number): void => {
      if (done === total && !gone) unlinkSync(file('b.c'));
      gone ||= done === total;
    };
    const result = scan([tree], { root: tree, jobs: 1, onProgress });
    expect(result.sites.map((s) => [s.name, s.function])).toEqual([
      ['m_a', 'a'],
      // b.c's #defines were kept from the first pass: ATTR_B is still blanked as an annotation.
      ['m_c', 'c'],
    ]);
    expect(result.problems.map((p) => [p.path, p.message])).toEqual([[file('b.c'), expect.stringMatching(/no such file/i)]]);
  });

  it('takes a file for a marker file only where a name stands as a word of its own', () => {
    const tree = mkdtempSync(join(tmpdir(), 'kmark-prefilter-'));
    const files: Record<string, string> = {
      // Linux 2.6.32's kernel/trace/trace.c: no marker, and no reason to read the tree's #defines.
      'trace.c': 'void f(void) { trace_create_file("trace_marker", 0220); ftrace_mark_x(); my_evmarkers(); }\n',
      'a.c': 'void a(void) { trace_mark(m_a, MARK_NOARGS); }\n',
      'b.c': 'void b(void) {\n\tevmarker(m_b, MARKER_TRACE, 0);\n}\n',
      // tree-sitter may split a word at `$`: the file is read, as the parse decides.
      'c.c': 'int $trace_mark(void);\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(tree, name), text);
    const result = scan([tree], { root: tree, jobs: 1 });
    expect(result.stats.filesParsed).toBe(3);
    expect(result.sites.map((s) => s.name)).toEqual(['m_a', 'm_b']);
    const alone = scan([join(tree, 'trace.c')], { root: tree, jobs: 1 });
    expect(alone.stats.filesParsed).toBe(0);
  });

  // The headers are read last, and their #defines cut in the first pass once a marker file was read; those read before are read again.
  it("knows every header's annotation macros, read in the first pass or again", () => {
    const annotation = (name: string): string => `#define ${name}(s) __attribute__((section(s)))\n`;
    // `void f(void) __in_a(".a")`: without __in_a's definition the function would be named __in_a.
    const definition = (fn: string, macro: string): string => `static inline void ${fn}(void) ${macro}(".x")\n{\n\ttrace_mark(m_${fn}, MARK_NOARGS);\n}\n`;
    const inC = mkdtempSync(join(tmpdir(), 'kmark-prefilter-'));
    writeFileSync(join(inC, 'a.h'), annotation('__in_a'));
    writeFileSync(join(inC, 'm.c'), definition('f', '__in_a') + definition('g', '__in_z'));
    writeFileSync(join(inC, 'z.h'), annotation('__in_z'));
    // Marker files that are all headers: a.h is read before m.h, z.h after.
    const inHeader = mkdtempSync(join(tmpdir(), 'kmark-prefilter-'));
    writeFileSync(join(inHeader, 'a.h'), annotation('__in_a'));
    writeFileSync(join(inHeader, 'm.h'), definition('f', '__in_a') + definition('g', '__in_z'));
    writeFileSync(join(inHeader, 'z.h'), annotation('__in_z'));
    for (const tree of [inC, inHeader]) {
      expect(scan([tree], { root: tree, jobs: 1 }).sites.map((s) => s.function)).toEqual(['f', 'g']);
    }
  });

  it('stamps each file as it reads it, as stat would (the result cache), whatever it is', () => {
    const tree = mkdtempSync(join(tmpdir(), 'kmark-prefilter-'));
    writeFileSync(join(tree, 'a.c'), 'void a(void) { trace_mark(m_a, MARK_NOARGS); }\n');
    writeFileSync(join(tree, 'b.h'), '#define B 1\n');
    symlinkSync('missing.c', join(tree, 'dangling.c'));
    execFileSync('mkfifo', [join(tree, 'fifo.c')]);
    const files = ['a.c', 'b.h', 'dangling.c', 'fifo.c'].map((f) => join(tree, f));
    // A start long after the files were written: no stamp is "racily clean".
    const startedAt = nowNs() + 10_000_000_000n;
    const { stamps, parts } = scanInParts(files, { root: tree, files: { files, problems: [], directories: [] }, stampsAt: startedAt });
    let step = parts.next();
    while (!step.done) step = parts.next();
    expect(step.value.problems.map((p) => p.path)).toEqual([join(tree, 'dangling.c'), join(tree, 'fifo.c')]);
    expect(stamps).toEqual(stampsOf(files, startedAt));
    expect(stamps!.slice(2 * STAMP_FIELDS, 3 * STAMP_FIELDS)).toEqual(new BigInt64Array(STAMP_FIELDS).fill(-1n));
    expect(stamps!.slice(3 * STAMP_FIELDS, 4 * STAMP_FIELDS).includes(-1n)).toBe(false);
  });
});
