/**
 * The flight recorder (docs/runtime.md) compiled with gcc and run: dumps
 * taken while a thread overwrites its buffer are consistent snapshots (the
 * records kept are consecutive, and every earlier one is counted as lost),
 * and the last dump accounts for every record written.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const KERNEL = join(HERE, '..', '..', 'sample-kernel');
const CFLAGS = ['-std=gnu11', '-O2', '-Wall', '-Werror', '-fno-strict-aliasing', '-fno-common', '-pthread', `-I${join(KERNEL, 'include')}`];
const BUFFER = 4096;
const RECORD = 24 + 8;

const dir = mkdtempSync(join(tmpdir(), 'kmark-flight-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Dump {
  readonly overwrite: boolean;
  readonly lost: number;
  readonly numbers: bigint[];
  readonly bytes: number;
}

function readDump(path: string): Dump {
  const b = readFileSync(path);
  expect(b.toString('latin1', 0, 8)).toBe('KMTRACE1');
  expect(b.readUInt32LE(8)).toBe(2);
  expect(b.readUInt32LE(12)).toBe(1);
  const at = b.readUInt32LE(16);
  const lost = b.readUInt32LE(at + 4);
  const length = Number(b.readBigUInt64LE(at + 8));
  expect(at + 16 + length).toBe(b.length);
  const numbers: bigint[] = [];
  for (let r = at + 16; r < b.length; r += RECORD) {
    expect(b.readUInt32LE(r)).toBe(RECORD);
    expect(b.readBigUInt64LE(r + 8)).toBe(0x0f0e0d0c0b0a0908n);
    numbers.push(b.readBigUInt64LE(r + 24));
  }
  return { overwrite: (b.readUInt32LE(20) & 1) === 1, lost, numbers, bytes: length };
}

describe('the flight recorder', () => {
  const exe = join(dir, 'flight-recorder');
  const gcc = spawnSync('gcc', [...CFLAGS, '-o', exe, join(HERE, 'flight-recorder.c'), join(KERNEL, 'kernel', 'marker.c'), join(KERNEL, 'kernel', 'printk.c')], { encoding: 'utf8' });
  const run = gcc.status === 0 ? spawnSync(exe, [dir], { encoding: 'utf8', timeout: 60_000 }) : null;
  const results = new Map(
    (run?.stdout ?? '')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => l.split('=') as [string, string]),
  );

  it('compiles and runs; marker_trace_set_mode takes the two modes only', () => {
    expect(gcc.stderr).toBe('');
    expect(run?.status, run?.stderr).toBe(0);
    expect(results.get('set_mode_invalid')).toBe('-22');
    expect(results.get('set_mode')).toBe('0');
  });

  it('every dump taken while the writer overwrites is a consistent snapshot: consecutive records, all earlier ones counted as lost', () => {
    let overwriting = 0;
    for (let k = 0; k < 50; k++) {
      expect(results.get(`dump_${k}`)).toBe('0');
      const d = readDump(join(dir, `during-${k}.kmtrace`));
      expect(d.overwrite).toBe(true);
      expect(d.bytes).toBeLessThanOrEqual(BUFFER);
      d.numbers.forEach((n, i) => expect(n).toBe(d.numbers[0]! + BigInt(i)));
      if (d.numbers.length > 0) expect(d.numbers[0]).toBe(BigInt(d.lost));
      if (d.lost > 0) {
        overwriting++;
        expect(d.bytes).toBeGreaterThanOrEqual(BUFFER / 2 - RECORD);
      }
    }
    expect(overwriting, 'the writer wrapped around while dumps ran').toBeGreaterThan(10);
  });

  it('the last dump keeps the newest records and counts every other one', () => {
    const d = readDump(join(dir, 'final.kmtrace'));
    const written = BigInt(results.get('written')!);
    expect(written).toBeGreaterThan(BigInt(BUFFER / RECORD) * 10n);
    expect(d.numbers[d.numbers.length - 1]).toBe(written - 1n);
    expect(BigInt(d.lost + d.numbers.length)).toBe(written);
  });
});
