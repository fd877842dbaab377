/** What every command shares: the configuration, the root, the paths, the rendering of findings. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Argv, Options } from 'yargs';
import type { AnalyzeOptions } from '../analyze.js';
import type { PreprocessorOptions } from '../ctypes/conditions.js';
import { ABIS, type Abi } from '../model/abi.js';
import { KmarkError, type IoProblem } from '../io/errors.js';
import { CONFIG_FILE, loadConfig, type Config } from '../io/config.js';
import { systemIncludeDirectories } from '../io/system-includes.js';
import { isActive, SEVERITY_RANK, type Diagnostic, type Severity } from '../model/diagnostic.js';
import { FORMATTERS, type FormatName } from '../report/index.js';
import { DEFAULT_FUNCTION_MACROS } from '../scan/function-name.js';
import type { Jobs } from '../scan/prefilter.js';
import { DEFAULT_ALTERNATIVES } from '../check/alternatives.js';
import { ruleInfos } from '../check/index.js';
import { replayRecorder } from '../io/replay-recorder.js';
import type { RuleLevel } from '../check/suppressions.js';
import { fitTieringTo } from './tiering.js';

export const VERSION = '0.1.0';

export const workspaceOptions = {
  root: { type: 'string', describe: 'Source-tree root (default: the directory of kmark.config.json, else the current directory)' },
  config: { type: 'string', describe: 'Configuration file (default: kmark.config.json, searched upward)' },
  abi: { choices: ABIS, describe: 'Target data model' },
  color: { choices: ['auto', 'always', 'never'], default: 'auto', describe: 'Colour in text diagnostics: auto follows the terminal, FORCE_COLOR and NO_COLOR' },
  jobs: { alias: 'j', type: 'number', requiresArg: true, describe: 'Threads reading files (default: one per core on a tree large enough to gain from it)' },
} as const satisfies Record<string, Options>;

/** `--no-cache`: scan and lint reuse their last result when nothing it depends on changed (src/cached-analysis.ts). */
export const cacheOption = {
  type: 'boolean',
  default: true,
  describe: "Reuse the last run's result when nothing it depends on changed; --no-cache for a cold run (docs/performance.md)",
} as const satisfies Options;

/**
 * `-I DIR`, repeatable as gcc's. An array option alone is greedy (`-I inc src`
 * would take `src` as a second directory); `nargs: 1` makes each -I take one.
 */
export const includeOption = {
  alias: 'I',
  type: 'string',
  array: true,
  nargs: 1,
  describe: 'Add a directory to the #include search path, as gcc -I (repeat for more)',
} as const satisfies Options;

/**
 * gcc's `-D NAME[=VALUE]`, `-U NAME` and `-include FILE` for the type model's
 * `#if` conditions, after kmark.config.json's `defines`, `undefines` and
 * `includeFiles` (docs/ctypes.md). `-DNAME` and `-include` are spelled as
 * gcc spells them (src/cli/gcc-options.ts).
 */
export const preprocessorOptions = {
  define: { alias: 'D', type: 'string', array: true, nargs: 1, describe: 'Define a macro for #if, as gcc -D NAME[=VALUE] (after the configured defines)' },
  undefine: { alias: 'U', type: 'string', array: true, nargs: 1, describe: 'Undefine a macro for #if, as gcc -U NAME (after the -D options)' },
  'include-file': { type: 'string', array: true, nargs: 1, describe: 'Read FILE before each unit, as gcc -include FILE (after the configured includeFiles)' },
} as const satisfies Record<string, Options>;

/** The configured conditions with the command line's after them, as gcc takes a command line after its spec files. */
export function withCommandLine(conditions: PreprocessorOptions | undefined, args: { define?: string[]; undefine?: string[]; 'include-file'?: string[] }): PreprocessorOptions {
  for (const define of args.define ?? []) if (!MACRO_DEFINITION.test(define)) throw new KmarkError(`-D ${define}: expected NAME or NAME=VALUE`);
  for (const name of args.undefine ?? []) if (!/^[A-Za-z_]\w*$/.test(name)) throw new KmarkError(`-U ${name}: expected a macro name`);
  return {
    ...conditions,
    then: { defines: args.define ?? [], undefines: args.undefine ?? [] },
    includeFiles: [...(conditions?.includeFiles ?? []), ...(args['include-file'] ?? []).map((p) => resolve(p))],
  };
}

/** What kmark.config.json's schema takes for `defines`. */
const MACRO_DEFINITION = /^[A-Za-z_]\w*(\([\w, ]*\))?(=.*)?$/s;

/** `[paths..]`: the files and directories a command works on. */
export function pathsPositional(yargs: Argv): Argv<{ paths: string[] | undefined }> {
  return yargs.positional('paths', { type: 'string', array: true, describe: 'Files and directories (default: the configured paths, else .)' });
}

export interface WorkspaceArgs {
  readonly color?: string;
  readonly root?: string;
  readonly config?: string;
  readonly abi?: string;
  readonly jobs?: number;
  readonly cache?: boolean;
  readonly paths?: readonly string[];
}

export interface Workspace {
  readonly root: string;
  readonly paths: string[];
  readonly config: Config;
  /** false for --no-cache. */
  readonly cache: boolean;
  readonly analyzeOptions: AnalyzeOptions & { readonly includePaths: readonly string[] };
  /** The include paths with the command line's `-I` after the configured ones and before the compiler's own, as gcc orders them. */
  includePathsWith(commandLine: readonly string[] | undefined): string[];
}

export function openWorkspace(args: WorkspaceArgs): Workspace {
  const loaded = loadConfig(args.config);
  const root = args.root !== undefined ? resolve(args.root) : loaded.root;
  const given = args.paths ?? [];
  const paths = given.length > 0 ? [...given] : (loaded.config.paths ?? ['.']).map((p) => resolve(loaded.root, p));
  if (args.root === undefined && loaded.file === null) warnRootIsHere(paths, loaded.root);
  const config = loaded.config;
  replayRecorder()?.watch([...configCandidates(args.config, paths), ...(config.includeFiles ?? []).map((p) => resolve(loaded.root, p))]);
  const abi = (args.abi ?? config.abi ?? 'lp64') as Abi;
  const configured = (config.includePaths ?? []).map((p) => resolve(loaded.root, p));
  const system = config.systemIncludes === true ? systemIncludeDirectories(abi) : [];
  return {
    root,
    paths,
    config,
    cache: args.cache ?? true,
    includePathsWith: (commandLine) => [...configured, ...(commandLine ?? []).map((p) => resolve(p)), ...system],
    analyzeOptions: {
      root,
      abi,
      includePaths: [...configured, ...system],
      annotationMacros: config.annotationMacros ?? [],
      functionMacros: new Map([...DEFAULT_FUNCTION_MACROS, ...Object.entries(config.functionMacros ?? {})]),
      conditions: { defines: config.defines, undefines: config.undefines, includeFiles: (config.includeFiles ?? []).map((p) => resolve(loaded.root, p)) },
      ruleLevels: knownRuleLevels(config, loaded.file),
      alternatives: config.alternatives ?? DEFAULT_ALTERNATIVES,
      jobs: readingJobs(args.jobs),
      onProgress: progressReporter(),
      onListed: fitTieringTo,
    },
  };
}

/** Every file whose content or appearing would change the configuration a run uses, or the warning about it (src/cli/replay.ts). */
function configCandidates(explicitFile: string | undefined, paths: readonly string[]): string[] {
  if (explicitFile !== undefined) return [resolve(explicitFile)];
  const candidates = paths.map((p) => join(resolve(p), CONFIG_FILE));
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    candidates.push(join(dir, CONFIG_FILE));
    if (dirname(dir) === dir) return candidates;
  }
}

/** kmark.config.json's `rules`, each naming a rule kmark has (a misspelt name would silently do nothing). */
function knownRuleLevels(config: Config, file: string | null): Readonly<Record<string, RuleLevel>> {
  const known = new Set(ruleInfos().map((r) => r.id));
  const unknown = Object.keys(config.rules ?? {}).filter((id) => !known.has(id));
  if (unknown.length > 0) throw new KmarkError(`${file}: rules: unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `'${id}'`).join(', ')}; see kmark lint --list-rules`);
  return config.rules ?? {};
}

/**
 * Ids are paths from the root (docs/scanning.md): with no configuration and
 * no --root, that is the current directory, which is right only by chance.
 * Said once, on stderr, naming a configuration the paths hold when there is one.
 */
function warnRootIsHere(paths: readonly string[], cwd: string): void {
  const unused = paths.map((p) => join(resolve(p), CONFIG_FILE)).find((file) => existsSync(file));
  const hint = unused !== undefined ? `; ${relative(cwd, unused)} is not used: run kmark from its directory or give --root ${relative(cwd, dirname(unused)) || '.'}` : "; add a kmark.config.json at the tree's top or give --root";
  process.stderr.write(`kmark: warning: no ${CONFIG_FILE} here or above and no --root: marker ids are relative to the current directory${hint}\n`);
}

function readingJobs(jobs: number | undefined): Jobs {
  if (jobs === undefined) return 'auto';
  if (!Number.isInteger(jobs) || jobs < 1) throw new KmarkError(`--jobs: expected a whole number of threads, at least 1, got ${jobs}`);
  return jobs;
}

/** A progress line on a terminal for runs longer than a moment; nothing otherwise. */
function progressReporter(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const started = Date.now();
  let shown = false;
  return (done, total) => {
    if (done === total) {
      if (shown) process.stderr.write('\r\x1b[K');
      return;
    }
    if (done % 256 !== 0 || Date.now() - started < 300) return;
    shown = true;
    process.stderr.write(`\r  SCAN    ${done}/${total} files`);
  };
}

/** Findings go to stderr in text, to stdout as json or sarif, so stdout can be piped. */
export type ColorChoice = 'auto' | 'always' | 'never';

/**
 * `--color` wins; under auto, FORCE_COLOR (not 0 or false) forces colour,
 * NO_COLOR (non-empty, no-color.org) removes it, else a terminal has it.
 */
export function useColor(choice: ColorChoice = 'auto', stream: NodeJS.WriteStream = process.stderr): boolean {
  if (choice !== 'auto') return choice === 'always';
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  if (process.env.NO_COLOR) return false;
  return Boolean(stream.isTTY);
}

export function emitDiagnostics(diagnostics: readonly Diagnostic[], format: FormatName, root: string, problems: readonly IoProblem[] = [], color: ColorChoice = 'auto'): void {
  const stream = format === 'text' ? process.stderr : process.stdout;
  const output = FORMATTERS[format]({
    diagnostics,
    color: format === 'text' && useColor(color),
    sourceLine: sourceLineReader(root),
    toolVersion: VERSION,
    rules: ruleInfos(),
    executionSuccessful: problems.length === 0,
  });
  if (output) stream.write(output);
}

function sourceLineReader(root: string): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | null>();
  return (file, line) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(resolve(root, file), 'utf8').split(/\r?\n/));
      } catch {
        cache.set(file, null);
      }
    }
    return cache.get(file)?.[line - 1];
  };
}

/**
 * Writes each item's line to the stream a piece of ~64 KiB at a time. The
 * lines of a large catalog joined first (`kmark scan` of 242,000 markers,
 * 28 MB) took 0.35-0.55 s measured alone, five times the pieces' time, and
 * touched ~70 MB more (docs/performance.md).
 */
export function writeLines<T>(items: Iterable<T>, line: (item: T) => string, stream: NodeJS.WritableStream = process.stdout): void {
  let piece = '';
  for (const item of items) {
    piece += line(item);
    if (piece.length >= OUTPUT_PIECE) {
      stream.write(piece);
      piece = '';
    }
  }
  if (piece !== '') stream.write(piece);
}

const OUTPUT_PIECE = 1 << 16;

export function reportProblems(problems: readonly IoProblem[]): void {
  for (const problem of problems) process.stderr.write(`kmark: ${problem.toString()}\n`);
}

/** docs/diagnostics.md#exit-codes: 2 for I/O problems, 1 for findings at or above the failing severity, else 0. */
export function exitCode(problems: readonly IoProblem[], diagnostics: readonly Diagnostic[], failOn: Severity = 'error'): number {
  if (problems.length > 0) return 2;
  return diagnostics.some((d) => isActive(d) && SEVERITY_RANK[d.severity] >= SEVERITY_RANK[failOn]) ? 1 : 0;
}
