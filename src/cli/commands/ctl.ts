import { KmarkError } from '../../io/errors.js';
import type { ControlChannel } from '../../live/channel.js';
import { describeUnmatched, readProfile, writeProfile } from '../../live/profile.js';
import { applyProfile, enabledProfile } from '../../live/session.js';
import { defineCommand } from '../command.js';

const ACTIONS = ['list', 'arm', 'disarm', 'events', 'save', 'load'] as const;

export const ctlCommand = defineCommand({
  command: 'ctl <socket> <action> [args..]',
  describe: 'Control a running kernel through its control channel: list, arm/disarm KEY..., events, save/load PROFILE',
  builder: (yargs) =>
    yargs
      .positional('socket', { type: 'string', demandOption: true, describe: 'The control channel (vmlinux --ctl SOCKET)' })
      .positional('action', { choices: ACTIONS, demandOption: true, describe: 'list | arm KEY... | disarm KEY... | events | save FILE | load FILE' })
      .positional('args', { type: 'string', array: true, default: [] as string[], describe: 'Keys (name, id, md5 or glob), or the profile file' })
      .option('catalog', { type: 'string', describe: 'events: the catalog of the running kernel, to decode its records' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format of list and events' })
      .option('count', { type: 'number', describe: 'events: stop after this many events' })
      .option('seconds', { type: 'number', describe: 'events: stop after this many seconds' }),
  run: async (args) => {
    // Loaded here: node:net is not for every command's start-up (docs/build.md#measured-why-one-run-and-not-a-cache-or-a-server).
    const { ControlChannel } = await import('../../live/channel.js');
    const channel = await ControlChannel.open(args.socket);
    try {
      return await ACTION_RUNS[args.action](channel, args);
    } finally {
      channel.close();
    }
  },
});

interface CtlArgs {
  readonly args: readonly string[];
  readonly catalog?: string | undefined;
  readonly format: 'text' | 'json';
  readonly count?: number | undefined;
  readonly seconds?: number | undefined;
}

const oneFile = (args: CtlArgs, action: string): string => {
  if (args.args.length !== 1) throw new KmarkError(`ctl ${action}: give one profile file`);
  return args.args[0]!;
};

const ACTION_RUNS: Readonly<Record<(typeof ACTIONS)[number], (channel: ControlChannel, args: CtlArgs) => Promise<number>>> = {
  list: async (channel, args) => {
    const sites = await channel.list();
    process.stdout.write(args.format === 'json' ? `${JSON.stringify(sites)}\n` : sites.map((s) => `${s.armed > 0 ? `armed(${s.armed})` : '-'}\t${s.name}\t${s.id}\n`).join(''));
    return 0;
  },
  arm: async (channel, args) => report('armed', await channel.change('arm', keysOf(args, 'arm'))),
  disarm: async (channel, args) => report('disarmed', await channel.change('disarm', keysOf(args, 'disarm'))),
  save: async (channel, args) => {
    const file = oneFile(args, 'save');
    const profile = await enabledProfile(channel);
    writeProfile(file, profile);
    process.stderr.write(`kmark: ${file}: ${profile.markers.length} markers enabled\n`);
    return 0;
  },
  load: async (channel, args) => {
    const file = oneFile(args, 'load');
    const result = await applyProfile(channel, readProfile(file));
    for (const e of result.unmatched) process.stderr.write(`kmark: ${file}: ${describeUnmatched(e)}\n`);
    for (const e of result.byName) process.stderr.write(`kmark: ${file}: '${e.name}' matched by name: its id ${e.id} is gone\n`);
    return report('armed', result.armed) || (result.unmatched.length > 0 ? 1 : 0);
  },
  events: async (channel, args) => {
    if (args.catalog === undefined) throw new KmarkError("ctl events: give the running kernel's --catalog");
    const [{ readCatalogFile }, { recordDecoder }, { eventJson, eventText }] = await Promise.all([import('../../io/catalog-file.js'), import('../../decode/trace-file.js'), import('../../decode/event-line.js')]);
    const decode = recordDecoder(await readCatalogFile(args.catalog));
    const render = args.format === 'json' ? eventJson : eventText;
    let seen = 0;
    let problems = 0;
    await new Promise<void>((resolve, reject) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      if (args.seconds !== undefined) setTimeout(stop, args.seconds * 1000).unref();
      channel
        .subscribe({
          record: (record) => {
            const event = decode(record);
            if (typeof event === 'string') {
              problems++;
              process.stderr.write(`kmark: ${event}\n`);
            } else if (args.count === undefined || seen < args.count) {
              process.stdout.write(render(event));
              if (++seen === args.count) stop();
            }
          },
          lost: (count) => process.stderr.write(`kmark: ${count} events lost: the stream fell behind\n`),
        })
        .catch(reject);
    });
    return problems > 0 ? 1 : 0;
  },
};

function keysOf(args: CtlArgs, action: string): readonly string[] {
  if (args.args.length === 0) throw new KmarkError(`ctl ${action}: give names, ids, md5s or globs`);
  return args.args;
}

function report(what: string, keys: readonly string[]): number {
  process.stderr.write(`kmark: ${what} ${keys.length === 0 ? 'nothing' : keys.join(' ')}\n`);
  return 0;
}
