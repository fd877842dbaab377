/** Declared types (docs/ctypes.md): typedef chains, structs and unions, bit-fields, arrays, function pointers, enums, annotations. */
import { describe, expect, it } from 'vitest';
import { checkedTypes } from './harness.js';

interface Case {
  readonly name: string;
  readonly source: string;
  readonly expect: readonly string[];
}

const CASES: readonly Case[] = [
  {
    name: 'typedef chains keep the outermost name',
    source: `typedef unsigned int __u32; typedef __u32 u32_t; typedef u32_t reg_t; typedef reg_t *reg_ptr;
typedef unsigned long __kernel_size_t; typedef __kernel_size_t size_t;
void f(reg_t r, reg_ptr rp, size_t n) { CHECK(r); CHECK(rp); CHECK(*rp); CHECK(n); CHECK(r + 1); CHECK(n * 2); }`,
    expect: ['r → reg_t', 'rp → reg_ptr', '*rp → reg_t', 'n → size_t', 'r + 1 → reg_t', 'n * 2 → size_t'],
  },
  {
    name: 'nested and anonymous struct and union members',
    source: `struct list_head { struct list_head *next, *prev; };
struct task {
  int pid;
  struct { unsigned long state; struct { char comm[16]; }; } sched;
  union { long counter; struct { unsigned short lo, hi; }; };
  struct list_head tasks;
  struct task *parent;
};
void f(struct task *t) {
  CHECK(t->pid); CHECK(t->sched.state); CHECK(t->sched.comm); CHECK(t->counter); CHECK(t->hi); CHECK(t->tasks.next->prev);
  CHECK(t->parent->parent->pid); CHECK(&t->tasks); CHECK(t->sched.comm[0]); CHECK(t->nosuch);
}`,
    expect: [
      't->pid → int',
      't->sched.state → unsigned long',
      't->sched.comm → char *',
      't->counter → long',
      't->hi → unsigned short',
      't->tasks.next->prev → struct list_head *',
      't->parent->parent->pid → int',
      '&t->tasks → struct list_head *',
      't->sched.comm[0] → char',
      "t->nosuch → ? 'struct task' has no member named 'nosuch'",
    ],
  },
  {
    name: 'members declared in #if branches',
    source: `struct rq {
#ifdef CONFIG_SMP
  int cpu;
#else
  long cpu_unused;
#endif
  unsigned long nr_running;
};
void f(struct rq *rq) { CHECK(rq->cpu); CHECK(rq->cpu_unused); CHECK(rq->nr_running); }`,
    expect: ['rq->cpu → int', 'rq->cpu_unused → long', 'rq->nr_running → unsigned long'],
  },
  {
    name: 'a struct defined after the pointer to it, in another declaration',
    source: `struct later *lp;
struct later { unsigned flags; };
void f(void) { CHECK(lp->flags); }`,
    expect: ['lp->flags → unsigned int'],
  },
  {
    name: 'an incomplete struct',
    source: `struct opaque;
void f(struct opaque *o) { CHECK(o); CHECK(o->x); CHECK(*o); }`,
    expect: ['o → struct opaque *', "o->x → ? 'struct opaque' is incomplete: no definition found", '*o → struct opaque'],
  },
  {
    name: 'bit-fields keep their width when narrower than their type; arithmetic promotes them as gcc does',
    source: `struct flags { unsigned int ro : 1; unsigned int mode : 3; int level : 4; unsigned int full : 32; unsigned long long big : 40; _Bool b : 1; };
void f(struct flags *fl) {
  CHECK(fl->ro); CHECK(fl->mode); CHECK(fl->level); CHECK(fl->full); CHECK(fl->big); CHECK(fl->b);
  CHECK(fl->mode + 0); CHECK(fl->mode + 1u); CHECK(fl->big + 0); CHECK(fl->big + 0ULL); CHECK(~fl->mode); CHECK(fl->full + 0);
}`,
    expect: [
      'fl->ro → unsigned int:1',
      'fl->mode → unsigned int:3',
      'fl->level → int:4',
      'fl->full → unsigned int',
      'fl->big → unsigned long:40',
      'fl->b → _Bool',
      'fl->mode + 0 → int',
      'fl->mode + 1u → unsigned int',
      'fl->big + 0 → unsigned long:40',
      'fl->big + 0ULL → unsigned long long',
      '~fl->mode → int',
      'fl->full + 0 → unsigned int',
    ],
  },
  {
    name: 'arrays decay to pointers as arguments; indexing and & do not decay',
    source: `typedef char comm_t[16];
int table[4][8];
void f(int param[10], comm_t comm) {
  char buf[32]; const char *names[3]; comm_t local;
  CHECK(buf); CHECK(names); CHECK(names[1]); CHECK(table); CHECK(table[1]); CHECK(table[1][2]); CHECK(&buf); CHECK(&table[1]);
  CHECK(param); CHECK(comm); CHECK(local); CHECK(&local); CHECK(sizeof buf);
}`,
    expect: [
      'buf → char *',
      'names → const char **',
      'names[1] → const char *',
      'table → int (*)[8]',
      'table[1] → int *',
      'table[1][2] → int',
      '&buf → char (*)[32]',
      '&table[1] → int (*)[8]',
      'param → int *',
      'comm → char *',
      'local → char *',
      '&local → comm_t *',
      'sizeof buf → size_t',
    ],
  },
  {
    name: 'function pointers: members, arrays of them, typedefs, calls through them',
    source: `typedef void (*callback_t)(void *);
typedef long handler_fn(int, char **);
struct ops { int (*open)(const char *, int); callback_t release; handler_fn *handle; unsigned long (*table[4])(void); };
static struct ops *(*lookup)(int);
void f(struct ops *ops, handler_fn *h) {
  CHECK(ops->open); CHECK(ops->open("x", 0)); CHECK(ops->release); CHECK(ops->handle(1, 0)); CHECK(ops->table[2]());
  CHECK((*ops->open)("y", 1)); CHECK(lookup(3)->release); CHECK(h); CHECK(h(0, 0)); CHECK(f); CHECK(ops->release(0));
}`,
    expect: [
      'ops->open → int (*)(const char *, int)',
      'ops->open("x", 0) → int',
      'ops->release → callback_t',
      'ops->handle(1, 0) → long',
      'ops->table[2]() → unsigned long',
      '(*ops->open)("y", 1) → int',
      'lookup(3)->release → callback_t',
      'h → handler_fn *',
      'h(0, 0) → long',
      'f → void (*)(struct ops *, handler_fn *)',
      'ops->release(0) → void',
    ],
  },
  {
    name: 'pointers and const',
    source: `const char *const names[2]; char *const *cp; const int *ip; int *const pc; const struct s { int a; } *cs;
void f(void) { CHECK(names); CHECK(names[0]); CHECK(cp); CHECK(*cp); CHECK(ip); CHECK(pc); CHECK(cs); CHECK(cs->a); CHECK((const void *)0); }`,
    expect: ['names → const char *const *', 'names[0] → const char *', 'cp → char *const *', '*cp → char *', 'ip → const int *', 'pc → int *', 'cs → const struct s *', 'cs->a → int', '(const void *)0 → const void *'],
  },
  {
    name: "a const typedef's constness, and a const struct's array members",
    source: `typedef const char cchar; cchar *p; const struct t { char name[4]; } *ct; const struct t ot;
void f(void) { CHECK(p); CHECK(ct->name); CHECK(ot.name); }`,
    expect: ['p → const cchar *', 'ct->name → const char *', 'ot.name → const char *'],
  },
  {
    name: 'annotation macros do not disturb declarations',
    source: `struct page;
static unsigned long __read_mostly total;
asmlinkage long sys_x(int __user *uptr, void __iomem *regs, struct page __rcu *pg) {
  char __attribute__((aligned(8))) buf[8];
  int __maybe_unused unused = 0;
  CHECK(uptr); CHECK(regs); CHECK(pg); CHECK(total); CHECK(buf); CHECK(unused);
  return 0;
}`,
    expect: ['uptr → int *', 'regs → void *', 'pg → struct page *', 'total → unsigned long', 'buf → char *', 'unused → int'],
  },
  {
    name: 'enum types by their values, as gcc gives them',
    source: `enum small { A, B }; enum neg { N = -2, P }; enum huge { H = 0x100000000 }; enum unknown { U = SOME_MACRO };
void f(enum small s, enum neg n, enum huge h, enum unknown u) { CHECK(s + 0); CHECK(n + 0); CHECK(h + 0); CHECK(H); CHECK(u + 0); }`,
    expect: ['s + 0 → unsigned int', 'n + 0 → int', 'h + 0 → unsigned long', 'H → unsigned long', 'u + 0 → unsigned int'],
  },
];

describe('declared types', () => {
  it.each(CASES)('$name', ({ source, expect: expected }) => {
    expect(checkedTypes({ 'main.c': source }, 'main.c')).toEqual(expected);
  });
});
