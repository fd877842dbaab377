/**
 * V8's tiering fitted to the run's length (docs/performance.md, "Tenth
 * round"). bin/kmark starts Node with an interrupt budget 30 times V8's
 * own, so that V8 optimizes only code that runs long: most runs are short
 * (a build step, a lint of a subtree), and compiling code that runs a few
 * milliseconds more cost them CPU. A run over a whole kernel tree is long
 * from its first pass on, and there code optimized early pays, the more so
 * as V8's optimizing compiler works on a thread of its own. How long a run
 * will be is first known when its files are listed, before any is read:
 * from LONG_RUN_FILES on, it goes back to V8's own budget. A budget only
 * says when V8 looks at a function again; changing it changes nothing that
 * any code does.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * Files listed from which a run is long. Timed on Linux 2.6.32
 * (docs/performance.md, "Tenth round"), V8's own budget took 6–13% off
 * the time of a cold scan of 12,000 or 25,000 files, with or without
 * markers, for between 5% less and 6% more CPU; below, it cost CPU: 5%
 * on `drivers` (8,669 files), 11–35% on smaller trees with a marker in
 * every function.
 */
export const LONG_RUN_FILES = 10_000;

/** V8's own budget in Node 20 (V8 11.3, `node --v8-options`). */
const V8_INTERRUPT_BUDGET = 67_584;

/** V8's own budget back when `files` make a long run. */
export function fitTieringTo(files: number, setFlags: (flags: string) => void = setFlagsFromString): void {
  if (files >= LONG_RUN_FILES) setFlags(`--interrupt-budget=${V8_INTERRUPT_BUDGET}`);
}
