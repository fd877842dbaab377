/** Names no declaration gives but a #define does: object-like and function-like macros expanded and typed where they are used. */
import { describe, expect, it } from 'vitest';
import { checkedTypes } from './harness.js';

describe('macros', () => {
  it('expands object-like and function-like macros at the use, in its scope', () => {
    const files = {
      'include/linux/sched.h': `struct task_struct { int pid; char comm[16]; };
struct task_struct *get_current(void);
#define current get_current()
#define likely(x) __builtin_expect(!!(x), 1)
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define task_pid(t) ((t)->pid)
#define min_t(type, a, b) ((type)(a) < (type)(b) ? (type)(a) : (type)(b))
#define pr_args(fmt, args...) printk(fmt, ##args)
#define first_arg(a, ...) (a)
#define str(x) #x
#define cat(a, b) a ## b
#define SELF SELF
#define NOTHING
`,
      'main.c': `#include <linux/sched.h>
void f(long local) {
  CHECK(current->pid); CHECK(current->comm); CHECK(likely(local)); CHECK(PAGE_SIZE); CHECK(task_pid(current));
  CHECK(min_t(unsigned long, local, 3)); CHECK(first_arg(local, 1, 2)); CHECK(str(a + b)); CHECK(cat(loc, al));
  CHECK(SELF); CHECK(NOTHING); CHECK(task_pid(1, 2));
}`,
    };
    expect(checkedTypes(files, 'main.c', { includePaths: ['include'] })).toEqual([
      'current->pid → int',
      'current->comm → char *',
      'likely(local) → long',
      'PAGE_SIZE → unsigned long',
      'task_pid(current) → int',
      'min_t(unsigned long, local, 3) → unsigned long',
      'first_arg(local, 1, 2) → long',
      'str(a + b) → char *',
      'cat(loc, al) → long',
      "SELF → ? unknown identifier 'SELF', in the expansion of macro 'SELF'",
      "NOTHING → ? macro 'NOTHING' expands to nothing",
      "task_pid(1, 2) → ? macro 'task_pid' takes 1 arguments, not 2",
    ]);
  });

  it('types typeof and __auto_type, as kernel macros use them', () => {
    const files = {
      'main.c': `#define min(x, y) ({ typeof(x) _x = (x); typeof(y) _y = (y); _x < _y ? _x : _y; })
#define swap_ret(a) ({ __auto_type _t = (a); _t; })
#define same_type(x) ((typeof(x))0)
typedef unsigned long long u64;
void f(u64 a, u64 b, char *s, int arr[4]) {
  typeof(a) c = a;
  __typeof__(s) t = s;
  __auto_type d = arr;
  CHECK(min(a, b)); CHECK(swap_ret(s)); CHECK(c); CHECK(t); CHECK(d); CHECK(same_type(b)); CHECK((typeof(s))0); CHECK(min(a, 1));
}`,
    };
    expect(checkedTypes(files, 'main.c')).toEqual(['min(a, b) → u64', 'swap_ret(s) → char *', 'c → u64', 't → char *', 'd → int *', 'same_type(b) → u64', '(typeof(s))0 → char *', 'min(a, 1) → u64']);
  });

  it("expands a macro's arguments where it is used, and the macro not again inside its own expansion (C11 6.10.3)", () => {
    const files = {
      'main.c': `#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define PLUS1(x) ((x) + 1L)
#define VIA(x) PLUS1(x)
#define CALL(f, x) f(x)
#define SELF(x) SELF(x)
#define keep(x) ({ __auto_type _k = (x); _k; })
#define min(x, y) ({ typeof(x) _x = (x); typeof(y) _y = (y); _x < _y ? _x : _y; })
extern long g(void *);
void f(int a, short b, char c) {
  CHECK(MAX(MAX(a, b), c)); CHECK(VIA(VIA(b))); CHECK(CALL(VIA, c)); CHECK(keep(keep(b))); CHECK(min(min(c, b), MAX(c, 1.0f)));
  CHECK(MAX(MAX((typeof(g(0)))a, b), c)); CHECK(CALL(CALL, a)); CHECK(SELF(SELF(a)));
}`,
    };
    expect(checkedTypes(files, 'main.c')).toEqual([
      'MAX(MAX(a, b), c) → int',
      'VIA(VIA(b)) → long',
      'CALL(VIA, c) → long',
      'keep(keep(b)) → short',
      'min(min(c, b), MAX(c, 1.0f)) → float',
      'MAX(MAX((typeof(g(0)))a, b), c) → long',
      "CALL(CALL, a) → ? unknown function 'CALL', in the expansion of macro 'CALL'",
      "SELF(SELF(a)) → ? unknown function 'SELF', in the expansion of macro 'SELF'",
    ]);
  });

  it('prefers a declaration to a macro of the same name', () => {
    const files = { 'main.c': '#define value 1.0\nlong value;\nvoid f(void) { CHECK(value); }' };
    expect(checkedTypes(files, 'main.c')).toEqual(['value → long']);
  });
});
