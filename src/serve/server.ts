/**
 * `kmark serve`'s HTTP server: the page's static files and its API
 * (src/serve/api.ts), behind the guard (src/serve/guard.ts). It listens on
 * 127.0.0.1 unless told otherwise; nothing is served from anywhere but
 * src/serve/assets and the API's own files.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { packagePath } from '../io/package-root.js';
import { ApiError, GET_ROUTES, POST_ROUTES, streamEvents, type ApiContext } from './api.js';
import { refusal, type Guard } from './guard.js';

const ASSETS: Readonly<Record<string, string>> = {
  '/': 'index.html',
  '/app.js': 'app.js',
  '/style.css': 'style.css',
};
const TYPES: Readonly<Record<string, string>> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
const HEADERS = {
  'Content-Security-Policy': "default-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};
const MAX_BODY = 1 << 20;

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
}

export interface RunningServer {
  /** The page's address, with the run's token. */
  readonly url: string;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { ...HEADERS, 'Content-Type': type });
  response.end(body);
}

const sendJson = (response: ServerResponse, status: number, value: unknown): void => send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));

async function readBody(request: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new ApiError(413, 'request body too large');
    chunks.push(chunk);
  }
  if (size === 0) return null;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiError(400, 'the body is not JSON');
  }
}

async function handle(context: ApiContext, guard: Guard, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const refused = refusal(guard, request, url);
  if (refused !== null) return sendJson(response, 403, { error: refused });
  const asset = ASSETS[url.pathname];
  if (request.method === 'GET' && asset !== undefined) {
    return send(response, 200, TYPES[asset.split('.').pop()!]!, readFileSync(packagePath(`src/serve/assets/${asset}`)));
  }
  if (url.pathname === '/favicon.ico') return void response.writeHead(204, HEADERS).end();
  if (request.method === 'GET' && url.pathname === '/api/events') return streamEvents(context, response);
  const route = request.method === 'GET' ? GET_ROUTES[url.pathname] : request.method === 'POST' ? POST_ROUTES[url.pathname] : undefined;
  if (route === undefined) return sendJson(response, 404, { error: 'not found' });
  const body = request.method === 'POST' ? await readBody(request) : null;
  sendJson(response, 200, await route(context, url, body));
}

export function startServer(context: ApiContext, options: ServeOptions): Promise<RunningServer> {
  const token = randomBytes(16).toString('hex');
  const hosts: string[] = [];
  const guard: Guard = { token, hosts };
  const server = createServer((request, response) => {
    handle(context, guard, request, response).catch((error: unknown) => {
      const status = error instanceof ApiError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (!response.headersSent) sendJson(response, status, { error: message });
      else response.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      hosts.push(`${host}:${port}`);
      if (options.host === '127.0.0.1') hosts.push(`localhost:${port}`);
      resolve({
        url: `http://${host}:${port}/?token=${token}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
