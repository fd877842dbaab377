/**
 * What keeps other web pages and other hosts away from `kmark serve`
 * (docs/live.md): the Host must be the address it listens on (no DNS
 * rebinding), every API request carries the per-run token, and a request
 * that changes state also comes from the page's own Origin.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Guard {
  readonly token: string;
  /** The `host:port` the page is reached at, e.g. `127.0.0.1:8080`. */
  readonly hosts: readonly string[];
}

/** Why the request is refused, or null to serve it. */
export function refusal(guard: Guard, request: IncomingMessage, url: URL): string | null {
  if (!guard.hosts.includes(request.headers.host ?? '')) return 'unknown Host';
  if (!url.pathname.startsWith('/api/')) return null;
  const token = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(guard.token);
  if (token.length !== expected.length || !timingSafeEqual(token, expected)) return 'missing or wrong token';
  if (request.method !== 'GET' && !guard.hosts.some((h) => request.headers.origin === `http://${h}`)) return 'cross-origin request';
  return null;
}
