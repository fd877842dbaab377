/** Names in scope at an argument (docs/ctypes.md): parameters, block locals and shadowing, file scope, enumeration constants, functions. */
import { describe, expect, it } from 'vitest';
import { checkedTypes } from './harness.js';

interface Case {
  readonly name: string;
  readonly source: string;
  readonly expect: readonly string[];
}

const CASES: readonly Case[] = [
  {
    name: 'parameters, locals and globals',
    source: `long g; static unsigned short counter;
int f(char c, unsigned long *p, const char *name) {
  short s = 0;
  CHECK(c); CHECK(p); CHECK(*p); CHECK(name); CHECK(s); CHECK(g); CHECK(counter);
  return 0;
}`,
    expect: ['c → char', 'p → unsigned long *', '*p → unsigned long', 'name → const char *', 's → short', 'g → long', 'counter → unsigned short'],
  },
  {
    name: 'shadowing: the innermost declaration before the argument',
    source: `long x;
void f(int x) {
  CHECK(x);
  {
    char x = 0;
    CHECK(x);
    { CHECK(x); unsigned long long x = 1; CHECK(x); }
    CHECK(x);
  }
  CHECK(x);
}
void h(void) { CHECK(x); }`,
    expect: ['x → int', 'x → char', 'x → char', 'x → unsigned long long', 'x → char', 'x → int', 'x → long'],
  },
  {
    name: 'only declarations before the argument count',
    source: `unsigned g;
void f(void) {
  CHECK(g);
  long g = 0;
  CHECK(g);
}`,
    expect: ['g → unsigned int', 'g → long'],
  },
  {
    name: 'for-loop declarations, nested loops and the loop body',
    source: `void f(int n) {
  for (unsigned i = 0; i < n; i++) {
    CHECK(i);
    for (long long i = 0; i < 2; i++) CHECK(i);
    CHECK(i);
  }
  CHECK(n);
}`,
    expect: ['i → unsigned int', 'i → long long', 'i → unsigned int', 'n → int'],
  },
  {
    name: 'declarations in #if branches inside a function: the first wins',
    source: `void f(void) {
#ifdef CONFIG_64BIT
  unsigned long v = 0;
#else
  unsigned int v = 0;
#endif
  CHECK(v);
}`,
    expect: ['v → unsigned long'],
  },
  {
    name: 'a file-scope name declared in two #if branches: the branch gcc takes wins',
    source: `#ifdef CONFIG_X
extern long twice;
#else
extern int twice;
#endif
void f(void) { CHECK(twice); }`,
    expect: ['twice → int'],
  },
  {
    name: 'a condition kmark cannot evaluate keeps every branch: the first declaration wins',
    source: `#define CAT(a, b) a ## b
#if CAT(CONFIG_, X)
extern long twice;
#else
extern int twice;
#endif
void f(void) { CHECK(twice); }`,
    expect: ['twice → long'],
  },
  {
    name: 'extern declarations, prototypes and definitions give return types',
    source: `extern unsigned long jiffies;
long proto(int);
static inline unsigned char defined_here(void) { return 0; }
void f(void) {
  extern short local_extern;
  CHECK(jiffies); CHECK(proto(1)); CHECK(defined_here()); CHECK(local_extern); CHECK(proto); CHECK(later());
}
int later(void) { return 0; }`,
    expect: ['jiffies → unsigned long', 'proto(1) → long', 'defined_here() → unsigned char', 'local_extern → short', 'proto → long (*)(int)', 'later() → int'],
  },
  {
    name: 'enumeration constants are int; an enum object has its enum type',
    source: `enum state { RUNNING, SLEEPING = 4, STOPPED };
typedef enum { LOW = -1, HIGH } level_t;
void f(enum state st, level_t lv) {
  enum { LOCAL_A = 7 } local = LOCAL_A;
  CHECK(RUNNING); CHECK(STOPPED); CHECK(st); CHECK(lv); CHECK(LOW); CHECK(LOCAL_A); CHECK(local); CHECK(st + 0); CHECK(lv + 0);
}`,
    expect: ['RUNNING → int', 'STOPPED → int', 'st → enum state', 'lv → level_t', 'LOW → int', 'LOCAL_A → int', 'local → enum <anonymous>', 'st + 0 → unsigned int', 'lv + 0 → int'],
  },
  {
    name: 'block-scope typedefs and struct tags',
    source: `typedef int item_t;
struct pair { int a; };
void f(void) {
  typedef unsigned long item_t;
  struct pair { char *first; long second; } p;
  item_t it = 0;
  CHECK(it); CHECK(p.second); CHECK(p.first);
}
void g(struct pair *q, item_t it) { CHECK(q->a); CHECK(it); }`,
    expect: ['it → item_t', 'p.second → long', 'p.first → char *', 'q->a → int', 'it → item_t'],
  },
  {
    name: 'a declaration initialised from an earlier declarator of itself',
    source: `void f(void) {
  unsigned long a = 1, b = CHECK(a);
}`,
    expect: ['a → unsigned long'],
  },
  {
    name: 'statement expressions see their own locals',
    source: `void f(int n) {
  long r = ({ unsigned char k = 1; CHECK(k); CHECK(n); k; });
  CHECK(({ short q = 2; q; }));
}`,
    expect: ['k → unsigned char', 'n → int', '({ short q = 2; q; }) → short'],
  },
  {
    name: 'a loop macro with a block (read by tree-sitter as a nested function) keeps the enclosing scope',
    source: `static int sched_init(void) {
  unsigned long cpu;
  for_each_online_cpu(cpu) {
    long rq = 0;
    CHECK(cpu); CHECK(rq);
  }
  return 0;
}`,
    expect: ['cpu → unsigned long', 'rq → long'],
  },
  {
    name: 'functions made by SYSCALL_DEFINEn take their TYPE, NAME pairs as parameters',
    source: `typedef long off_t;
SYSCALL_DEFINE3(lseek, unsigned int, fd, off_t, offset, const char __user *, name)
{
  int local = 0;
  CHECK(fd); CHECK(offset); CHECK(name); CHECK(local);
}
COMPAT_SYSCALL_DEFINE0(getpid)
{
  CHECK(fd);
}`,
    expect: ['fd → unsigned int', 'offset → off_t', 'name → const char *', 'local → int', "fd → ? unknown identifier 'fd'"],
  },
  {
    name: 'a typedef name in scope makes `(T)(x)` and `(T)-x` casts, `T (*p)(int);` a declaration; a variable of that name hides it',
    source: `typedef unsigned char u8;
typedef long T;
void f(int x) {
  u8 (*fp)(int);
#ifdef CONFIG_X
  u8 (arr)[3];
#endif
  CHECK((u8)(x)); CHECK((T)-x); CHECK(fp); CHECK(arr);
  {
    int (*T)(int) = 0;
    long u8 = 1;
    T (fp);
    CHECK((T)(x)); CHECK((u8)+x); CHECK(fp);
  }
  {
    typedef short u8;
    CHECK((u8)(x)); CHECK(({ u8 (*local)[2] = 0; local; }));
  }
}`,
    expect: ['(u8)(x) → u8', '(T)-x → T', 'fp → u8 (*)(int)', 'arr → u8 *', '(T)(x) → int', '(u8)+x → long', 'fp → u8 (*)(int)', '(u8)(x) → u8', '({ u8 (*local)[2] = 0; local; }) → u8 (*)[2]'],
  },
  {
    name: 'unknown names are unresolved with a reason',
    source: `void f(xyz_t v) { int known = 0; CHECK(nope); CHECK(nope->x); CHECK(v); CHECK(undeclared_fn(1)); CHECK(known); }`,
    expect: ["nope → ? unknown identifier 'nope'", "nope->x → ? unknown identifier 'nope'", "v → ? unknown typedef 'xyz_t'", "undeclared_fn(1) → ? unknown function 'undeclared_fn'", 'known → int'],
  },
];

describe('scopes', () => {
  it.each(CASES)('$name', ({ source, expect: expected }) => {
    expect(checkedTypes({ 'main.c': source }, 'main.c')).toEqual(expected);
  });
});
