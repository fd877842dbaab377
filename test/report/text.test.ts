/** The text format against gcc's own layout: display columns with tabs, the gutter, the caret, the closing count, colour. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayColumn, expandTabs } from '../../src/report/text.js';
import { KMARK } from '../helpers/cli.js';
import { writeTree } from '../helpers/lint.js';

describe('display columns, as gcc counts them', () => {
  // Tabs before and inside the call, at several offsets from a tab stop.
  const lines = ['\tprintf("t %d", l);', '\tif (l) printf(\t"t %d", l);', '  \t  printf(\t\t"t %d", l);', ';\tprintf("t\t%d", l);'];
  const source = `#include <stdio.h>\nvoid f(long l)\n{\n${lines.join('\n')}\n}\n`;
  const dir = writeTree({ 'g.c': source });
  const gcc = spawnSync('gcc', ['-fsyntax-only', '-Wformat', '-fdiagnostics-color=never', 'g.c'], { cwd: dir, encoding: 'utf8' }).stderr;

  it.each(lines.map((line, k) => [k + 4, line] as const))("line %i: the header column and the gutter line are gcc's", (number, line) => {
    const header = new RegExp(`^g\\.c:${number}:(\\d+): warning: format`, 'm').exec(gcc);
    expect(header, gcc).not.toBeNull();
    // gcc's caret is on the conversion's letter.
    expect(displayColumn(line, line.lastIndexOf('%d') + 2)).toBe(Number(header![1]));
    expect(gcc).toContain(`\n${String(number).padStart(5)} | ${expandTabs(line)}\n`);
  });
});

describe('kmark lint text output', () => {
  const root = writeTree({ 'a.c': 'void f(long l, int x)\n{\n\tif (l) trace_mark(sched_tick,\t"t %d", l);\n\ttrace_mark(Bad, "x %d", x);\n}\n' });
  const lint = (args: readonly string[], env: Record<string, string | undefined> = {}) =>
    spawnSync(KMARK, ['lint', '--root', root, ...args, root], { encoding: 'utf8', env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env } }).stderr;

  it("has gcc's gutter, caret, labelled ranges, fix line and a closing count", () => {
    expect(lint([])).toBe(
      [
        "a.c:3:44: error: format '%d' expects argument of type 'int', but argument 2 has type 'long int' [format-type]",
        '    3 |         if (l) trace_mark(sched_tick,   "t %d", l);',
        '      |                                            ^~   ~',
        '      |                                            |    |',
        '      |                                            int  long int',
        '      |                                            %ld',
        "a.c:3:44: note: use '%ld' for 'l'",
        "a.c:4:20: warning: marker name 'Bad' does not follow subsystem_event (lower case, one underscore at least) [name-convention]",
        '    4 |         trace_mark(Bad, "x %d", x);',
        '      |                    ^~~',
        '1 error, 1 warning',
        '',
      ].join('\n'),
    );
  });

  it('keeps character columns in the machine formats', () => {
    const run = spawnSync(KMARK, ['lint', '--format', 'json', '--root', root, root], { encoding: 'utf8' });
    expect((JSON.parse(run.stdout) as { diagnostics: Array<{ column: number }> }).diagnostics[0]!.column).toBe(35);
  });

  it.each([
    [[], {}, false],
    [[], { FORCE_COLOR: '1' }, true],
    [[], { FORCE_COLOR: '0' }, false],
    [[], { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    [['--color=always'], { NO_COLOR: '1' }, true],
    [['--color=never'], { FORCE_COLOR: '1' }, false],
  ] as const)('colours with %j and %j (not a terminal): %s', (args, env, coloured) => {
    expect(lint(args, env).includes('\x1b[')).toBe(coloured);
  });

  it('rejects another --color value', () => {
    const dir = writeTree({});
    writeFileSync(join(dir, 'a.c'), '');
    expect(spawnSync(KMARK, ['lint', '--color=sometimes', dir], { encoding: 'utf8' }).status).toBe(2);
  });
});
