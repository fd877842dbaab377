/**
 * kmark lint's text next to gcc's own -Wformat output for the same calls
 * (docs/diagnostics.md): the same message (gcc's type spellings, {aka …})
 * and the same labels under the conversion and the argument.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { writeTree } from '../helpers/lint.js';
import { kmark } from '../helpers/cli.js';

const PRELUDE = `#include <stddef.h>
#include <stdint.h>
typedef unsigned long my_size;
typedef my_size my_size2;
enum colour { RED, GREEN };
struct s { int x; };
`;

/** [conversion, argument type, argument expression] */
const CASES: ReadonlyArray<readonly [string, string, string]> = [
  ['%d', 'long', 'v'],
  ['%d', 'size_t', 'v'],
  ['%d', 'my_size', 'v'],
  ['%u', 'my_size2', 'v'],
  ['%d', 'const char *', 'v'],
  ['%s', 'unsigned int', 'v'],
  ['%ld', 'int', 'v'],
  ['%lu', 'long long', 'v'],
  ['%hd', 'double', 'v'],
  ['%p', 'unsigned long', 'v'],
  ['%d', 'struct s *', 'v'],
  ['%x', 'uint64_t', 'v'],
  ['%s', 'int *', 'v'],
  ['%d', 'short *', 'v'],
  ['%c', 'char *', 'v'],
  ['%lld', 'long', 'v + 1'],
  // Named after the default promotions, as a variadic call passes them.
  ['%ld', 'short', 'v'],
  ['%s', 'unsigned char', 'v'],
  ['%s', 'enum colour', 'v'],
  ['%d', 'float', 'v'],
  ['%s', '_Bool', 'v'],
];

interface Shown {
  readonly message: string;
  readonly labels: string[];
}

/** Each diagnostic's message and label texts, from gcc's layout (gcc's or kmark's). */
function shown(text: string): Shown[] {
  const out: Shown[] = [];
  const lines = text.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const head = /^[^:]+:\d+:\d+: (?:error|warning): (.*?) \[[-\w=]+\]$/.exec(lines[k]!);
    if (!head) continue;
    // The lines under the gutter: the source line, the range line, the bars (the labels' anchors), the label rows, the fix-it line.
    const body: string[] = [];
    for (const line of lines.slice(k + 1)) {
      const gutter = /^\s*\d*\s\|\s?/.exec(line);
      if (!gutter) break;
      body.push(line.slice(gutter[0].length));
    }
    const bars = body[2] ?? '';
    const anchors = [...bars].flatMap((c, i) => (c === '|' ? [i] : []));
    const labels: string[] = [];
    const placed = new Set<number>();
    if (anchors.length > 0 && /^[\s|]+$/.test(bars)) {
      for (const row of body.slice(3)) {
        if (row.trim().startsWith('%')) break;
        // A label starts at an anchor whose label is not above, after a space, and runs to the next label's start (it may pass an anchor whose label is above).
        const starts = anchors.filter((at) => !placed.has(at) && row[at] !== undefined && !' |'.includes(row[at]!) && (at === 0 || row[at - 1] === ' '));
        starts.forEach((at, a) => {
          labels.push(row.slice(at, starts[a + 1] ?? row.length).trim());
          placed.add(at);
        });
      }
    }
    out.push({ message: head[1]!.replaceAll('‘', "'").replaceAll('’', "'"), labels: labels.sort() });
  }
  return out;
}

describe("labelled ranges and type spellings, as gcc's", () => {
  it.each(CASES)('%s with %s', (conversion, type, expression) => {
    const body = `void f(${type} v) { printf("x ${conversion}\\n", ${expression}); }\n`;
    // From a file, not stdin: gcc shows the source line and its labels only for a file it can read again.
    const printfTree = writeTree({ 'p.c': `${PRELUDE}int printf(const char *, ...) __attribute__((format(printf, 1, 2)));\n${body}` });
    const gcc = spawnSync('gcc', ['-fsyntax-only', '-Wformat', '-fdiagnostics-color=never', `${printfTree}/p.c`], { encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: 'C' } });
    const fromGcc = shown(gcc.stderr);
    expect(fromGcc, gcc.stderr).toHaveLength(1);
    const root = writeTree({ 'a.c': `${PRELUDE}#include "marker.h"\n${body.replace(/printf\("x ([^"]*)\\n"/, 'trace_mark(ev_x, "x $1"')}`, 'marker.h': '' });
    const run = kmark(['lint', '--no-cache', '--root', root, `${root}/a.c`]);
    const fromKmark = shown(run.stderr);
    expect(fromKmark, run.stderr).toHaveLength(1);
    expect(fromKmark[0]).toEqual(fromGcc[0]);
  });
});
