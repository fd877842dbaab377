/**
 * The sample kernel in every markup mode × handler set (docs/modes.md): each
 * builds with -Wall -Werror and runs; events appear only when armed, with
 * the same values whatever the mode; the catalog says how each marker is
 * marked up and --from-elf gives it back; every marker is a SystemTap SDT
 * probe that readelf and gdb see, with its argument count, and a gdb
 * breakpoint on one reads the values the trace records; the symbol mode's
 * symbols are in nm and resolve in gdb.
 *
 * One O= directory per mode, built once per handler set (the kmark step
 * does not run again: its command line does not change), side by side.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumedArguments } from '../../src/format/compat.js';
import { parseFormat } from '../../src/format/parse.js';
import type { MarkupId } from '../../src/gen/markup/index.js';
import { buildKernel, check, explain, haveSdt, KERNEL, kmark, MODES, removeTemporaries, type Result, run, temporary } from './harness.js';

/** Handler sets: the sample kernel's configs of the same name, with CONFIG_MARK_* added. */
const HANDLER_SETS = ['printk', 'trace', 'probe', 'printk-trace'] as const;
type HandlerSet = (typeof HANDLER_SETS)[number];
/** The last one built stays in the directory: the one the gdb and ELF tests look at. */
const MAIN: HandlerSet = 'printk-trace';

interface CatalogMarker {
  readonly id: string;
  readonly name: string;
  readonly form: 'trace_mark' | 'evmarker';
  readonly format: string | null;
  readonly fields: readonly unknown[];
  readonly handlers: readonly string[];
  readonly markup?: string;
}

interface Built {
  readonly dir: string;
  readonly logs: Map<HandlerSet, Result>;
}

const builds = new Map<MarkupId, Built>();
const vmlinux = (mode: MarkupId, set: HandlerSet = MAIN): string => join(builds.get(mode)!.dir, `vmlinux.${set}`);
const catalogPath = (mode: MarkupId, set: HandlerSet = MAIN): string => join(builds.get(mode)!.dir, `catalog.${set}.json`);
const catalog = (mode: MarkupId, set: HandlerSet = MAIN): CatalogMarker[] => (JSON.parse(readFileSync(catalogPath(mode, set), 'utf8')) as { markers: CatalogMarker[] }).markers;

beforeAll(async () => {
  if (!haveSdt()) throw new Error('<sys/sdt.h> is missing: run scripts/install-deps (systemtap-sdt-dev)');
  if (run('gdb', ['--version']).status !== 0) throw new Error('gdb is missing: run scripts/install-deps');
  await Promise.all(
    MODES.map(async (mode) => {
      const dir = temporary(`kernel-${mode}`);
      const logs = new Map<HandlerSet, Result>();
      for (const set of [...HANDLER_SETS.filter((s) => s !== MAIN), MAIN]) {
        logs.set(set, await buildKernel(dir, set, mode));
        copyFileSync(join(dir, 'vmlinux'), join(dir, `vmlinux.${set}`));
        copyFileSync(join(dir, 'catalog.json'), join(dir, `catalog.${set}.json`));
      }
      builds.set(mode, { dir, logs });
    }),
  );
}, 400_000);

afterAll(removeTemporaries);

/** A test the machine cannot run: says why, and passes. */
function skip(reason: string): void {
  process.stdout.write(`skip: ${reason}\n`);
}

const names = (mode: MarkupId): string[] => [...new Set(catalog(mode).map((m) => m.name))].sort();

/**
 * The catalog lists the markers of every #if branch; a binary has the sites
 * of the branches its configuration compiles. The branch of each marker,
 * from `#ifdef`/`#ifndef`/`#else`/`#endif` lines and the build's .config
 * (any other condition is taken as true).
 */
function compiledIn(mode: MarkupId, marker: CatalogMarker & { readonly file: string; readonly line: number }): boolean {
  const config = readFileSync(join(builds.get(mode)!.dir, '.config'), 'utf8');
  const set = (symbol: string): boolean => new RegExp(`^${symbol}=`, 'm').test(config);
  const stack: boolean[] = [];
  const lines = readFileSync(join(KERNEL, marker.file), 'utf8')
    .split('\n')
    .slice(0, marker.line - 1);
  for (const line of lines) {
    const d = /^\s*#\s*(ifdef|ifndef|if|else|elif|endif)\b\s*(\w*)/.exec(line);
    if (d === null) continue;
    if (d[1] === 'ifdef') stack.push(set(d[2]!));
    else if (d[1] === 'ifndef') stack.push(!set(d[2]!));
    else if (d[1] === 'if') stack.push(true);
    else if (d[1] === 'else' || d[1] === 'elif') stack.push(!stack.pop()!);
    else stack.pop();
  }
  return stack.every(Boolean);
}

const compiledNames = (mode: MarkupId): string[] =>
  [
    ...new Set(
      catalog(mode)
        .filter((m) => compiledIn(mode, m as CatalogMarker & { file: string; line: number }))
        .map((m) => m.name),
    ),
  ].sort();

/** The arguments a site passes: one per conversion, and one per `*` width or precision (docs/scanning.md#names-formats-fields). */
function argumentCount(m: CatalogMarker): number {
  if (m.form === 'evmarker') return m.fields.length;
  return m.format === null ? 0 : consumedArguments(parseFormat(m.format).conversions).length;
}

/** Trace events as `name field=value ...`, pointers (they move with ASLR) blanked. */
function traced(mode: MarkupId, set: HandlerSet, arm: readonly string[], iterations = 1): string[] {
  const file = join(builds.get(mode)!.dir, `trace.${set}.${arm.length}`);
  const boot = run(vmlinux(mode, set), ['--iterations', String(iterations), ...(arm.length > 0 ? ['--arm', arm.join(',')] : []), '--trace', file]);
  check(boot);
  const decoded = check(kmark(['decode', file, '--catalog', catalogPath(mode, set)]));
  return decoded.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^\d+ /, '').replace(/0x[0-9a-f]{8,}/g, 'PTR'));
}

/** Console lines of armed printk markers: `name: field=value ...`. */
function printed(mode: MarkupId, set: HandlerSet, arm: readonly string[]): string[] {
  const r = check(run(vmlinux(mode, set), ['--iterations', '1', ...(arm.length > 0 ? ['--arm', arm.join(',')] : [])]));
  const known = new Set(names(mode));
  return r.stdout.split('\n').filter((l) => known.has(l.split(':')[0]!) && /^\w+: \w+=|^\w+:$/.test(l));
}

describe.each(MODES)('%s', (mode) => {
  it.each(HANDLER_SETS)('builds with %s handlers, gcc -Wall -Werror, without a warning, and runs', (set) => {
    const log = builds.get(mode)!.logs.get(set)!;
    expect(log.stderr, explain(log)).toBe('');
    expect(readFileSync(join(builds.get(mode)!.dir, 'kernel', '.sched.o.cmd'), 'utf8')).toMatch(/ -Wall -Werror /);
    const r = run(vmlinux(mode, set), ['--iterations', '2']);
    expect(r.status, explain(r)).toBe(0);
    expect(r.stdout).toContain('reboot: Power down');
  });

  it.each(['trace', 'printk-trace'] as const)('with %s handlers records events only when armed', (set) => {
    expect(traced(mode, set, [])).toEqual([]);
    const all = traced(mode, set, names(mode));
    expect(all.length).toBeGreaterThan(100);
    const some = traced(mode, set, ['fs_open', 'sched_switch']);
    expect(new Set(some.map((l) => l.split(' ')[0]))).toEqual(new Set(['fs_open', 'sched_switch']));
    expect(some).toEqual(all.filter((l) => /^(fs_open|sched_switch) /.test(l)));
  });

  it.each(['printk', 'printk-trace'] as const)('with %s handlers prints events only when armed', (set) => {
    expect(printed(mode, set, [])).toEqual([]);
    const lines = printed(mode, set, ['fs_open']);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.startsWith('fs_open: filename='))).toBe(true);
  });

  it('records the same events, with the same values, as the jump-call build', () => {
    expect(traced(mode, MAIN, names(mode), 2)).toEqual(traced('jump-call', MAIN, names('jump-call'), 2));
  });

  it('has a catalog whose every marker says how it is marked up, and --from-elf gives it back', () => {
    const markers = catalog(mode);
    expect(markers.length).toBeGreaterThan(50);
    expect(new Set(markers.map((m) => m.markup))).toEqual(new Set([mode]));
    const fromElf = JSON.parse(check(kmark(['catalog', '--from-elf', vmlinux(mode)])).stdout) as { image: { buildId?: string } };
    expect(fromElf.image.buildId).toMatch(/^[0-9a-f]{40}$/);
    delete fromElf.image.buildId;
    expect(fromElf).toEqual(JSON.parse(readFileSync(catalogPath(mode), 'utf8')));
  });

  it("has one SystemTap SDT probe kmark:NAME per site, with the marker's argument count (readelf -n)", () => {
    const notes = check(run('readelf', ['-n', vmlinux(mode)])).stdout;
    const probes = [...notes.matchAll(/Provider: (\S+)\n\s+Name: (\S+)\n\s+Location: (0x[0-9a-f]+).*\n\s+Arguments: ?(.*)/g)].map((m) => ({
      provider: m[1],
      name: m[2]!,
      location: m[3],
      argc: m[4]!.trim() === '' ? 0 : m[4]!.trim().split(/\s+/).length,
    }));
    const markers = catalog(mode);
    expect(new Set(probes.map((p) => p.provider))).toEqual(new Set(['kmark']));
    expect([...new Set(probes.map((p) => p.name))].sort()).toEqual(compiledNames(mode));
    expect(compiledNames(mode).length).toBeGreaterThan(names(mode).length - 5);
    // A header's inline site is in every TU that uses it: a probe each.
    expect(probes.length).toBeGreaterThanOrEqual(markers.filter((m) => compiledNames(mode).includes(m.name)).length);
    for (const p of probes) {
      const expected = new Set(markers.filter((m) => m.name === p.name).map(argumentCount));
      expect(expected, `${p.name} at ${p.location}`).toEqual(new Set([p.argc]));
    }
  });

  it("lists every marker of the catalog in gdb's info probes, one line per probe of readelf", () => {
    const r = check(run('gdb', ['-nx', '-batch', '-ex', 'info probes', vmlinux(mode)]));
    const rows = [...r.stdout.matchAll(/^stap\s+kmark\s+(\S+)\s+(0x[0-9a-f]+)/gm)].map((m) => m[1]!);
    const notes = check(run('readelf', ['-n', vmlinux(mode)])).stdout.match(/Provider: kmark/g) ?? [];
    expect(rows.length).toBe(notes.length);
    expect([...new Set(rows)].sort()).toEqual(compiledNames(mode));
  });

  // perf reads the notes of the binaries in its build-id cache, kept in a HOME of the test's own.
  it('is listed by perf list sdt, a probe per compiled marker, where perf is installed', () => {
    if (run('perf', ['version']).status !== 0) return skip('perf is not installed (scripts/install-deps installs linux-perf)');
    const env = { HOME: temporary(`perf-${mode}`) };
    check(run('perf', ['buildid-cache', '--add', vmlinux(mode)], { env }));
    const listed = check(run('perf', ['list', 'sdt'], { env })).stdout;
    expect([...new Set([...listed.matchAll(/^\s*sdt_kmark:(\S+)/gm)].map((m) => m[1]!))].sort()).toEqual(compiledNames(mode));
  });

  it('is listed by bpftrace -l as usdt probes, a probe per compiled marker, where bpftrace is installed', () => {
    if (run('bpftrace', ['--version']).status !== 0) return skip('bpftrace is not installed (scripts/install-deps installs it)');
    const r = run('bpftrace', ['-l', `usdt:${vmlinux(mode)}:*`]);
    if (r.status !== 0) return skip(`bpftrace -l does not run here: ${r.stderr.trim().split('\n')[0]}`);
    const listed = [...r.stdout.matchAll(/^usdt:[^:]+:kmark:(\S+)$/gm)].map((m) => m[1]!);
    expect([...new Set(listed)].sort()).toEqual(compiledNames(mode));
  });

  it('stops gdb on a probe with the values the trace records ($_probe_arg0 ...)', () => {
    const hit = ['printf "argc=%d\\n", $_probe_argc', 'printf "filename=%s flags=%d mode=%o fd=%d\\n", (char *)$_probe_arg0, $_probe_arg1, $_probe_arg2, $_probe_arg3'];
    const r = run(
      'gdb',
      [
        '-nx',
        '-batch',
        '-ex',
        'set startup-with-shell off',
        '-ex',
        'break -probe-stap kmark:fs_open',
        '-ex',
        'run --iterations 1',
        ...hit.flatMap((c) => ['-ex', c]),
        '-ex',
        'continue',
        ...hit.flatMap((c) => ['-ex', c]),
        '-ex',
        'kill',
        vmlinux(mode),
      ],
      { timeout: 60_000 },
    );
    const seen = r.stdout.split('\n').filter((l) => /^(argc|filename)=/.test(l));
    const events = traced(mode, MAIN, ['fs_open'])
      .slice(0, 2)
      .map((l) => l.replace(/^fs_open /, ''));
    expect(events).toHaveLength(2);
    expect(seen, explain(r)).toEqual(['argc=4', events[0], 'argc=4', events[1]]);
  });
});

describe('symbol', () => {
  const symbols = (): Array<{ address: string; name: string }> =>
    check(run('nm', [vmlinux('symbol')]))
      .stdout.split('\n')
      .flatMap((l) => {
        const m = /^([0-9a-f]+) T (__mark_\S+)$/.exec(l);
        return m ? [{ address: m[1]!.replace(/^0+/, ''), name: m[2]! }] : [];
      });

  it('has a global symbol __mark_<name>_<line>__<tu>_<n> at every probe, listed by nm', () => {
    const notes = check(run('readelf', ['-n', vmlinux('symbol')])).stdout;
    const locations = [...notes.matchAll(/Provider: kmark\n\s+Name: (\S+)\n\s+Location: 0x0*([0-9a-f]+)/g)].map((m) => `${m[1]} ${m[2]}`).sort();
    const syms = symbols();
    expect(syms.map((s) => `${/^__mark_(\w+?)_\d+__/.exec(s.name)![1]} ${s.address}`).sort()).toEqual(locations);
    for (const name of compiledNames('symbol'))
      expect(
        syms.some((s) => s.name.startsWith(`__mark_${name}_`)),
        name,
      ).toBe(true);
  });

  it("whose symbols gdb resolves to the probes' addresses", () => {
    const syms = symbols().slice(0, 12);
    const r = check(run('gdb', ['-nx', '-batch', ...syms.flatMap((s) => ['-ex', `info address ${s.name}`]), vmlinux('symbol')]));
    expect(r.stdout.trim().split('\n')).toEqual(syms.map((s) => `Symbol "${s.name}" is at 0x${s.address} in a file compiled without debugging.`));
  });

  it("arms in-process under gdb too: a patch's trap is a hlt (SIGSEGV), which gdb passes on", () => {
    const file = join(builds.get('symbol')!.dir, 'trace.gdb');
    const r = run('gdb', ['-nx', '-batch', '-ex', 'set startup-with-shell off', '-ex', 'handle SIGSEGV nostop noprint pass', '-ex', `run --iterations 1 --arm fs_open,sched_switch --trace ${file}`, vmlinux('symbol')], { timeout: 60_000 });
    expect(r.stdout, explain(r)).toContain('exited normally');
    const decoded = check(kmark(['decode', file, '--catalog', catalogPath('symbol')]))
      .stdout.split('\n')
      .filter((l) => l !== '')
      .map((l) => l.replace(/^\d+ /, '').replace(/0x[0-9a-f]{8,}/g, 'PTR'));
    expect(decoded).toEqual(traced('symbol', MAIN, ['fs_open', 'sched_switch']));
  });

  /** The console of a run with every marker armed: its events (pointers blanked) and the runtime's lines. */
  function armedConsole(mode: MarkupId, env: NodeJS.ProcessEnv = {}): { events: string[]; runtime: string[] } {
    const r = check(run(vmlinux(mode), ['--iterations', '2', '--arm', names(mode).join(',')], { env }));
    const known = new Set(names(mode));
    const lines = r.stdout.split('\n');
    return {
      events: lines.filter((l) => known.has(l.split(':')[0]!)).map((l) => l.replace(/0x[0-9a-f]{8,}/g, 'PTR')),
      runtime: lines.filter((l) => l.startsWith('marker: ')),
    };
  }

  it('arms every site with a jump (kernel/djprobe.c), printing and tracing what the static-key build does', () => {
    const symbol = armedConsole('symbol');
    expect(symbol.runtime).toEqual([]);
    expect(symbol.events.length).toBeGreaterThan(100);
    expect(symbol.events).toEqual(armedConsole('static-key').events);
    expect(traced('symbol', MAIN, names('symbol'), 2)).toEqual(traced('static-key', MAIN, names('static-key'), 2));
  });

  it('falls back to the trap, with the reason on the console, and the same events', () => {
    const trap = armedConsole('symbol', { KMARK_DJPROBE: '0' });
    expect(trap.runtime).toEqual(['marker: symbol sites are armed with the trap: jumps disabled by KMARK_DJPROBE=0']);
    expect(trap.events).toEqual(armedConsole('static-key').events);
  });

  it('has no symbol in the other modes', () => {
    for (const mode of MODES.filter((m) => m !== 'symbol')) {
      expect(check(run('nm', [vmlinux(mode)])).stdout).not.toMatch(/ __mark_/);
    }
  });
});

describe('static-key', () => {
  it('has a jump table of one entry per probe, and no symbol-mode table', () => {
    const sections = check(run('readelf', ['-SW', vmlinux('static-key')])).stdout;
    const size = /__kmark_jump_table\s+PROGBITS\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)/.exec(sections);
    expect(size).not.toBeNull();
    const probes = check(run('readelf', ['-n', vmlinux('static-key')])).stdout.match(/Provider: kmark/g) ?? [];
    expect(parseInt(size![1]!, 16)).toBe(24 * probes.length);
    expect(sections).not.toContain('__kmark_probe_table');
  });
});
