/**
 * How a run tells the replay (src/cli/replay.ts) what its output depended
 * on. The replay is a separate bundle that loads the CLI's only on a miss,
 * so the two meet through one global, set only while a run is recorded.
 */
export interface ReplayRecorder {
  /** Files already stamped by the run (src/io/stamps.ts), with their stamps. */
  stamped(paths: readonly string[], stamps: BigInt64Array): void;
  /** Files and directories to stamp when the run ends: a change to any of them, or its appearing, changes the output. */
  watch(paths: readonly string[]): void;
  /** The output depends on something no stamp covers: do not record this run. */
  refuse(): void;
}

const RECORDER = Symbol.for('kmark.replay-recorder');

export function replayRecorder(): ReplayRecorder | undefined {
  return (globalThis as { [RECORDER]?: ReplayRecorder })[RECORDER];
}

export function installReplayRecorder(recorder: ReplayRecorder): void {
  (globalThis as { [RECORDER]?: ReplayRecorder })[RECORDER] = recorder;
}
