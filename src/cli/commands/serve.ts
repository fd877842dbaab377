import { dirname, join } from 'node:path';
import { defineCommand } from '../command.js';

export const serveCommand = defineCommand({
  command: 'serve',
  describe: 'Browse the catalog in a local web page; with --attach, arm markers and watch events in a running kernel',
  builder: (yargs) =>
    yargs
      .option('catalog', { type: 'string', default: 'catalog.json', describe: "The catalog to browse (the running kernel's, with --attach)" })
      .option('attach', { type: 'string', describe: 'The control channel of a running kernel (vmlinux --ctl SOCKET)' })
      .option('port', { type: 'number', default: 7414, describe: 'The port to listen on (0: any free one)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'The address to listen on; anything but loopback lets other hosts in' })
      .option('root', { type: 'string', default: '.', describe: "The source tree the catalog's paths are relative to" })
      .option('profiles', { type: 'string', describe: 'The folder profiles are saved to and loaded from (default: profiles/ beside the catalog)' }),
  run: async (args) => {
    const [{ readCatalogFile }, { ControlChannel }, { startServer }] = await Promise.all([import('../../io/catalog-file.js'), import('../../live/channel.js'), import('../../serve/server.js')]);
    const catalog = await readCatalogFile(args.catalog);
    const channel = args.attach !== undefined ? await ControlChannel.open(args.attach) : null;
    const server = await startServer({ catalog, catalogPath: args.catalog, sourceRoot: args.root, profileDir: args.profiles ?? join(dirname(args.catalog), 'profiles'), channel }, { host: args.host, port: args.port });
    process.stdout.write(`kmark: serving ${catalog.markers.length} markers${channel ? `, attached to ${args.attach}` : ''} at\n${server.url}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    channel?.close();
    return 0;
  },
});
