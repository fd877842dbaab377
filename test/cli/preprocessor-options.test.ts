/** kmark lint -D, -U, -include, -I on the command line, after kmark.config.json's, each checked against gcc with the same flags (docs/ctypes.md). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kmark } from '../helpers/cli.js';
import { writeTree } from '../helpers/lint.js';

const tree = {
  'include/types.h': '#ifdef CONFIG_WIDE\ntypedef unsigned long count_t;\n#else\ntypedef unsigned int count_t;\n#endif\n',
  'config/autoconf.h': '#define CONFIG_WIDE 1\n',
  'a.c': '#include <types.h>\nvoid f(count_t n)\n{\n\ttrace_mark(f_n, "n %lu", n);\n}\n',
};

/** gcc's flags for a config's defines, undefines and includeFiles followed by a command line's. */
function gccWarns(root: string, flags: readonly string[]): boolean {
  const prelude = '-Dtrace_mark(name,format,...)=__builtin_printf(format,##__VA_ARGS__)';
  const gcc = spawnSync('gcc', ['-fsyntax-only', '-Wformat', prelude, '-Iinclude', ...flags, 'a.c'], { cwd: root, encoding: 'utf8' });
  expect(gcc.status, gcc.stderr).toBe(0);
  return /warning: format/.test(gcc.stderr);
}

interface Case {
  readonly name: string;
  readonly config: Record<string, unknown>;
  /** kmark's command line. */
  readonly args: readonly string[];
  /** gcc's, config first. */
  readonly gcc: readonly string[];
}

const cases: readonly Case[] = [
  { name: 'nothing defined', config: {}, args: [], gcc: [] },
  { name: '-D NAME', config: {}, args: ['-D', 'CONFIG_WIDE'], gcc: ['-DCONFIG_WIDE'] },
  { name: '-DNAME=VALUE attached', config: {}, args: ['-DCONFIG_WIDE=2'], gcc: ['-DCONFIG_WIDE=2'] },
  { name: '-U after the configured define', config: { defines: ['CONFIG_WIDE'] }, args: ['-U', 'CONFIG_WIDE'], gcc: ['-DCONFIG_WIDE', '-UCONFIG_WIDE'] },
  { name: '-D after the configured undefine', config: { undefines: ['CONFIG_WIDE'] }, args: ['-DCONFIG_WIDE'], gcc: ['-UCONFIG_WIDE', '-DCONFIG_WIDE'] },
  { name: '-include FILE', config: {}, args: ['-include', 'config/autoconf.h'], gcc: ['-include', 'config/autoconf.h'] },
  { name: '--include-file FILE', config: {}, args: ['--include-file', 'config/autoconf.h'], gcc: ['-include', 'config/autoconf.h'] },
];

describe('kmark lint -D, -U, -include', () => {
  it.each(cases)('$name: reports what gcc -Wformat reports with the same flags', ({ config, args, gcc }) => {
    const root = writeTree({ ...tree, 'kmark.config.json': JSON.stringify({ includePaths: ['include'], ...config }) });
    const lint = kmark(['lint', '--no-cache', ...args], { cwd: root });
    const reported = /\[format-type\]/.test(lint.stderr);
    expect(reported, lint.stderr).toBe(gccWarns(root, gcc));
    expect(lint.status).toBe(reported ? 1 : 0);
  });

  it('takes -Idir attached, as gcc does', () => {
    const root = writeTree({ ...tree, 'kmark.config.json': '{}' });
    const lint = kmark(['lint', '--no-cache', '-Iinclude', '-DCONFIG_WIDE'], { cwd: root });
    expect(lint.stderr).not.toMatch(/type-unresolved|format-type/);
    expect(lint.status).toBe(0);
  });

  it('does not reuse a cached result made with other -D options', () => {
    const root = writeTree({ ...tree, 'kmark.config.json': '{ "includePaths": ["include"] }' });
    expect(kmark(['lint'], { cwd: root }).status).toBe(1);
    expect(kmark(['lint', '-DCONFIG_WIDE'], { cwd: root }).status).toBe(0);
  });

  it('rejects a malformed -D or -U with a clear error', () => {
    const root = writeTree({ ...tree, 'kmark.config.json': '{}' });
    const bad = kmark(['lint', '--no-cache', '-D', '1WIDE'], { cwd: root });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('kmark: -D 1WIDE: expected NAME or NAME=VALUE\n');
  });
});
