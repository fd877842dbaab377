/**
 * The differential test's oracle and judge: gcc's -Wformat verdict on every
 * generated trace_mark call, kmark's verdict on the same line, and their
 * comparison. Node built-ins only (bench/accuracy compiles this with tsc).
 *
 * gcc: every source is compiled with
 *   gcc -fsyntax-only -Wformat -Wformat-nonliteral [-Wformat-signedness] -Iinclude
 * marker.h turning trace_mark into a call of a format(printf, 1, 2) function.
 * A call is bad to gcc when a warning of the -Wformat family ([-Wformat=],
 * -Wformat-extra-args, -Wformat-zero-length, -Wformat-contains-nul,
 * -Wformat-nonliteral) is reported on its line — or, for a warning located in
 * a header (a macro's body), on the line of the call its notes point to.
 * -Wformat-nonliteral is added because kmark's format-not-literal is its
 * counterpart: without it gcc checks nothing and says nothing about a format
 * that is a variable.
 *
 * kmark: a call is bad when an error or warning of a format rule
 * (format-type, format-arg-count, format-invalid, format-not-literal) is on
 * its line; type-unresolved notes are counted apart, as "unresolved".
 *
 * Where kmark differs from gcc on purpose (docs/format-rules.md §8,
 * docs/scanning.md), the expected verdict is kmark's documented one, and the
 * call is counted under its reason:
 *   - `%n` in the format: always rejected (docs/format-rules.md §8);
 *   - operand numbers (`%1$d`): always rejected;
 *   - a format spliced with a macro that is not a PRI* one: format-not-literal.
 * The other documented difference, a pointer difference gcc folds to a
 * constant, `(u8)(p + 1 - p)` under -Wformat-signedness ("values, not types"),
 * is not generated (generate.ts).
 */
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { GeneratedCall, GeneratedTree } from './generate.js';

export interface Mode {
  readonly signedness: boolean;
}

export const modeName = (mode: Mode): string => (mode.signedness ? 'signedness' : 'default');

/** A diagnostic as `kmark lint --format json` prints it (file relative to the root). */
export interface KmarkDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: string;
  readonly rule: string;
  readonly message: string;
}

export const FORMAT_RULES: ReadonlySet<string> = new Set(['format-type', 'format-arg-count', 'format-invalid', 'format-not-literal']);

export interface GccLine {
  /** -Wformat family warnings attributed to the line. */
  readonly format: string[];
  /** Any other warning (should be none that matters; shown in reports). */
  readonly other: string[];
}

export const gccFlags = (mode: Mode): string[] => ['-fsyntax-only', '-Wformat', '-Wformat-nonliteral', ...(mode.signedness ? ['-Wformat-signedness'] : []), '-Iinclude', '-fdiagnostics-plain-output'];

const DIAGNOSTIC = /^(.*?):(\d+):(\d+): (warning|error|note): (.*)$/;

/** gcc's warnings on one source, by line of that source. */
export function parseGccOutput(stderr: string, source: string): Map<number, GccLine> {
  const out = new Map<number, GccLine>();
  const at = (line: number): GccLine => {
    let entry = out.get(line);
    if (!entry) out.set(line, (entry = { format: [], other: [] }));
    return entry;
  };
  // A warning located outside `source` waits for the note naming the call's line.
  let pending: { message: string; format: boolean } | null = null;
  for (const raw of stderr.split('\n')) {
    const m = DIAGNOSTIC.exec(raw);
    if (!m) continue;
    const [, file, line, , kind, message] = m;
    if (kind === 'error') throw new Error(`gcc error in ${source}: ${raw}`);
    const inSource = file === source;
    if (kind === 'warning') {
      const format = /\[-Wformat[=\w-]*\]$/.test(message!);
      if (inSource) {
        const entry = at(Number(line));
        (format ? entry.format : entry.other).push(message!);
        pending = null;
      } else pending = { message: message!, format };
    } else if (pending && inSource) {
      const entry = at(Number(line));
      (pending.format ? entry.format : entry.other).push(pending.message);
      pending = null;
    }
  }
  return out;
}

/** kmark and gcc get this long per run: a hang (kmark scan once hung on a tree-sitter MISSING node) fails instead of waiting forever. */
const RUN_TIMEOUT_MS = 10 * 60 * 1000;

function run(command: string, args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, maxBuffer: 256 * 1024 * 1024, timeout: RUN_TIMEOUT_MS, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } }, (error, stdout, stderr) => {
      if (error?.killed) reject(new Error(`${command} ${args.slice(0, 3).join(' ')} … did not finish in ${RUN_TIMEOUT_MS / 1000} s`));
      else if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** gcc's verdicts for every source of the tree written at `root`: `file:line` → warnings. */
export async function gccVerdicts(root: string, tree: GeneratedTree, mode: Mode): Promise<Map<string, GccLine>> {
  const sources = Object.keys(tree.files).filter((f) => f.endsWith('.c'));
  const result = new Map<string, GccLine>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < sources.length) {
      const source = sources[next++]!;
      const { stderr } = await run('gcc', [...gccFlags(mode), source], root);
      for (const [line, entry] of parseGccOutput(stderr, source)) result.set(`${source}:${line}`, entry);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  return result;
}

/** `kmark lint --format json` over the tree, through the built CLI. */
export async function kmarkCliDiagnostics(kmark: string, root: string, mode: Mode): Promise<KmarkDiagnostic[]> {
  const args = ['lint', '--format', 'json', '--root', root, root, `--include=${join(root, 'include')}`, ...(mode.signedness ? ['--signedness'] : [])];
  const { code, stdout, stderr } = await run(kmark, args, root);
  if (code > 1) throw new Error(`kmark lint failed (exit ${code}): ${stderr}`);
  const doc = JSON.parse(stdout) as { diagnostics: KmarkDiagnostic[] };
  return doc.diagnostics;
}

/** The sites `kmark scan --format json` finds, as `file:line`. */
export async function kmarkCliSites(kmark: string, root: string): Promise<string[]> {
  const { code, stdout, stderr } = await run(kmark, ['scan', '--format', 'json', '--root', root, root], root);
  if (code > 1) throw new Error(`kmark scan failed (exit ${code}): ${stderr}`);
  const doc = JSON.parse(stdout) as { markers: Array<{ file: string; line: number }> };
  return doc.markers.map((m) => `${m.file}:${m.line}`);
}

// ------------------------------------------------------------------ the comparison

/** Why kmark's documented verdict is "bad" whatever gcc says, or null. */
export function policyReason(call: GeneratedCall): string | null {
  if (call.formatMacro) return 'format spliced with a non-PRI macro: format-not-literal (docs/scanning.md)';
  if (call.format === null) return null;
  for (const d of directives(call.format)) {
    if (d.operandNumber) return 'operand number %N$: always rejected (docs/format-rules.md §8)';
    if (d.conversion === 'n') return '%n: always rejected (docs/format-rules.md §8)';
  }
  return null;
}

/** The directives of a printf format, enough to see `%n` and `%N$` (independent of kmark's parser). */
function directives(format: string): Array<{ conversion: string; operandNumber: boolean }> {
  const out: Array<{ conversion: string; operandNumber: boolean }> = [];
  const nul = format.indexOf('\0');
  const text = nul >= 0 ? format.slice(0, nul) : format; // gcc stops reading at a NUL
  const re = /%(\d+\$)?[-+ #0'I]*(\*(\d+\$)?|\d+)?(\.(\*(\d+\$)?|\d*))?(hh|h|ll|l|L|q|j|z|Z|t|H|DD|D)*(.?)/gs;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const conversion = m[8] ?? '';
    if (conversion === '%' && m[0] === '%%') continue;
    out.push({ conversion, operandNumber: Boolean(m[1] || m[3] || m[6]) });
    if (conversion === '') break;
  }
  return out;
}

export interface CallResult {
  readonly call: GeneratedCall;
  readonly gcc: readonly string[];
  readonly gccOther: readonly string[];
  readonly policy: string | null;
  readonly expectedBad: boolean;
  readonly kmark: readonly string[];
  readonly kmarkBad: boolean;
  readonly unresolved: readonly string[];
}

export interface Comparison {
  readonly mode: Mode;
  readonly total: number;
  readonly agree: number;
  readonly falseErrors: readonly CallResult[];
  readonly missed: readonly CallResult[];
  readonly unresolved: readonly CallResult[];
  /** Calls gcc warns about, and calls whose expected verdict is kmark's documented one. */
  readonly gccBad: number;
  readonly policy: Readonly<Record<string, number>>;
  /** Calls kmark found no site for, and diagnostics on lines that are not calls. */
  readonly missingSites: readonly GeneratedCall[];
  readonly strayDiagnostics: readonly KmarkDiagnostic[];
  /** gcc warnings outside the -Wformat family, which do not count. */
  readonly gccOther: number;
}

export function compare(tree: GeneratedTree, mode: Mode, gcc: ReadonlyMap<string, GccLine>, kmark: readonly KmarkDiagnostic[], sites: readonly string[]): Comparison {
  const byLine = new Map<string, KmarkDiagnostic[]>();
  for (const d of kmark) {
    const key = `${d.file}:${d.line}`;
    let list = byLine.get(key);
    if (!list) byLine.set(key, (list = []));
    list.push(d);
  }
  const callLines = new Set(tree.calls.map((c) => `${c.file}:${c.line}`));
  const siteSet = new Set(sites);
  const results: CallResult[] = tree.calls.map((call) => {
    const key = `${call.file}:${call.line}`;
    const g = gcc.get(key) ?? { format: [], other: [] };
    const diags = byLine.get(key) ?? [];
    const bad = diags.filter((d) => FORMAT_RULES.has(d.rule) && (d.severity === 'error' || d.severity === 'warning'));
    const unresolved = diags.filter((d) => d.rule === 'type-unresolved');
    const policy = policyReason(call);
    return {
      call,
      gcc: g.format,
      gccOther: g.other,
      policy,
      expectedBad: g.format.length > 0 || policy !== null,
      kmark: bad.map((d) => `${d.rule}: ${d.message}`),
      kmarkBad: bad.length > 0,
      unresolved: unresolved.map((d) => d.message),
    };
  });
  const policy: Record<string, number> = {};
  for (const r of results) if (r.policy) policy[r.policy] = (policy[r.policy] ?? 0) + 1;
  return {
    mode,
    total: results.length,
    agree: results.filter((r) => r.expectedBad === r.kmarkBad).length,
    falseErrors: results.filter((r) => r.kmarkBad && !r.expectedBad),
    missed: results.filter((r) => !r.kmarkBad && r.expectedBad),
    unresolved: results.filter((r) => r.unresolved.length > 0),
    gccBad: results.filter((r) => r.gcc.length > 0).length,
    policy,
    missingSites: tree.calls.filter((c) => !siteSet.has(`${c.file}:${c.line}`)),
    strayDiagnostics: kmark.filter((d) => !callLines.has(`${d.file}:${d.line}`) && (FORMAT_RULES.has(d.rule) || d.rule === 'type-unresolved')),
    gccOther: results.filter((r) => r.gccOther.length > 0).length,
  };
}

/** The line the bench prints per mode. */
export const summaryLine = (c: Comparison): string => `agreement ${c.agree}/${c.total}, false-errors ${c.falseErrors.length}, missed ${c.missed.length}`;

/** Everything about the calls that went wrong, to replay and minimize them. */
export function describeProblems(c: Comparison, limit = 40): string {
  const out: string[] = [];
  const show = (title: string, list: readonly CallResult[]): void => {
    if (list.length === 0) return;
    out.push(`${title} (${list.length}):`);
    for (const r of list.slice(0, limit)) {
      out.push(`  ${r.call.file}:${r.call.line}: ${r.call.text}`);
      out.push(`    built from: ${r.call.kinds.join(', ')}`);
      out.push(`    gcc:   ${r.gcc.length > 0 ? r.gcc.join(' | ') : '(silent)'}${r.policy ? `  [expected bad: ${r.policy}]` : ''}`);
      out.push(`    kmark: ${r.kmark.length > 0 ? r.kmark.join(' | ') : '(silent)'}`);
      if (r.unresolved.length > 0) out.push(`    unresolved: ${r.unresolved.join(' | ')}`);
    }
    if (list.length > limit) out.push(`  … and ${list.length - limit} more`);
  };
  show(`[${modeName(c.mode)}] false errors: kmark reports, gcc is silent`, c.falseErrors);
  show(`[${modeName(c.mode)}] missed: gcc warns, kmark is silent`, c.missed);
  show(`[${modeName(c.mode)}] unresolved types`, c.unresolved);
  if (c.missingSites.length > 0)
    out.push(
      `[${modeName(c.mode)}] calls kmark found no site for (${c.missingSites.length}): ${c.missingSites
        .slice(0, 10)
        .map((s) => `${s.file}:${s.line}`)
        .join(', ')}`,
    );
  if (c.strayDiagnostics.length > 0)
    out.push(
      `[${modeName(c.mode)}] diagnostics on lines that are no call (${c.strayDiagnostics.length}): ${c.strayDiagnostics
        .slice(0, 10)
        .map((d) => `${d.file}:${d.line} ${d.rule}`)
        .join(', ')}`,
    );
  return out.join('\n');
}
