/**
 * The differential accuracy benchmark (bench/accuracy, `make bench-accuracy`):
 * a generated tree of ≥ 5,000 trace_mark calls, gcc's verdict on each, and the
 * built kmark's (`bin/kmark lint --format json`), in the default and the
 * -Wformat-signedness modes. Prints per mode
 *
 *   agreement A/N, false-errors X, missed Y
 *
 * on a tree of every construct the generator makes, and writes the details
 * as JSON. bench/accuracy compiles this file (and generate.ts,
 * oracle.ts: Node built-ins only) with tsc and runs it with node.
 *
 *   node …/accuracy.js [--calls N] [--seed S] [--kmark PATH] [--keep DIR] [--json FILE] [--show N]
 *
 * Exit status: 0 when kmark agrees on every call (no disagreement, unresolved
 * type or missing site), 1 otherwise, 2 a failure.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { generateTree } from './generate.js';
import { compare, describeProblems, gccVerdicts, kmarkCliDiagnostics, kmarkCliSites, modeName, summaryLine, type Comparison, type Mode } from './oracle.js';

interface Options {
  calls: number;
  seed: number;
  kmark: string;
  keep: string | null;
  json: string | null;
  show: number;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { calls: 6000, seed: 20240501, kmark: 'bin/kmark', keep: null, json: null, show: 8 };
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    const value = (): string => {
      const v = argv[++k];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--calls') options.calls = Number(value());
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--kmark') options.kmark = value();
    else if (arg === '--keep') options.keep = value();
    else if (arg === '--json') options.json = value();
    else if (arg === '--show') options.show = Number(value());
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.calls) || options.calls < 1) throw new Error('--calls must be a positive integer');
  if (!Number.isInteger(options.seed)) throw new Error('--seed must be an integer');
  return options;
}

function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

interface Suite {
  readonly label: string;
  readonly calls: number;
  readonly sources: number;
  readonly headers: number;
  readonly comparisons: readonly Comparison[];
}

/** One generated tree, judged in both modes. */
async function runSuite(label: string, options: Options, kmark: string): Promise<Suite> {
  const tree = generateTree({ seed: options.seed, calls: options.calls });
  const root = options.keep ? resolve(options.keep) : mkdtempSync(join(tmpdir(), 'kmark-accuracy-'));
  if (options.keep) rmSync(root, { recursive: true, force: true });
  writeFiles(root, tree.files);
  const sources = Object.keys(tree.files).filter((f) => f.endsWith('.c')).length;
  const headers = Object.keys(tree.files).length - sources;
  console.log(`${label}: ${tree.calls.length} trace_mark calls in ${sources} sources, ${headers} headers (seed ${options.seed})${options.keep ? `, kept in ${root}` : ''}`);
  try {
    const sites = await kmarkCliSites(kmark, root);
    const comparisons: Comparison[] = [];
    for (const mode of [{ signedness: false }, { signedness: true }] satisfies Mode[]) {
      const t0 = Date.now();
      const [gcc, diagnostics] = await Promise.all([gccVerdicts(root, tree, mode), kmarkCliDiagnostics(kmark, root, mode)]);
      const c = compare(tree, mode, gcc, diagnostics, sites);
      comparisons.push(c);
      const policy = Object.values(c.policy).reduce((sum, n) => sum + n, 0);
      console.log(`  ${modeName(c.mode).padEnd(10)} ${summaryLine(c)}`);
      console.log(`  ${''.padEnd(10)} (gcc warns on ${c.gccBad}; kmark's documented rule decides ${policy}; unresolved ${c.unresolved.length}; sites missing ${c.missingSites.length}; ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      const problems = describeProblems(c, options.show);
      if (problems) console.log(problems.replace(/^/gm, '    '));
    }
    return { label, calls: tree.calls.length, sources, headers, comparisons };
  } finally {
    if (!options.keep) rmSync(root, { recursive: true, force: true });
  }
}

const failures = (c: Comparison): number => c.falseErrors.length + c.missed.length + c.unresolved.length + c.missingSites.length + c.strayDiagnostics.length;

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const kmark = resolve(options.kmark);
  const suite = await runSuite('every construct', options, kmark);
  if (options.json) {
    mkdirSync(dirname(resolve(options.json)), { recursive: true });
    const doc = {
      benchmark: 'accuracy',
      date: new Date().toISOString(),
      seed: options.seed,
      seconds: (Date.now() - started) / 1000,
      suites: [suite].map((suite) => ({
        label: suite.label,
        calls: suite.calls,
        sources: suite.sources,
        headers: suite.headers,
        modes: suite.comparisons.map((c) => ({
          mode: modeName(c.mode),
          total: c.total,
          agree: c.agree,
          falseErrors: c.falseErrors.length,
          missed: c.missed.length,
          unresolved: c.unresolved.length,
          gccBad: c.gccBad,
          policy: c.policy,
          missingSites: c.missingSites.length,
          disagreements: [...c.falseErrors, ...c.missed].map((r) => ({ file: r.call.file, line: r.call.line, text: r.call.text, kinds: r.call.kinds, gcc: r.gcc, kmark: r.kmark, policy: r.policy, unresolved: r.unresolved })),
          unresolvedCalls: c.unresolved.map((r) => ({ file: r.call.file, line: r.call.line, text: r.call.text, unresolved: r.unresolved })),
        })),
      })),
    };
    writeFileSync(resolve(options.json), `${JSON.stringify(doc, null, 2)}\n`);
    console.log(`results: ${options.json}`);
  }
  return suite.comparisons.some((c) => failures(c) > 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`accuracy: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
