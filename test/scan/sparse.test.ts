import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnnotationMacros, blankAnnotations } from '../../src/c/annotations.js';
import { extractMarkers, markerNameOffsets } from '../../src/scan/extract.js';
import { DEFAULT_FUNCTION_MACROS } from '../../src/scan/function-name.js';
import { parseC } from '../../src/c/parser.js';
import { scanText } from '../../src/scan/index.js';
import { regionsAround } from '../../src/scan/regions.js';
import { sparseRanges } from '../../src/scan/sparse.js';
import { fixture } from '../helpers/cli.js';

const macros = new AnnotationMacros();

/** The scan's own path (each definition around a marker, cut to what its markers need) against one parse of the whole file. */
function bothWays(source: string, name: string) {
  const targets = markerNameOffsets(source);
  const sparse = scanText(name, source, macros, DEFAULT_FUNCTION_MACROS);
  const whole = extractMarkers(parseC(blankAnnotations(source, macros)), source, name, DEFAULT_FUNCTION_MACROS, targets);
  return { sparse, whole };
}

const CASES: Record<string, string> = {
  'plain body': 'static int __init f(int a)\n{\n\tint x = a;\n\tif (x)\n\t\treturn 1;\n\ttrace_mark(f_a, "x %d", x);\n\treturn 0;\n}\n',
  'comments and strings': '/* trace_mark(c_0, "") */\nint f(void) /* { */\n{\n\tchar *s = "trace_mark(s_1, \\"\\")"; // trace_mark(c_2, "")\n\ttrace_mark(f_b, "%s", s);\n}\n',
  'directive in the body': 'int f(void)\n{\n#define M(x) trace_mark(m_c, "%d", x)\n\tM(1);\n#ifdef trace_mark\n\ttrace_mark(f_d, "y");\n#endif\n}\n',
  'marker in a marker': 'int f(int a)\n{\n\ttrace_mark(f_e, "%d", ({ trace_mark(f_f, "z"); a; }));\n}\n',
  'marker as an expression': 'int f(int a)\n{\n\tif (a) trace_mark(f_g, "v");\n\treturn a ? trace_mark(f_h, "w"), 1 : 0;\n}\n',
  initializer: 'static struct ops o = {\n\t.f = ({ trace_mark(o_j, "o"); 0; }),\n};\n',
  'macro-made and loops':
    'SYSCALL_DEFINE1(read, int, fd)\n{\n\tfor_each_cpu(cpu) {\n\t\ttrace_mark(s_k, "%d", fd);\n\t}\n}\nvoid g(void) __acquires(x)\n{\n\tlist_for_each(p, h)\n\t\ttrace_mark(g_l, "g");\n\tevmarker(g_m, MARKER_TRACE, 1, int, 2);\n}\n',
  'deep nesting': `void f(void)\n${'{'.repeat(200)}\ntrace_mark(d_n, "d");\n${'}'.repeat(200)}\n`,
  unterminated: 'void f(void)\n{\n\ttrace_mark(u_o, "u"\n}\n',
  // Read without a parse (statementSites): the columns and lines must be the parse's.
  'several statements, wide characters before them':
    'static const char *f(int a)\n{\n\t/* é ü */ trace_mark(w_p, "%d", a);\n\tputs("ß");\n\tevmarker(w_q, MARKER_TRACE, 1, int, a); trace_mark(w_r, "x");\n\tif (a) {\n\t\ttrace_mark(w_s,\n\t\t\t"%d", a);\n\t}\n}\n',
  'continued lines and a # in a string': 'int f(int a)\n{\n\tint b = a + \\\n\t\t1; char *s = "#x";\n  # define Q 1\n\ttrace_mark(c_t, "%s", s);\n}\n',
  'headers named from their tokens or by the parse':
    'struct s *f1(void)\n{\n\ttrace_mark(h_a, "");\n}\nunsigned long long __init f2(int (*cb)(int), ...)\n{\n\ttrace_mark(h_b, "");\n}\n' +
    'static void __section(".x") f3(void)\n{\n\ttrace_mark(h_c, "");\n}\nint f4(void) __acquires(l)\n{\n\ttrace_mark(h_d, "");\n}\n' +
    'static int (*f5(int x))(int)\n{\n\ttrace_mark(h_e, "");\n}\nint $f6(void)\n{\n\ttrace_mark(h_f, "");\n}\nMACRO_TYPE f7(void)\n{\n\ttrace_mark(h_g, "");\n}\n' +
    'struct f8(void)\n{\n\ttrace_mark(h_h, "");\n}\nstatic __always_inline u32 f9(u32 v)\n{\n\ttrace_mark(h_i, "%u", v);\n}\n',
  'function-defining macros and functions returning function pointers':
    'SYSCALL_DEFINE0(sched_yield)\n{\n\ttrace_mark(m_a, "");\n}\nSYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf,\n\t\tsize_t, count)\n{\n\ttrace_mark(m_b, "");\n}\n' +
    'COMPAT_SYSCALL_DEFINE1(x, int, a)\n{\n\ttrace_mark(m_c, "");\n}\nSYSCALL_DEFINE1(struct y, int, a)\n{\n\ttrace_mark(m_d, "");\n}\nSYSCALL_DEFINE(fallocate)(int fd)\n{\n\ttrace_mark(m_e, "");\n}\n' +
    'static SYSCALL_DEFINE1(z, int, a)\n{\n\ttrace_mark(m_f, "");\n}\nSYSCALL_DEFINE2(q)(int a)\n{\n\ttrace_mark(m_g, "");\n}\n' +
    'static ssize_t (*p1(const struct file *file))(struct file *, char *, size_t)\n{\n\ttrace_mark(p_a, "");\n}\nstruct s *(*p2(int a))(void)\n{\n\ttrace_mark(p_b, "");\n}\n' +
    'int (**p3(void))(int)\n{\n\ttrace_mark(p_c, "");\n}\nMACRO int (*p4(void))(void)\n{\n\ttrace_mark(p_d, "");\n}\nint (* const p5(void))(int)\n{\n\ttrace_mark(p_e, "");\n}\n' +
    'static u32 (*p6(int (*cb)(int), int b))(int)\n{\n\ttrace_mark(p_f, "");\n}\nvoid (*(*p7(void))(int))(void)\n{\n\ttrace_mark(p_g, "");\n}\nint (*SYSCALL_DEFINE1(void))(int)\n{\n\ttrace_mark(p_h, "");\n}\n',
  // Not parsed at all: no word of its own names a marker there (namesAMarker), or only a #define's own name does.
  'marker names in comments, literals, longer words and directives':
    '/* trace_mark(c_a, "") is how a site is written */\n#define trace_mark(name, fmt, ...) do { } while (0)\n#ifdef evmarker\n#endif\n#ifndef trace_mark\n#endif\n' +
    'static const char *s = "evmarker(x)";\nint my_trace_mark_x, evmarkers;\n#define M(x) trace_mark(m_z, "%d", x)\n#undef trace_mark\n# /* c */ define evmarker 1\n' +
    'struct trace_mark { int a; };\nint f(void)\n{\n\treturn sizeof(struct trace_mark);\n}\nint trace_mark(int a);\nint $trace_mark(void);\n',
};

describe('parsing only the header and marker statements of a definition', () => {
  it.each(Object.entries(CASES))('finds in "%s" exactly what a whole-file parse finds', (name, source) => {
    const { sparse, whole } = bothWays(source, 'x.c');
    expect(sparse).toEqual(whole);
  });

  it('leaves the rest of a body out of the parse', () => {
    const source = CASES['plain body']!;
    const targets = markerNameOffsets(source);
    const [region] = regionsAround(source, targets)!;
    const ranges = sparseRanges(source, region!, targets);
    expect(ranges!.map((r) => source.slice(r.startIndex, r.endIndex))).toEqual(['static int __init f(int a)\n{', 'trace_mark(f_a, "x %d", x);', '}']);
    expect(ranges![1]!.startPosition).toEqual({ row: 5, column: 1 });
  });

  const root = fixture('tricky');
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.[ch]$/.test(f)).map((f) => join(root, f));
  it.each(files.map((f) => [relative(root, f), f]))('finds in %s exactly what a whole-file parse finds', (name, path) => {
    const { sparse, whole } = bothWays(readFileSync(path, 'utf8'), name);
    expect(sparse).toEqual(whole);
  });
});
