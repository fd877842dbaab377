/** Compiling generated C with gcc -Wformat and reading its warnings per line: the oracle for the format rules. */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Abi } from '../../src/model/abi.js';

export interface GccMode {
  readonly abi: Abi;
  readonly signedness: boolean;
}

export const abiFlags = (abi: Abi): string[] => (abi === 'ilp32' ? ['-m32'] : []);

export function modeFlags(mode: GccMode): string[] {
  return ['-fsyntax-only', '-Wformat', ...(mode.signedness ? ['-Wformat-signedness'] : []), ...abiFlags(mode.abi), '-fdiagnostics-plain-output', '-fno-diagnostics-show-caret', '-x', 'c'];
}

function compiles(source: string, flags: readonly string[]): boolean {
  const result = spawnSync('gcc', ['-fsyntax-only', ...flags, '-x', 'c', '-'], { input: source, encoding: 'utf8' });
  return result.status === 0;
}

/** gcc can check code for this ABI (`-m32 -fsyntax-only` needs no multilib; only headers and linking do). */
export function gccSupports(abi: Abi): boolean {
  return compiles('int main(void) { return 0; }\n', abiFlags(abi));
}

/**
 * Whether the C library's headers are there for this ABI (`-m32` needs
 * gcc-multilib for them). KMARK_ORACLE_PRELUDE=macros uses gcc's predefined
 * macros even when they are.
 */
export function systemHeaders(abi: Abi): boolean {
  if (process.env['KMARK_ORACLE_PRELUDE'] === 'macros') return false;
  return compiles('#include <stdio.h>\n#include <stdint.h>\n#include <sys/types.h>\n#include <wchar.h>\n', abiFlags(abi));
}

/** The typedefs the oracle uses, from the real headers when present, else from gcc's predefined macros (what the headers expand to). */
export function prelude(headers: boolean): string {
  if (headers) return '#include <stdio.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <sys/types.h>\n#include <wchar.h>\n';
  return [
    'int printf(const char *, ...);',
    'typedef __SIZE_TYPE__ size_t;',
    // glibc x86: ssize_t is long on x86-64, int on i386, exactly like ptrdiff_t.
    'typedef __PTRDIFF_TYPE__ ssize_t;',
    'typedef __PTRDIFF_TYPE__ ptrdiff_t;',
    'typedef __INTMAX_TYPE__ intmax_t;',
    'typedef __UINTMAX_TYPE__ uintmax_t;',
    'typedef __INT8_TYPE__ int8_t;',
    'typedef __UINT8_TYPE__ uint8_t;',
    'typedef __INT16_TYPE__ int16_t;',
    'typedef __UINT16_TYPE__ uint16_t;',
    'typedef __INT32_TYPE__ int32_t;',
    'typedef __UINT32_TYPE__ uint32_t;',
    'typedef __INT64_TYPE__ int64_t;',
    'typedef __UINT64_TYPE__ uint64_t;',
    'typedef __INTPTR_TYPE__ intptr_t;',
    'typedef __UINTPTR_TYPE__ uintptr_t;',
    'typedef __WCHAR_TYPE__ wchar_t;',
    'typedef __WINT_TYPE__ wint_t;',
    '',
  ].join('\n');
}

/**
 * gcc's warnings for each statement, compiled inside functions after `prefix`.
 * The statements are spread over files of a few hundred lines compiled in
 * parallel: gcc's diagnostics slow down with the length of a file.
 */
export async function warningsPerStatement(prefix: string, statements: readonly string[], mode: GccMode): Promise<string[][]> {
  const CHUNK = 1000;
  const chunks: Array<readonly string[]> = [];
  for (let k = 0; k < statements.length; k += CHUNK) chunks.push(statements.slice(k, k + CHUNK));
  const results: string[][][] = new Array(chunks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const index = next++;
      results[index] = await compileChunk(prefix, chunks[index]!, mode);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  return results.flat();
}

async function compileChunk(prefix: string, statements: readonly string[], mode: GccMode): Promise<string[][]> {
  const head = `${prefix}void oracle(void) {\n`;
  const firstLine = head.split('\n').length;
  const source = `${head}${statements.map((s) => `  ${s}`).join('\n')}\n}\n`;
  const dir = mkdtempSync(join(tmpdir(), 'kmark-gcc-'));
  const file = join(dir, 'oracle.c');
  writeFileSync(file, source);
  try {
    const stderr = await new Promise<string>((resolve, reject) => {
      execFile('gcc', [...modeFlags(mode), file], { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, err) => {
        if (error && !/\berror\b/.test(err)) reject(error);
        else resolve(err);
      });
    });
    const perStatement: string[][] = statements.map(() => []);
    for (const line of stderr.split('\n')) {
      const match = /oracle\.c:(\d+):\d+: (warning|error): (.*)$/.exec(line);
      if (!match) continue;
      const n = Number(match[1]);
      if (match[2] === 'error') throw new Error(`gcc error: ${match[3]}\n${source.split('\n')[n - 1]}`);
      perStatement[n - firstLine]?.push(match[3]!);
    }
    return perStatement;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A C string literal holding `text`. */
export function cString(text: string): string {
  // A NUL ends its literal piece, so that a digit after it is not read as octal.
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\0/g, '\\0" "')}"`;
}
