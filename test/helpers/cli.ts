/** Runs the built CLI (`./bin/kmark`) as a user would, capturing everything. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const KMARK = `${REPO}bin/kmark`;

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function kmark(args: readonly string[], options: { cwd?: string; input?: string } = {}): Run {
  const result = spawnSync(KMARK, args, {
    cwd: options.cwd ?? REPO,
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export const fixture = (name: string): string => `${REPO}test/fixtures/${name}`;
