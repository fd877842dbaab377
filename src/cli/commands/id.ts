import { identityOf } from '../../model/identity.js';
import { defineCommand } from '../command.js';

export const idCommand = defineCommand({
  command: 'id <identifier>',
  describe: 'Print the md5 and the 64-bit event id of a marker identifier (PATH:FUNCTION:ORDINAL)',
  builder: (yargs) =>
    yargs.positional('identifier', { type: 'string', demandOption: true, describe: 'e.g. kernel/sched.c:schedule:1' }).option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' }),
  run: (args) => {
    const identity = identityOf(args.identifier);
    process.stdout.write(args.format === 'json' ? `${JSON.stringify(identity)}\n` : `id       ${identity.id}\nmd5      ${identity.md5}\neventId  ${identity.eventId}\n`);
    return 0;
  },
});
