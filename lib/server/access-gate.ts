// What proxy.ts decides before any page or route runs (DESIGN.md §2.7): the Host check, then, with
// authentication configured, whether the request may in — a page without a session goes to
// /login?next=…, an API request gets 401 JSON. Route handlers check again (withRoute), so a
// route is never open because this gate was skipped.
import { authenticationEnabled, type AccessConfig } from './auth/access-config.ts';
import { authenticate, identityOf } from './auth/authenticate.ts';
import type { Identity } from './auth/identity.ts';
import { hostAllowed, type ListenAddress } from './host-check.ts';

export type GateVerdict = { kind: 'pass'; identity: Identity | null } | { kind: 'respond'; response: Response };

/**
 * What answers without a session even when authentication is on: the sign-in page and routes,
 * the minimal health check, and the static assets the sign-in page needs (code, no data).
 * Methods not listed still need a session.
 */
export const PUBLIC_ROUTES: ReadonlyArray<{ path: string; methods: readonly string[] }> = [
  { path: '/login', methods: ['GET', 'HEAD'] },
  { path: '/api/health', methods: ['GET', 'HEAD'] },
  { path: '/api/auth/login', methods: ['POST'] },
  { path: '/api/auth/logout', methods: ['POST'] },
  { path: '/api/auth/oidc/login', methods: ['GET', 'HEAD'] },
  { path: '/api/auth/oidc/callback', methods: ['GET', 'HEAD'] },
  { path: '/favicon.ico', methods: ['GET', 'HEAD'] },
];
const PUBLIC_PREFIXES = ['/_next/static/'];

export function isPublic(method: string, pathname: string): boolean {
  if ((method === 'GET' || method === 'HEAD') && PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix))) return true;
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return PUBLIC_ROUTES.some((route) => route.path === path && route.methods.includes(method));
}

export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

export interface GateRequest {
  method: string;
  url: URL;
  headers: Headers;
}

export async function accessGate(request: GateRequest, config: AccessConfig, listen: ListenAddress): Promise<GateVerdict> {
  if (!hostAllowed(request.headers.get('host'), listen)) {
    return respond(
      new Response(`421 Misdirected Request: this dashboard listens on ${listen.host} and answers only Host: localhost, 127.0.0.1 or [::1]${listen.port ? `:${listen.port}` : ''}\n`, {
        status: 421,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      }),
    );
  }
  if (!authenticationEnabled(config) || isPublic(request.method, request.url.pathname)) return { kind: 'pass', identity: null };

  const authentication = await authenticate(request.headers, config);
  const identity = identityOf(authentication);
  if (identity) return { kind: 'pass', identity };
  if (authentication.kind === 'rate-limited') return respond(rateLimitedResponse(authentication.retryAfterSeconds));
  const page = !isApiPath(request.url.pathname) && (request.method === 'GET' || request.method === 'HEAD');
  // A page without any credential is a person: to the sign-in page. A wrong bearer token is a
  // script's mistake: 401, as on the API.
  if (page && authentication.kind === 'anonymous') {
    // Absolute: Next.js refuses a relative Location from a proxy.
    const location = new URL(loginLocation(request.url), config.publicUrl ?? request.url).href;
    return respond(new Response(null, { status: 307, headers: { location } }));
  }
  return respond(unauthorizedResponse(authentication.kind === 'wrong-token'));
}

/** /login?next=<the page asked for>, without Next.js's own `_rsc` cache-busting parameter. */
export function loginLocation(url: URL): string {
  const next = new URL(url.href);
  next.searchParams.delete('_rsc');
  const target = `${next.pathname}${next.search}`;
  return target === '/' ? '/login' : `/login?next=${encodeURIComponent(target)}`;
}

export function unauthorizedResponse(wrongToken: boolean): Response {
  const error = wrongToken
    ? 'authentication failed: the bearer token is not the configured STEPLENS_AUTH_TOKEN'
    : 'authentication required: send Authorization: Bearer <STEPLENS_AUTH_TOKEN>, or sign in at /login';
  return Response.json({ error }, { status: 401, headers: { 'www-authenticate': `Bearer realm="steplens"${wrongToken ? ', error="invalid_token"' : ''}` } });
}

export function rateLimitedResponse(retryAfterSeconds: number): Response {
  return Response.json(
    { error: `too many failed sign-in attempts from this address: try again in ${retryAfterSeconds} s` },
    { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
  );
}

function respond(response: Response): GateVerdict {
  return { kind: 'respond', response };
}
