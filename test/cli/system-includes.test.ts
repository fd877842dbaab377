/** kmark.config.json's systemIncludes: a user-space tree typed through the compiler's own headers, as gcc types it (docs/ctypes.md). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kmark } from '../helpers/cli.js';
import { writeTree } from '../helpers/lint.js';

const source = [
  '#include <pthread.h>',
  '#include <stdio.h>',
  '#include <sys/types.h>',
  'void g(pthread_mutex_t *lock, pid_t pid, size_t n, FILE *f, off_t off)',
  '{',
  '\ttrace_mark(user_ok, "lock %p pid %d n %zu f %p", lock, pid, n, f);',
  '\ttrace_mark(user_pid, "pid %ld", pid);',
  '\ttrace_mark(user_off, "off %d", off);',
  '\ttrace_mark(user_mutex, "mutex %d", *lock);',
  '}',
  '',
].join('\n');

const prelude = '-Dtrace_mark(name,format,...)=printf(format,##__VA_ARGS__)';
const gcc = spawnSync('gcc', ['-fsyntax-only', '-Wformat', '-fdiagnostics-plain-output', prelude, '-x', 'c', '-'], { input: source, encoding: 'utf8' });
const hasLibcHeaders = gcc.status === 0;
if (!hasLibcHeaders) console.log(`system-includes: skipped, gcc cannot compile against the C library's headers here: ${gcc.stderr.split('\n')[0]}`);

describe.skipIf(!hasLibcHeaders)('systemIncludes', () => {
  it('finds <pthread.h> and <sys/types.h> where gcc does and reports the lines gcc -Wformat reports', () => {
    const gccLines = [...gcc.stderr.matchAll(/^<stdin>:(\d+):\d+: warning: format/gm)].map((m) => Number(m[1]));
    expect(gccLines).toEqual([7, 8, 9]);
    const root = writeTree({ 'u.c': source, 'kmark.config.json': '{ "systemIncludes": true }' });
    const lint = kmark(['lint', '--no-cache'], { cwd: root });
    const lines = [...lint.stderr.matchAll(/^u\.c:(\d+):\d+: error: .*\[format-type\]$/gm)].map((m) => Number(m[1]));
    expect(lines).toEqual(gccLines);
    expect(lint.stderr).not.toContain('type-unresolved');
    // Without it, what a pthread_mutex_t is cannot be known.
    const without = writeTree({ 'u.c': source, 'kmark.config.json': '{}' });
    expect(kmark(['lint', '--no-cache'], { cwd: without }).stderr).toMatch(/^u\.c:9:\d+: note: cannot resolve the type of '\*lock'/m);
  });
});
