/**
 * babeltrace2 (Debian's, 2.0) reading a CTF trace, and its pretty text
 * output parsed back to events, for comparison with `kmark decode --format json`.
 */
import { spawnSync } from 'node:child_process';

export interface BabeltraceEvent {
  /** Clock cycles: the trace's own timestamp. */
  readonly cycles: string;
  readonly name: string;
  /** The packet context's fields (kmark's: thread). */
  readonly context: Readonly<Record<string, string>>;
  /** Payload fields: a string's characters, or a number as babeltrace2 wrote it (0x… for base 16). */
  readonly fields: Readonly<Record<string, { readonly string: boolean; readonly text: string }>>;
}

export interface BabeltraceRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function babeltrace(args: readonly string[]): BabeltraceRun {
  const r = spawnSync('babeltrace2', args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.error !== undefined) throw new Error(`cannot run babeltrace2 (scripts/install-deps installs it): ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `babeltrace2 --clock-cycles --no-delta DIR`, parsed; throws on a line it cannot read. */
export function babeltraceEvents(dir: string): { run: BabeltraceRun; events: BabeltraceEvent[] } {
  const run = babeltrace(['--clock-cycles', '--no-delta', dir]);
  const events = run.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map(parseLine);
  return { run, events };
}

const LINE = /^\[(\d+)\] (\w+): (.*)$/;
const PAIR = /^ ?(\w+) = ("(?:[^"\\]|\\.)*"|[^,}]*?)(,| \})/;

function parseLine(line: string): BabeltraceEvent {
  const m = LINE.exec(line);
  if (m === null) throw new Error(`babeltrace2 printed a line this test cannot read: ${line}`);
  const groups: Array<Record<string, { string: boolean; text: string }>> = [];
  let rest = m[3]!;
  while (rest.startsWith('{')) {
    const group: Record<string, { string: boolean; text: string }> = {};
    rest = rest.slice(1);
    for (let p = PAIR.exec(rest); p !== null; p = PAIR.exec(rest)) {
      const value = p[2]!;
      const string = value.startsWith('"');
      group[p[1]!] = { string, text: string ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value };
      rest = rest.slice(p[0].length - (p[3] === ' }' ? 2 : 0));
      if (p[3] === ' }') break;
    }
    if (!rest.startsWith(' }')) throw new Error(`babeltrace2 printed a line this test cannot read: ${line}`);
    rest = rest.slice(2).replace(/^, /, '');
    groups.push(group);
  }
  const context = Object.fromEntries(Object.entries(groups[0] ?? {}).map(([k, v]) => [k, v.text]));
  return { cycles: BigInt(m[1]!).toString(), name: m[2]!, context, fields: groups[1] ?? {} };
}

/** An event as `kmark decode --format json` prints it. */
export interface JsonEvent {
  readonly timestamp: string;
  readonly thread: number;
  readonly name: string;
  readonly fields: Readonly<Record<string, number | string>>;
}

/** babeltrace2's number text as a value: 0x… hexadecimal, 0… octal, else decimal or floating. */
function numberOf(text: string): bigint | number {
  if (/^0[0-7]+$/.test(text)) return BigInt(`0o${text.slice(1)}`);
  return /^-?(0x[0-9a-f]+|\d+)$/i.test(text) ? BigInt(text) : Number(text);
}

/** What a JSON field value is, in the terms numberOf gives (bigint strings are the decoder's 64-bit values). */
function jsonValueOf(value: number | string, string: boolean): string | bigint | number {
  if (string) return value;
  return typeof value === 'number' && !Number.isSafeInteger(value) ? value : BigInt(value);
}

/** One comparable record per event: name, thread, timestamp and every field's value. */
export const comparableBabeltrace = (e: BabeltraceEvent): unknown => ({
  name: e.name,
  thread: Number(e.context['thread']),
  timestamp: e.cycles,
  fields: Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, v.string ? v.text : numberOf(v.text)])),
});

export const comparableJson = (e: JsonEvent, strings: ReadonlySet<string>): unknown => ({
  name: e.name,
  thread: e.thread,
  timestamp: e.timestamp,
  fields: Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, jsonValueOf(v, strings.has(`${e.name}.${k}`))])),
});

/** `name.field` of every string field babeltrace2 printed (quoted). */
export const stringFields = (events: readonly BabeltraceEvent[]): Set<string> =>
  new Set(
    events.flatMap((e) =>
      Object.entries(e.fields)
        .filter(([, v]) => v.string)
        .map(([k]) => `${e.name}.${k}`),
    ),
  );

/** The JSON events in babeltrace2's order: by timestamp across threads, each thread's own order kept. */
export const byTimestamp = <E extends JsonEvent>(events: readonly E[]): E[] =>
  events
    .map((e, k) => ({ e, k }))
    .sort((a, b) => (BigInt(a.e.timestamp) < BigInt(b.e.timestamp) ? -1 : BigInt(a.e.timestamp) > BigInt(b.e.timestamp) ? 1 : a.k - b.k))
    .map((x) => x.e);
