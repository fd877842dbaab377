import { existsSync } from 'node:fs';
import { DEFAULT_MARKUP, MARKUP_MODES } from '../../gen/markup/index.js';
import { KmarkError } from '../../io/errors.js';
import { readJsonFile } from '../../io/read.js';
import { packagePath } from '../../io/package-root.js';
import { defineCommand } from '../command.js';

/** Where bench/modes writes, relative to the checkout. */
const BENCH = packagePath('bench/modes');
const RESULTS = packagePath('bench/results/modes.json');

interface Cost {
  readonly ns: number;
  readonly cycles: number;
  readonly medianNs: number;
  readonly medianCycles: number;
}

interface KernelBuild {
  readonly seconds: number;
  readonly text: number;
  readonly data: number;
  readonly markers: number;
}

export interface ModeResult {
  readonly mode: string;
  /** The symbol mode's rows: armed with its jump (kernel/djprobe.c) or its trap. */
  readonly arming?: 'jump' | 'trap';
  readonly tscGHz: number;
  readonly coreGHz: number;
  readonly coreGHzMin: number;
  readonly coreGHzMax: number;
  readonly baselineNs: number;
  readonly dormant: Cost;
  readonly slack: Cost;
  readonly rdtsc: Cost;
  readonly armed: Cost;
  readonly hotBytesPerSite: number;
  readonly kernel: (KernelBuild & { readonly textBytesPerMarker: number; readonly dataBytesPerMarker: number }) | null;
}

export interface ModesResults {
  readonly date: string;
  readonly machine: { readonly cpu: string; readonly cpus: number; readonly gcc: string };
  readonly modes: readonly ModeResult[];
  readonly kernel: { readonly tree: string; readonly base: string; readonly jobs: number; readonly off: KernelBuild } | null;
}

const fixed = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** The table of bench/modes' results (docs/modes.md explains each column). */
export function modesTable(results: ModesResults): string {
  const head = [
    ['markup', 'dormant/site', '', 'in code', 'armed record', '', 'hot bytes', 'text B', 'data B', 'build'],
    ['', 'ns', 'cycles', 'ns', 'ns', 'x rdtsc', '/site', '/marker', '/marker', 's'],
  ];
  const rows = results.modes.map((m) => [
    `${m.mode}${m.arming ? `/${m.arming}` : ''}${m.mode === DEFAULT_MARKUP.id ? '*' : ''}`,
    fixed(m.dormant.ns, 3),
    fixed(m.dormant.cycles, 2),
    fixed(m.slack.ns, 3),
    fixed(m.armed.ns, m.armed.ns >= 1000 ? 0 : 1),
    fixed(m.armed.ns / m.rdtsc.ns, 2),
    fixed(m.hotBytesPerSite, 1),
    m.kernel ? fixed(m.kernel.textBytesPerMarker, 0) : '-',
    m.kernel ? fixed(m.kernel.dataBytesPerMarker, 0) : '-',
    m.kernel ? fixed(m.kernel.seconds, 1) : '-',
  ]);
  const table = [...head, ...rows];
  const widths = head[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const line = (r: readonly string[]): string =>
    r
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  const first = results.modes[0];
  const notes: string[] = [];
  if (first) {
    const rdtsc = results.modes.map((m) => m.rdtsc.ns).sort((a, b) => a - b);
    notes.push(
      `baseline: ${fixed(first.baselineNs, 3)} ns per site slot of the loop without markers; a timestamp read (rdtsc) alone: ${fixed(rdtsc[Math.floor(rdtsc.length / 2)]!, 1)} ns`,
      `clock: core ${fixed(first.coreGHz, 2)} GHz (${fixed(Math.min(...results.modes.map((m) => m.coreGHzMin)), 2)}-${fixed(Math.max(...results.modes.map((m) => m.coreGHzMax)), 2)} during the runs), TSC ${fixed(first.tscGHz, 3)} GHz`,
    );
  }
  if (results.kernel) {
    const { off, tree, base, jobs } = results.kernel;
    const markers = results.modes.find((m) => m.kernel)?.kernel?.markers ?? 0;
    notes.push(`kernel: ${tree} (${base}_defconfig + CONFIG_MARK_*), ${markers} markers; markers off: ${off.text} text bytes, built in ${fixed(off.seconds, 1)} s with -j${jobs}`);
  }
  notes.push(`machine: ${results.machine.cpu}, ${results.machine.cpus} CPUs, gcc ${results.machine.gcc}; ${results.date}`);
  notes.push(`* the default markup (docs/modes.md)`);
  return `${[...table.map(line), '', ...notes].join('\n')}\n`;
}

function readResults(path: string): ModesResults {
  const value = readJsonFile(path);
  const results = value as Partial<ModesResults> | null;
  if (!Array.isArray(results?.modes) || results.modes.some((m) => typeof m?.dormant?.ns !== 'number' || typeof m.armed?.ns !== 'number')) {
    throw new KmarkError(`${path}: not bench/modes results (no "modes" with dormant and armed costs)`);
  }
  return results as ModesResults;
}

export const modesCommand = defineCommand({
  command: 'modes',
  describe: 'The markup modes measured: dormant and armed cost, hot-path and text bytes, build time (bench/modes)',
  builder: (yargs) =>
    yargs
      .option('run', { type: 'boolean', default: false, describe: 'Measure first: run bench/modes (builds every mode; a minute or two)' })
      .option('kernel', { type: 'string', describe: 'With --run: the Kbuild-style tree to build in every mode (default: sample-kernel)' })
      .option('results', { type: 'string', describe: 'The results to show', default: RESULTS, defaultDescription: 'bench/results/modes.json' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' }),
  run: async (args) => {
    if (args.run) {
      if (!existsSync(BENCH)) throw new KmarkError(`${BENCH} is missing: --run needs a checkout of kmark`);
      const env = { ...process.env, ...(args.kernel !== undefined ? { KERNEL: args.kernel } : {}) };
      // bench/modes prints the table itself, through this command.
      const { spawnSync } = await import('node:child_process');
      const bench = spawnSync(BENCH, [], { stdio: ['ignore', 'ignore', 'inherit'], env });
      if (bench.status !== 0) throw new KmarkError(`bench/modes failed${bench.status === null ? '' : ` (exit ${bench.status})`}`);
    }
    if (!existsSync(args.results)) {
      throw new KmarkError(`${args.results}: no results yet: run kmark modes --run (or bench/modes); the modes are ${MARKUP_MODES.map((m) => m.id).join(', ')}`);
    }
    const results = readResults(args.results);
    process.stdout.write(args.format === 'json' ? `${JSON.stringify(results, null, 2)}\n` : modesTable(results));
    return 0;
  },
});
