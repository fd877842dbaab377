/**
 * The markups whose sites are code that arming rewrites (kernel/static_key.c):
 * test/modes/hammer.c built in every mode. Dormant, armed and disarmed
 * bytes of the sites; events only while armed; and a thread running a site
 * without a pause while another arms and disarms it (docs/modes.md, "Patching
 * running code").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, explain, haveSdt, MODES, removeTemporaries, results, run, temporary } from './harness.js';
import type { MarkupId } from '../../src/gen/markup/index.js';

const NOP5 = '0f1f440000';
const FLIPS = 3000;

type Run = MarkupId | 'symbol-trap' | 'symbol-asan';
const runs = new Map<Run, Map<string, string>>();

function hammer(exe: string, env: NodeJS.ProcessEnv = {}): Map<string, string> {
  const r = run(exe, [String(FLIPS)], { timeout: 120_000, env });
  if (r.status !== 0) throw new Error(explain(r));
  return results(r.stdout);
}

beforeAll(async () => {
  if (!haveSdt()) throw new Error('<sys/sdt.h> is missing: run scripts/install-deps (systemtap-sdt-dev)');
  await Promise.all(
    MODES.map(async (mode) => {
      const exe = await buildProgram(temporary(`hammer-${mode}`), 'hammer.c', mode, ['probe']);
      runs.set(mode, hammer(exe));
      // The symbol mode's fallback: the trap, chosen where no jump can be placed (here: told so).
      if (mode === 'symbol') runs.set('symbol-trap', hammer(exe, { KMARK_DJPROBE: '0' }));
    }),
  );
  // AddressSanitizer's runtime stops the program at its first error (exit 1, the report on stderr).
  const asan = await buildProgram(temporary('hammer-asan'), 'hammer.c', 'symbol', ['probe'], ['-fsanitize=address', '-fno-omit-frame-pointer']);
  runs.set('symbol-asan', hammer(asan));
}, 240_000);

afterAll(removeTemporaries);

const get = (mode: Run, key: string): string | undefined => runs.get(mode)?.get(key);
const num = (mode: Run, key: string): number => Number(get(mode, key));

describe.each([...MODES, 'symbol-trap', 'symbol-asan'] as const)('%s', (mode) => {
  it('runs to its end', () => {
    expect(get(mode, 'done')).toBe('yes');
    expect(num(mode, 'sites')).toBe(1);
    expect(num(mode, 'register')).toBe(0);
  });

  it("fires only while armed, with the site's argument, nesting included", () => {
    expect(num(mode, 'fired_disarmed')).toBe(0);
    expect(num(mode, 'arm')).toBe(0);
    expect(num(mode, 'fired_armed')).toBe(100);
    expect(num(mode, 'last_arg')).toBe(100);
    expect(num(mode, 'fired_nested')).toBe(101);
    expect(num(mode, 'disarm')).toBe(0);
    expect(num(mode, 'fired_after_disarm')).toBe(0);
  });

  it('passes a global, a negative int and a string', () => {
    expect(num(mode, 'arm_global')).toBe(0);
    expect(num(mode, 'global_g')).toBe(4242);
    expect(num(mode, 'global_x')).toBe(-7);
    expect(get(mode, 'global_s')).toBe('seven');
  });

  it('survives a thread running the site while another arms and disarms it', () => {
    expect(num(mode, 'flips')).toBeGreaterThanOrEqual(FLIPS);
    expect(num(mode, 'flip_errors')).toBe(0);
    expect(num(mode, 'hammer_calls')).toBeGreaterThan(0);
    expect(num(mode, 'hammer_bad_args')).toBe(0);
    expect(num(mode, 'hammer_fired')).toBeLessThanOrEqual(num(mode, 'hammer_calls'));
    expect(num(mode, 'fired_end')).toBe(0);
  });
});

describe('static-key sites', () => {
  const mode = 'static-key';

  it('are the 5-byte nop dormant, a jump while armed, the nop again once disarmed', () => {
    expect(get(mode, 'bytes_dormant')).toBe(NOP5);
    expect(get(mode, 'bytes_armed')).toMatch(/^e9[0-9a-f]{8}$/);
    expect(get(mode, 'bytes_nested')).toBe(get(mode, 'bytes_armed'));
    expect(get(mode, 'bytes_disarmed')).toBe(NOP5);
    expect(get(mode, 'bytes_end')).toBe(NOP5);
  });

  it('of another marker are never touched', () => {
    expect(get(mode, 'bytes_quiet')).toBe(NOP5);
    expect(get(mode, 'bytes_quiet_end')).toBe(NOP5);
  });

  it('fired while the other thread was flipping them, which met sites being patched (the hlt)', () => {
    expect(num(mode, 'hammer_fired')).toBeGreaterThan(0);
    expect(num(mode, 'hammer_patch_traps')).toBeGreaterThan(0);
  });
});

describe('symbol sites', () => {
  const mode = 'symbol';

  it("are the SDT probe's 5-byte nop dormant, a jump to a trampoline while armed, the nop again once disarmed", () => {
    expect(get(mode, 'arming')).toBe('jump');
    expect(get(mode, 'bytes_dormant')).toBe(NOP5);
    expect(get(mode, 'bytes_armed')).toMatch(/^e9[0-9a-f]{8}$/);
    expect(get(mode, 'bytes_nested')).toBe(get(mode, 'bytes_armed'));
    expect(get(mode, 'bytes_disarmed')).toBe(NOP5);
    expect(get(mode, 'bytes_end')).toBe(NOP5);
    expect(get(mode, 'bytes_quiet_end')).toBe(NOP5);
  });

  it('fired while the other thread was flipping them, which met sites being patched (the hlt)', () => {
    expect(num(mode, 'hammer_fired')).toBeGreaterThan(0);
    expect(num(mode, 'hammer_patch_traps')).toBeGreaterThan(0);
  });

  it("fall back to the trap where the jump cannot be placed, with the reason recorded: a hlt over the nop's first byte", () => {
    const trap = 'symbol-trap';
    expect(get(trap, 'arming')).toBe('jumps disabled by KMARK_DJPROBE=0');
    expect(get(trap, 'bytes_dormant')).toBe(NOP5);
    expect(get(trap, 'bytes_armed')).toBe('f41f440000');
    expect(get(trap, 'bytes_nested')).toBe('f41f440000');
    expect(get(trap, 'bytes_disarmed')).toBe(NOP5);
    expect(get(trap, 'bytes_end')).toBe(NOP5);
    expect(num(trap, 'hammer_fired')).toBeGreaterThan(0);
  });

  it('are patched and run under AddressSanitizer without a report, armed with the jump', () => {
    expect(get('symbol-asan', 'arming')).toBe('jump');
    expect(num('symbol-asan', 'hammer_patch_traps')).toBeGreaterThan(0);
  });
});

describe.each(['jump-call', 'jump-inline'] as const)('%s sites', (mode) => {
  it('are code nobody rewrites: no table', () => {
    expect(get(mode, 'bytes_dormant')).toBe('-');
    expect(get(mode, 'bytes_armed')).toBe('-');
  });
});
