/**
 * test/live/ctl-hammer.c built with the runtime's control channel, under a
 * sanitizer or not, and run: four threads fire its four sites while a test
 * talks to the channel. On quit it prints what each site committed.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const KERNEL = join(REPO, 'sample-kernel');
const SOURCES = ['marker.c', 'marker_ctl.c', 'printk.c'].map((f) => join(KERNEL, 'kernel', f));
const CFLAGS = ['-std=gnu11', '-O2', '-g', '-Wall', '-Werror', '-fno-strict-aliasing', '-fno-common', '-pthread', `-I${join(KERNEL, 'include')}`];

/** gcc's flags per build; a sanitizer's first report ends the run (exit non-zero, report on stderr). */
export const SANITIZERS = {
  none: [],
  address: ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer'],
  // marker.c's flight recorder and trace file snapshot are a seqlock with fences, which
  // ThreadSanitizer cannot model (gcc warns); the hammer runs neither.
  thread: ['-fsanitize=thread', '-Wno-tsan'],
} as const satisfies Record<string, readonly string[]>;
export type Sanitizer = keyof typeof SANITIZERS;

export const HAMMER_SITES = [
  { id: 'h/a.c:alpha:1', name: 'h_alpha', md5: 'a0000000000000000000000000000001', eventId: 0xa1n },
  { id: 'h/b.c:beta:1', name: 'h_beta', md5: 'b0000000000000000000000000000001', eventId: 0xb1n },
  { id: 'h/b.c:beta:2', name: 'h_beta', md5: 'b0000000000000000000000000000002', eventId: 0xb2n },
  { id: 'h/c.c:gamma:1', name: 'h_gamma', md5: 'c0000000000000000000000000000001', eventId: 0xc1n },
] as const;

/**
 * Why this machine cannot run a program built with @sanitizer (gcc without
 * its runtime; ThreadSanitizer's fixed memory layout refused by the kernel's
 * address randomization), or null: a trivial threaded program is built and run.
 */
export function sanitizerUnavailable(dir: string, sanitizer: Sanitizer): string | null {
  if (sanitizer === 'none') return null;
  const source = join(dir, `probe-${sanitizer}.c`);
  const exe = join(dir, `probe-${sanitizer}`);
  writeFileSync(source, '#include <pthread.h>\nstatic void *run(void *arg) { return arg; }\nint main(void) { pthread_t t; pthread_create(&t, 0, run, 0); return pthread_join(t, 0); }\n');
  const gcc = spawnSync('gcc', ['-pthread', ...SANITIZERS[sanitizer], '-o', exe, source], { encoding: 'utf8' });
  if (gcc.status !== 0) return `gcc cannot build with ${SANITIZERS[sanitizer].join(' ')}: ${gcc.stderr.trim().split('\n')[0]}`;
  const run = spawnSync(exe, { encoding: 'utf8' });
  return run.status === 0 ? null : `a program built with ${SANITIZERS[sanitizer][0]} does not run here: ${run.stderr.trim().split('\n')[0]}`;
}

/** The program, in @dir; throws gcc's messages. */
export function buildHammer(dir: string, sanitizer: Sanitizer = 'none'): string {
  const exe = join(dir, `ctl-hammer-${sanitizer}`);
  const gcc = spawnSync('gcc', [...CFLAGS, ...SANITIZERS[sanitizer], '-o', exe, join(REPO, 'test', 'live', 'ctl-hammer.c'), ...SOURCES], { encoding: 'utf8' });
  if (gcc.status !== 0) throw new Error(`gcc ctl-hammer.c (${sanitizer}) failed:\n${gcc.stderr}`);
  return exe;
}

export interface HammerEnd {
  readonly code: number | null;
  /** Records committed per site id. */
  readonly hits: ReadonlyMap<string, number>;
  readonly stderr: string;
}

export interface Hammer {
  readonly process: ChildProcessWithoutNullStreams;
  /** What it printed on stderr so far: a sanitizer's report. */
  stderr(): string;
  /** Stops the threads and the channel (which first sends what it holds). */
  quit(): Promise<HammerEnd>;
}

/** Runs @exe serving @socket, once it says it is ready. */
export async function startHammer(exe: string, socket: string): Promise<Hammer> {
  const child = spawn(exe, [socket], { env: { ...process.env, TSAN_OPTIONS: 'halt_on_error=1' } });
  let output = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('ready\n')) resolve();
    });
    void exited.then((code) => reject(new Error(`ctl-hammer exited ${code}: ${output}${stderr}`)));
  });
  return {
    process: child,
    stderr: () => stderr,
    quit: async () => {
      child.stdin.end('quit\n');
      const code = await exited;
      const hits = new Map([...output.matchAll(/^hits\.(\S+)=(\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
      return { code, hits, stderr };
    },
  };
}
