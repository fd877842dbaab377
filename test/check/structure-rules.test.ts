/** ESLint-style tables: valid code gives no finding of the rule, invalid code exactly the listed ones. */
import { describe, expect, it } from 'vitest';
import { inFunction, lintFiles, where } from '../helpers/lint.js';

interface Case {
  readonly code: string;
  readonly errors?: readonly string[];
}

const TABLES: Record<string, { valid: readonly string[]; invalid: readonly Case[] }> = {
  'marker-outside-function': {
    valid: [inFunction('trace_mark(a_b, "x");')],
    invalid: [{ code: 'int y;\ntrace_mark(a_b, "x");\n', errors: ['marker-outside-function@2:1'] }],
  },
  'marker-in-macro': {
    valid: [inFunction('trace_mark(a_b, "x");') + '#define trace_mark(name, ...) do { } while (0)\n'],
    invalid: [
      { code: '#define LOG_X(x) trace_mark(a_b, "x %d", x)\n', errors: ['marker-in-macro@1:18'] },
      { code: '#define LOG_E(x) \\\n\tevmarker(a_b, MARKER_TRACE, 1, int, x)\n', errors: ['marker-in-macro@2:2'] },
    ],
  },
  'marker-same-line': {
    valid: [inFunction('trace_mark(a_b, "x");\ntrace_mark(a_b, "x");\ntrace_mark(a_c, "x"); trace_mark(a_d, "x");')],
    invalid: [
      { code: inFunction('trace_mark(a_b, "x"); trace_mark(a_b, "x");'), errors: ['marker-same-line@3:34'] },
      { code: inFunction('if (x) trace_mark(a_b, "x %d", x); else evmarker(a_b, MARKER_TRACE, 1, int, x);'), errors: ['marker-same-line@3:50'] },
    ],
  },
  'marker-arg-limit': {
    valid: [inFunction(`trace_mark(a_b, "${'%d '.repeat(12)}", ${'x, '.repeat(11)}x);\nevmarker(a_c, MARKER_TRACE, 12, ${'int, x, '.repeat(11)}int, x);`)],
    invalid: [
      { code: inFunction(`trace_mark(a_b, "${'%d '.repeat(13)}", ${'x, '.repeat(12)}l);`), errors: ['marker-arg-limit@3:96'] },
      { code: inFunction(`evmarker(a_b, MARKER_TRACE, 13, ${'int, x, '.repeat(12)}long, l);`), errors: ['marker-arg-limit@3:135'] },
    ],
  },
  'name-convention': {
    valid: [inFunction('trace_mark(sched_switch, "x");\ntrace_mark(net_rx2_drop, "x");')],
    invalid: [
      { code: inFunction('trace_mark(SchedSwitch, "x");'), errors: ['name-convention@3:12'] },
      { code: inFunction('  trace_mark(schedule, "x");'), errors: ['name-convention@3:14'] },
    ],
  },
  'evmarker-nr': {
    valid: [inFunction('evmarker(a_b, MARKER_TRACE, 2, int, x, long, l);\nevmarker(a_c, MARKER_TRACE, 0);')],
    invalid: [
      { code: inFunction('evmarker(a_b, MARKER_TRACE, 1, int, x, long, l);'), errors: ['evmarker-nr@3:29'] },
      { code: inFunction('evmarker(a_b, MARKER_TRACE, 2, int, x, long);'), errors: ['evmarker-nr@3:40'] },
      { code: inFunction('evmarker(a_b, MARKER_TRACE, N, int, x);'), errors: ['evmarker-nr@3:29'] },
    ],
  },
  'evmarker-handlers': {
    valid: [inFunction('evmarker(a_b, MARKER_PRINTK | MARKER_TRACE | MARKER_PROBE, 1, int, x);')],
    invalid: [{ code: inFunction('evmarker(a_b, MARKER_TRACE | MARKER_LOG, 1, int, x);'), errors: ['evmarker-handlers@3:15'] }],
  },
  'format-not-literal': {
    valid: [inFunction('trace_mark(a_b, "v %" PRIu64 " w %" PRIxPTR, x, x);\ntrace_mark(a_c, MARK_NOARGS);')],
    invalid: [
      { code: inFunction('trace_mark(a_b, "v %" MY_FMT, x);'), errors: ['format-not-literal@3:17'] },
      { code: inFunction('trace_mark(a_b, s, x);'), errors: ['format-not-literal@3:17'] },
    ],
  },
  'format-invalid': {
    valid: [inFunction('trace_mark(a_b, "100%% x %d", x);'), inFunction('trace_mark(a_b, MARK_NOARGS);')],
    invalid: [
      { code: inFunction('trace_mark(a_b, "x %n", &x);'), errors: ['format-invalid@3:20'] },
      { code: inFunction('trace_mark(a_b, "x %y", x);'), errors: ['format-invalid@3:20'] },
      { code: inFunction('trace_mark(a_b, "x %", x);'), errors: ['format-invalid@3:20'] },
      { code: inFunction('trace_mark(a_b, "");'), errors: ['format-invalid@3:17'] },
      { code: inFunction('trace_mark(a_b, "" "");'), errors: ['format-invalid@3:17'] },
    ],
  },
  'format-arg-count': {
    valid: [
      inFunction('trace_mark(a_b, "x %d %s", x, s);\ntrace_mark(a_c, MARK_NOARGS);'),
      // As in gcc, an empty format is the one finding (format-invalid): its arguments are not counted.
      inFunction('trace_mark(a_b, "", x);'),
    ],
    invalid: [
      { code: inFunction('trace_mark(a_b, "x %d", x, l);'), errors: ['format-arg-count@3:28'] },
      { code: inFunction('trace_mark(a_b, "x %d %ld", x);'), errors: ['format-arg-count@3:23'] },
      { code: inFunction('trace_mark(a_b, MARK_NOARGS, x);'), errors: ['format-arg-count@3:30'] },
    ],
  },
  'format-conflict': {
    valid: [inFunction('trace_mark(a_b, "x %d", x);\ntrace_mark(a_b, "y=%5d", x);')],
    invalid: [
      { code: inFunction('trace_mark(a_b, "x %d", x);\ntrace_mark(a_b, "x %ld", l);'), errors: ['format-conflict@4:17'] },
      { code: inFunction('trace_mark(a_b, "x %d", x);\nevmarker(a_b, MARKER_TRACE, 1, long, l);'), errors: ['format-conflict@4:1'] },
    ],
  },
};

describe.each(Object.entries(TABLES))('%s', (rule, { valid, invalid }) => {
  it.each(valid.map((code) => [code]))('accepts %j', (code) => {
    expect(
      lintFiles({ 'a.c': code })
        .filter((d) => d.rule === rule)
        .map(where),
    ).toEqual([]);
  });
  it.each(invalid.map((c) => [c.code, c.errors ?? []] as const))('reports %j', (code, errors) => {
    expect(
      lintFiles({ 'a.c': code })
        .filter((d) => d.rule === rule)
        .map(where),
    ).toEqual(errors);
  });
});

export const TESTED_RULES = Object.keys(TABLES);
