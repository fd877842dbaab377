/** The spans the scanner gives marker arguments, typed: trace_mark arguments and evmarker TYPE, PARAM pairs (ERROR recovery). */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/scan/index.js';
import { modelOf, show, writeTree } from './harness.js';

const SOURCE = `typedef int pid_t;
struct page { unsigned long flags; };
struct task_struct { pid_t pid; long state; char comm[16]; struct task_struct *parent; };
static void schedule(struct task_struct *prev, struct task_struct *next, struct page *p, unsigned long long delta) {
  trace_mark(sched_switch, "prev %d next %d state %ld comm %s", prev->pid, next->pid, prev->state, next->comm);
  trace_mark(sched_delta, "delta %llu page %p", delta * 2, p);
  evmarker(sched_switch2, MARKER_TRACE | MARKER_PROBE, 3,
           pid_t, prev->pid, long, prev->state + 1, struct page *, p);
  evmarker(sched_misc, MARKER_TRACE, 3, unsigned long, p->flags, const char *, prev->parent->comm,
           struct task_struct *, (struct task_struct *)prev->parent);
}
`;

describe('marker arguments as the scanner spans them', () => {
  it('types trace_mark arguments and evmarker pairs, with the pair types as type names', () => {
    const root = writeTree({ 'kernel/sched.c': SOURCE });
    const { sites } = scan([`${root}/kernel/sched.c`], { root });
    const model = modelOf(root);
    const found = sites.flatMap((site) => {
      if (site.form === 'trace_mark') return site.args.slice(2).map((a) => `${a.text} → ${show(model.typeOfExpressionAt(a.span.file, a.span))}`);
      return (site.evmarker?.pairs ?? []).map(
        (pair) => `${pair.type.text} = ${show(model.typeOfTypeName(pair.type.span.file, pair.type.text, pair.type.span))}; ${pair.param.text} → ${show(model.typeOfExpressionAt(pair.param.span.file, pair.param.span))}`,
      );
    });
    expect(found).toEqual([
      'prev->pid → pid_t',
      'next->pid → pid_t',
      'prev->state → long',
      'next->comm → char *',
      'delta * 2 → unsigned long long',
      'p → struct page *',
      'pid_t = pid_t; prev->pid → pid_t',
      'long = long; prev->state + 1 → long',
      'struct page * = struct page *; p → struct page *',
      'unsigned long = unsigned long; p->flags → unsigned long',
      'const char * = const char *; prev->parent->comm → char *',
      'struct task_struct * = struct task_struct *; (struct task_struct *)prev->parent → struct task_struct *',
    ]);
  });
});

describe('type names', () => {
  const root = writeTree({
    'include/types.h': 'typedef unsigned long long u64;\ntypedef struct { int x; } anon_t;\ntypedef void (*cb_t)(int);\n',
    'main.c': '#include <types.h>\nvoid f(void) { typedef short local_t; int here; }\n',
  });
  const model = modelOf(root, { includePaths: ['include'] });
  const column = 'void f(void) { typedef short local_t; int '.length + 1;
  const inBlock = { file: 'main.c', line: 2, column, endLine: 2, endColumn: column + 4 };
  it.each([
    ['u64', 'u64'],
    ['struct page *', 'struct page *'],
    ['const char *', 'const char *'],
    ['unsigned long', 'unsigned long'],
    ['anon_t *', 'anon_t *'],
    ['cb_t', 'cb_t'],
    ['int (*)(void)', 'int (*)(void)'],
    ['char[16]', 'char[16]'],
    ['size_t', 'size_t'],
    ['long double', 'long double'],
    ['unsigned', 'unsigned int'],
    ['char __user *', 'char *'],
    ['struct page __rcu *', 'struct page *'],
    ['xyz_t', "? unknown typedef 'xyz_t'"],
    ['1 + 2', "? '1 + 2' is not a type name"],
    ['local_t', "? unknown typedef 'local_t'"],
  ])('%s', (text, expected) => {
    expect(show(model.typeOfTypeName('main.c', text))).toBe(expected);
  });
  it('sees block-scope typedefs from a place in a function', () => {
    expect(show(model.typeOfTypeName('main.c', 'local_t', inBlock))).toBe('local_t');
  });
});
