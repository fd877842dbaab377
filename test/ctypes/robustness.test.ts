/** Bad input never throws (docs/bad-input.md): unreadable files, malformed C, ERROR recovery, absurd nesting all give `unresolved` with a reason. */
import { describe, expect, it } from 'vitest';
import { checkedTypes, checkSpans, modelOf, show, writeTree } from './harness.js';

describe('robustness', () => {
  it('re-parses an argument tree-sitter split, typing it in the scope where it stands', () => {
    const text = 'void f(int a, long b) {\n  g(a, b);\n  char b2 = 0;\n}\n';
    const root = writeTree({ 'main.c': text });
    const model = modelOf(root);
    const span = { file: 'main.c', line: 2, column: 5, endLine: 2, endColumn: 9 };
    expect(show(model.typeOfExpressionAt('main.c', span))).toBe('long');
  });

  it('types what it can in malformed C', () => {
    const source = `struct ok { int v; };
int broken( { ;;; }}}
void f(struct ok *o, unsigned n) {
  int x = ;
  CHECK(o->v); CHECK(n); CHECK(x);
  if (n) { CHECK(n + 1L); }
}
`;
    expect(checkedTypes({ 'main.c': source }, 'main.c')).toEqual(['o->v → int', 'n → unsigned int', 'x → int', 'n + 1L → long']);
  });

  it('gives reasons for files it cannot read, empty spans and spans outside the file', () => {
    const root = writeTree({ 'binary.c': 'int x;\0\0', 'ok.c': 'int f(void) { return 0; }\n' });
    const model = modelOf(root);
    const span = { file: 'x', line: 1, column: 1, endLine: 1, endColumn: 2 };
    expect(show(model.typeOfExpressionAt('missing.c', span))).toMatch(/^\? cannot read .*missing\.c: no such file or directory$/);
    expect(show(model.typeOfExpressionAt('binary.c', span))).toMatch(/^\? .*binary\.c is a binary file$/);
    expect(show(model.typeOfExpressionAt('ok.c', { ...span, line: 0, column: 0, endLine: 0, endColumn: 0 }))).toBe('? empty argument');
    expect(show(model.typeOfExpressionAt('ok.c', { ...span, line: 40, endLine: 41 }))).toBe('? empty argument');
    expect(show(model.typeOfTypeName('missing.c', 'int'))).toMatch(/^\? cannot read/);
    expect(model.headersOf('missing.c')).toEqual([]);
  });

  it('unresolvable expressions say why', () => {
    const source = `struct s { int a; }; int i; int *ip;
void f(struct s v) {
  CHECK(i.a); CHECK(ip->a); CHECK(*i); CHECK(v + 1); CHECK(i(1)); CHECK(asm_value); CHECK(~v);
}`;
    expect(checkedTypes({ 'main.c': source }, 'main.c')).toEqual([
      "i.a → ? '.a' on a integer in 'i.a'",
      "ip->a → ? '->a' on a integer in 'ip->a'",
      "*i → ? '*' on a integer in '*i'",
      "v + 1 → ? '+' on a struct and a integer in 'v + 1'",
      "i(1) → ? 'i' is not a function",
      "asm_value → ? unknown identifier 'asm_value'",
      "~v → ? '~' on a struct in '~v'",
    ]);
  });

  it('survives absurd nesting and self-referencing declarations', () => {
    const deep = `${'('.repeat(3000)}1${')'.repeat(3000)}`;
    const source = `typedef struct loop loop_t; struct loop { loop_t *self; };
typedef a_t b_t; typedef b_t a_t;
enum e { X = Y, Y = X };
void f(loop_t *l, a_t a) { CHECK(l->self->self); CHECK(a); CHECK(X + 0); CHECK(${deep}); }`;
    const results = checkedTypes({ 'main.c': source }, 'main.c');
    expect(results.slice(0, 3)).toEqual(['l->self->self → loop_t *', "a → ? 'a_t' is defined in terms of itself", 'X + 0 → int']);
    expect(results[3]).toMatch(/→ (int|\? .+)$/);
  });

  it('every argument of a real-looking file resolves or says why, without throwing', () => {
    const source = `#include <linux/sched.h>
static int __init init(void) {
  trace_mark(a_b, "%d", SOME_MACRO(1, 2));
  CHECK(current->pid); CHECK(jiffies); CHECK(smp_processor_id());
  return 0;
}`;
    const root = writeTree({ 'main.c': source });
    const model = modelOf(root);
    for (const { span } of checkSpans('main.c', source)) expect(show(model.typeOfExpressionAt('main.c', span))).toMatch(/^\? .*<linux\/sched\.h> not found/);
  });
});
