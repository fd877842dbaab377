/**
 * The page's API over the catalog, the profile folder and, when attached,
 * a running kernel's control channel (docs/live.md). Each route is a
 * function from the request's URL and JSON body to a JSON reply; `events`
 * streams server-sent events instead. The only files read are the catalog,
 * the sources it names (under the source root) and the profile folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { eventObject } from '../decode/event-line.js';
import { recordDecoder } from '../decode/trace-file.js';
import { describeFsError, KmarkError } from '../io/errors.js';
import type { ControlChannel } from '../live/channel.js';
import { matchProfile, parseProfile, profileOf, readProfile, writeProfile } from '../live/profile.js';
import { applyProfile } from '../live/session.js';
import type { Catalog } from '../model/catalog.js';

export interface ApiContext {
  readonly catalog: Catalog;
  readonly catalogPath: string;
  readonly sourceRoot: string;
  readonly profileDir: string;
  readonly channel: ControlChannel | null;
}

/** A refusal the client caused: 4xx with its message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Route = (context: ApiContext, url: URL, body: unknown) => unknown;

const SOURCE_CONTEXT = 8;
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function profilePath(context: ApiContext, url: URL): string {
  const name = url.searchParams.get('name') ?? '';
  if (!PROFILE_NAME.test(name)) throw new ApiError(400, `'${name}': a profile name is letters, digits, '_', '.', '-'`);
  return join(context.profileDir, `${name}.json`);
}

function attached(context: ApiContext): ControlChannel {
  if (context.channel === null) throw new ApiError(409, 'not attached to a kernel: start kmark serve with --attach SOCKET');
  return context.channel;
}

function keysOf(body: unknown): string[] {
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw new ApiError(400, 'give {"keys": [...]}');
  return keys;
}

/** A profile operation's failure (bad file, unknown marker) is the client's to see. */
async function clientErrors<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof KmarkError) throw new ApiError(400, error.message);
    throw error;
  }
}

export const GET_ROUTES: Readonly<Record<string, Route>> = {
  '/api/catalog': (context) => ({ catalog: context.catalogPath, attached: context.channel !== null, markers: context.catalog.markers }),
  '/api/state': async (context) => (await attached(context).list()).map(({ id, armed }) => ({ id, armed })),
  '/api/source': (context, url) => {
    const marker = context.catalog.markers.find((m) => m.id === url.searchParams.get('id'));
    if (!marker) throw new ApiError(404, 'no such marker in the catalog');
    const root = resolve(context.sourceRoot);
    const path = resolve(root, marker.file);
    if (!path.startsWith(root + sep)) throw new ApiError(403, `${marker.file} is outside the source root`);
    let lines: string[];
    try {
      lines = readFileSync(path, 'utf8').split('\n');
    } catch (error) {
      throw new ApiError(404, `${marker.file}: ${describeFsError(error)}`);
    }
    const first = Math.max(1, marker.line - SOURCE_CONTEXT);
    return { file: marker.file, line: marker.line, first, lines: lines.slice(first - 1, marker.line + SOURCE_CONTEXT) };
  },
  '/api/profiles': (context) => {
    try {
      return readdirSync(context.profileDir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5))
        .filter((n) => PROFILE_NAME.test(n))
        .sort();
    } catch {
      return [];
    }
  },
  '/api/profile': (context, url) =>
    clientErrors(() => {
      const profile = readProfile(profilePath(context, url));
      return { profile, ...matchProfile(profile, context.catalog.markers) };
    }),
};

export const POST_ROUTES: Readonly<Record<string, Route>> = {
  '/api/arm': async (context, _url, body) => clientErrors(() => attached(context).change('arm', keysOf(body))),
  '/api/disarm': async (context, _url, body) => clientErrors(() => attached(context).change('disarm', keysOf(body))),
  /** Saves the markers whose ids are given: the page's check boxes, armed or edited offline. */
  '/api/profile/save': (context, url, body) =>
    clientErrors(() => {
      const ids = new Set(keysOf(body));
      const profile = parseProfile(profileOf(context.catalog.markers.filter((m) => ids.has(m.id))), 'the page');
      writeProfile(profilePath(context, url), profile);
      return { saved: profile.markers.length };
    }),
  '/api/profile/load': async (context, url) => clientErrors(() => applyProfile(attached(context), readProfile(profilePath(context, url)))),
};

/** Unsent to a page past which its events are dropped and counted, as the runtime does for a client (docs/live.md). */
const PAGE_BACKLOG = 4 * 1024 * 1024;

/** Decoded events as server-sent events until the page goes away. */
export async function streamEvents(context: ApiContext, response: ServerResponse): Promise<void> {
  const channel = attached(context);
  const decode = recordDecoder(context.catalog);
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
  let lost = 0;
  /** Whether the page takes more now; first it is told what it lost. */
  const room = (): boolean => {
    if (response.writableLength > PAGE_BACKLOG) return false;
    if (lost > 0) response.write(`event: lost\ndata: ${lost}\n\n`);
    lost = 0;
    return true;
  };
  const listener = {
    record: (record: Buffer): void => {
      if (!room()) return void lost++;
      const event = decode(record);
      if (typeof event !== 'string') response.write(`data: ${JSON.stringify(eventObject(event))}\n\n`);
    },
    lost: (count: number): void => {
      lost += count;
      room();
    },
  };
  response.on('drain', room);
  response.on('close', () => channel.unsubscribe(listener));
  await channel.subscribe(listener);
}
