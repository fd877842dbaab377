/**
 * The compiler's own `#include <…>` directories, for user-space trees
 * (kmark.config.json's `systemIncludes`, docs/ctypes.md): what
 * `gcc -E -v -x c /dev/null` lists between "#include <...> search starts
 * here:" and "End of search list.", asked once per run.
 */
import type * as ChildProcess from 'node:child_process';
import { createRequire } from 'node:module';
import type { Abi } from '../model/abi.js';
import { KmarkError } from './errors.js';

const START = '#include <...> search starts here:';
const END = 'End of search list.';

export function systemIncludeDirectories(abi: Abi, compiler = 'gcc'): string[] {
  // Loaded here: the build step, which never asks, starts without it.
  const { spawnSync } = createRequire(import.meta.url)('node:child_process') as typeof ChildProcess;
  const run = spawnSync(compiler, ['-E', '-v', '-x', 'c', '/dev/null', ...(abi === 'ilp32' ? ['-m32'] : [])], { encoding: 'utf8' });
  if (run.error) throw new KmarkError(`systemIncludes: cannot run ${compiler}: ${run.error.message}`);
  const lines = run.stderr.split('\n');
  const start = lines.indexOf(START);
  const end = lines.indexOf(END, start);
  if (start < 0 || end < 0) throw new KmarkError(`systemIncludes: ${compiler} -E -v listed no #include <...> directories`);
  // A macOS framework directory is listed with a suffix; kmark reads plain directories.
  return lines
    .slice(start + 1, end)
    .map((l) => l.trim().replace(/ \(framework directory\)$/, ''))
    .filter((l) => l !== '');
}
