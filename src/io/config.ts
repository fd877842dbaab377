/** kmark.config.json: found upward from the working directory, validated, its directory the root. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { KmarkError } from './errors.js';
import { readJsonFile } from './read.js';
import { validateAgainst } from './schemas.js';
import type { Abi } from '../model/abi.js';
import type { RuleLevel } from '../model/diagnostic.js';

export const CONFIG_FILE = 'kmark.config.json';

export interface Config {
  readonly paths?: string[];
  readonly includePaths?: string[];
  /** Search the compiler's own #include <…> directories too, after every other (user-space trees). */
  readonly systemIncludes?: boolean;
  /** gcc -D for the type model's #if conditions: `NAME` or `NAME=VALUE`. */
  readonly defines?: string[];
  /** gcc -U. */
  readonly undefines?: string[];
  /** gcc -include: files read before each translation unit (a kernel's autoconf.h). */
  readonly includeFiles?: string[];
  readonly annotationMacros?: string[];
  readonly functionMacros?: Record<string, string>;
  readonly abi?: Abi;
  readonly strict?: boolean;
  readonly signedness?: boolean;
  readonly maxWarnings?: number;
  readonly rules?: Record<string, RuleLevel>;
  readonly baseline?: string;
  /** Path patterns whose `*` segments are alternative builds, such as `arch/*` (docs/rules.md). */
  readonly alternatives?: string[];
}

export interface LoadedConfig {
  /** The directory of the configuration file, else the working directory. */
  readonly root: string;
  readonly config: Config;
  readonly file: string | null;
}

export function findConfigFile(from: string): string | null {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

export function loadConfig(explicitFile: string | undefined, cwd: string = process.cwd()): LoadedConfig {
  const file = explicitFile !== undefined ? resolve(explicitFile) : findConfigFile(cwd);
  if (file === null) return { root: resolve(cwd), config: {}, file: null };
  const value = readJsonFile(file);
  const problems = validateAgainst('config', value);
  if (problems.length > 0) throw new KmarkError(problems.map((p) => `${file}: ${p}`).join('\n'));
  return { root: dirname(file), config: value as Config, file };
}
