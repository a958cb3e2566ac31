// What the dashboard's HTTP server refuses before Next.js sees a request (lib/cli serve-command).
// Some requests cannot be refused any later: Next.js decodes a dynamic segment before any route
// code runs and answers a malformed %-escape (`%zz`, `%E0%A4%A`, a lone `%`) with a bare 500, and
// a TRACE request makes the WHATWG Request constructor throw inside Next.js (another 500) — a
// proxy.ts sees neither in time. So the server asks this pure function first:
//   - a path segment that is not valid %-encoded UTF-8 → 400 `{"error": "path: …"}` on /api, the
//     404 page elsewhere (such a URL names no execution);
//   - an /api path no route serves → 404 `{"error"}` (Next.js would answer its HTML 404 page);
//   - a method the route does not serve → 405 with an Allow header (JSON on /api).
// The routes and their methods are ROUTE_METHODS below; tests/unit/server/request-policy.test.ts
// checks it against the exports of every app/api route.ts and every app page, so a route added
// without its entry fails the tests rather than being refused in production.

/** The API's routes (Next.js patterns: `[name]` is one segment) and the methods each exports. */
export const API_ROUTE_METHODS: Readonly<Record<string, readonly string[]>> = {
  '/api/health': ['GET'],
  '/api/state-machines': ['GET'],
  '/api/state-machines/[arn]/states': ['GET'],
  '/api/state-machines/[arn]/series': ['GET'],
  '/api/state-machines/[arn]/states/[stateName]': ['GET'],
  '/api/failure-clusters': ['GET'],
  '/api/compare': ['GET'],
  '/api/executions': ['GET'],
  '/api/executions/diff': ['GET'],
  '/api/executions/[arn]': ['GET'],
  '/api/executions/[arn]/events': ['GET'],
  '/api/executions/[arn]/runs/[index]': ['GET'],
  '/api/executions/[arn]/test-case': ['GET'],
  '/api/executions/[arn]/replay': ['POST'],
  '/api/map-runs/[arn]': ['GET'],
  '/api/executions/[arn]/actions': ['GET'],
  '/api/executions/[arn]/stop': ['POST'],
  '/api/executions/[arn]/redrive': ['POST'],
  '/api/executions/[arn]/start-again': ['POST'],
  '/api/audit': ['GET'],
  '/api/alerts': ['GET'],
  '/api/alerts/deliveries': ['GET'],
  '/api/auth/login': ['POST'],
  '/api/auth/logout': ['POST'],
  '/api/auth/session': ['GET'],
  '/api/auth/oidc/login': ['GET'],
  '/api/auth/oidc/callback': ['GET'],
};

/**
 * Methods of the pages (and of Next.js's own files under /_next): read-only, as no page has a
 * server action. A page that gains one (a form posting to itself) is listed in PAGE_METHODS.
 */
export const PAGE_DEFAULT_METHODS: readonly string[] = ['GET', 'HEAD'];
export const PAGE_METHODS: Readonly<Record<string, readonly string[]>> = {};

/** What the server does with a request. */
export type RequestVerdict =
  | { kind: 'serve' }
  /** Answer at once: status, headers (content-type, allow) and body. */
  | { kind: 'refuse'; status: 400 | 404 | 405; headers: Record<string, string>; body: string }
  /** Let Next.js render the app's 404 page (for a page URL that cannot name anything). */
  | { kind: 'not-found-page' };

/** Longest piece of the request a message quotes (the rest is elided). */
const QUOTE_LIMIT = 120;

/**
 * The verdict for `method` on `target` (the request line's target: path and query, as sent).
 * Pure: no I/O; the server applies it.
 */
export function requestPolicy(method: string, target: string): RequestVerdict {
  const pathname = pathnameOf(target);
  if (pathname === '/api' || pathname.startsWith('/api/')) return apiPolicy(method, pathname);
  const page = matchRoute(pathname, Object.keys(PAGE_METHODS));
  const allowed = page === null ? PAGE_DEFAULT_METHODS : (PAGE_METHODS[page] ?? PAGE_DEFAULT_METHODS);
  if (!allowed.includes(method)) {
    return {
      kind: 'refuse',
      status: 405,
      headers: { 'content-type': 'text/plain; charset=utf-8', allow: allowed.join(', ') },
      body: `405 Method Not Allowed: ${quote(method)} (this page answers ${allowed.join(', ')})\n`,
    };
  }
  return undecodableSegment(pathname) === null ? { kind: 'serve' } : { kind: 'not-found-page' };
}

/** An API request: the path must decode (400), name a route (404), with a method it serves (405). */
function apiPolicy(method: string, pathname: string): RequestVerdict {
  const bad = undecodableSegment(pathname);
  if (bad !== null) return refuseJson(400, `path: ${quote(bad)} is not valid percent-encoded UTF-8 (encode each ARN with encodeURIComponent)`);
  const route = matchRoute(pathname, Object.keys(API_ROUTE_METHODS));
  if (route === null) return refuseJson(404, `no such API route: ${quote(pathname)}`);
  const allowed = apiRouteMethods(API_ROUTE_METHODS[route] ?? []);
  if (allowed.includes(method)) return { kind: 'serve' };
  return refuseJson(405, `method: ${quote(method)} is not allowed on ${route} (allowed: ${allowed.join(', ')})`, { allow: allowed.join(', ') });
}

/**
 * The methods an API route answers: what its route.ts exports, plus what Next.js answers itself:
 * HEAD for a route that exports GET (GET without a body), OPTIONS for every route (an Allow header).
 */
export function apiRouteMethods(exported: readonly string[]): string[] {
  const methods = new Set(exported);
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods];
}

/** The path of a request target (an origin-form `/p?q`, or an absolute-form `http://h/p?q`). */
export function pathnameOf(target: string): string {
  let path = target;
  if (!path.startsWith('/')) {
    const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(path);
    path = scheme ? path.slice(scheme[0].length) || '/' : `/${path}`;
  }
  const end = path.search(/[?#]/);
  return end === -1 ? path : path.slice(0, end);
}

/**
 * The first segment of `pathname` that decodeURIComponent refuses (a malformed %-escape, or
 * escapes that are not UTF-8: overlong forms, surrogates, stray continuation bytes), else null.
 */
export function undecodableSegment(pathname: string): string | null {
  if (!pathname.includes('%')) return null;
  for (const segment of pathname.split('/')) {
    if (!segment.includes('%')) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}

/**
 * The pattern of `patterns` that `pathname` matches (`[name]` matches any one non-empty segment; a
 * trailing slash is ignored), preferring static segments to dynamic ones from the left, as Next.js
 * does (`/api/executions/diff` before `/api/executions/[arn]`). Null when none matches.
 */
export function matchRoute(pathname: string, patterns: readonly string[]): string | null {
  const segments = trimSlash(pathname).split('/');
  let best: { pattern: string; rank: string } | null = null;
  for (const pattern of patterns) {
    const parts = pattern.split('/');
    if (parts.length !== segments.length) continue;
    let rank = '';
    let matches = true;
    for (const [i, part] of parts.entries()) {
      const dynamic = part.startsWith('[') && part.endsWith(']');
      if (dynamic ? segments[i] === '' : part !== segments[i]) {
        matches = false;
        break;
      }
      rank += dynamic ? '1' : '0';
    }
    if (matches && (best === null || rank < best.rank)) best = { pattern, rank };
  }
  return best?.pattern ?? null;
}

function trimSlash(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
}

function refuseJson(status: 400 | 404 | 405, error: string, headers: Record<string, string> = {}): RequestVerdict {
  return { kind: 'refuse', status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ error }) };
}

/** A piece of the request for a message: JSON-quoted (control characters escaped), at most QUOTE_LIMIT characters. */
function quote(text: string): string {
  return JSON.stringify(text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text);
}
