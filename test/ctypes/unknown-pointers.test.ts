/**
 * docs/ctypes.md, "Pointers to unknown types" and parenthesized parameter
 * names: kmark without the header, gcc with a definition of the types,
 * and the same verdict wherever kmark gives one.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../helpers/lint.js';

const source = [
  '#include <pthread.h>',
  'void run(int (fn)(void *), pthread_mutex_t *lock, my_t **pp, my_t arr[4], void *arg)',
  '{',
  '\ttrace_mark(run_fn, "fn %d", fn(arg));',
  '\ttrace_mark(run_fn_long, "fn %lu", fn(arg));',
  '\ttrace_mark(run_lock_u, "lock %u", lock);',
  '\ttrace_mark(run_lock_d, "lock %d", lock);',
  '\ttrace_mark(run_lock_p, "lock %p", lock);',
  '\ttrace_mark(run_pp, "pp %lu", pp);',
  '\ttrace_mark(run_arr, "arr %d", arr);',
  '\ttrace_mark(run_deref, "x %d", **pp);',
  '\ttrace_mark(run_s, "s %s", lock);',
  '}',
  '',
].join('\n');

// What the missing header would say: my_t an int, so that `**pp` passes %d, and %s of a mutex is wrong.
const definitions = 'typedef union { long x; } pthread_mutex_t; typedef int my_t; int printf(const char *, ...);\n#define trace_mark(name, format, ...) printf(format, ##__VA_ARGS__)\n';

/** The lines gcc -Wformat warns on, the types defined. */
function gccLines(): number[] {
  const text = source.replace('#include <pthread.h>', '');
  const gcc = spawnSync('gcc', ['-fsyntax-only', '-Wformat', '-fdiagnostics-plain-output', '-x', 'c', '-'], { input: definitions + '#line 1\n' + text, encoding: 'utf8' });
  return [...gcc.stderr.matchAll(/^<stdin>:(\d+):\d+: warning: format/gm)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

describe('pointers to unknown types and parenthesized parameter names', () => {
  it('agrees with gcc -Wformat wherever the type is known, and leaves unresolved only what depends on the target', () => {
    const diagnostics = lintFiles({ 'a.c': source });
    const lines = (rule: string): number[] =>
      diagnostics
        .filter((d) => d.rule === rule)
        .map((d) => d.span.line)
        .sort((a, b) => a - b);
    // gcc warns on %lu of fn's int, each pointer to an integer conversion, and %s of the mutex.
    expect(gccLines()).toEqual([5, 6, 7, 9, 10, 12]);
    expect(lines('format-type')).toEqual([5, 6, 7, 9, 10]);
    // `**pp` and `%s` need the target, which only the header says: unresolved, never guessed.
    expect(lines('type-unresolved')).toEqual([11, 12]);
    expect(diagnostics.find((d) => d.span.line === 6)?.message).toBe("format '%u' expects argument of type 'unsigned int', but argument 2 has type 'pthread_mutex_t *'");
  });
});
