import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { kmark } from '../helpers/cli.js';

const require = createRequire(import.meta.url);

describe("yargs' help render after a command (src/cli/main.ts skipHelpAfterCommands)", () => {
  it('is still where kmark turns it off, so a yargs upgrade cannot silently bring its cost back', () => {
    const yargs = require('yargs/yargs') as (args: string[]) => { getInternalMethods: () => { getUsageInstance: () => { cacheHelpMessage: unknown } } };
    expect(typeof yargs([]).getInternalMethods().getUsageInstance().cacheHelpMessage).toBe('function');
  });

  it("leaves a command's --help as it was", () => {
    const run = kmark(['gen', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^kmark gen \[tus\.\.\]/);
    expect(run.stdout).toContain('--cache-file');
  });
});
