import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  API_ROUTE_METHODS,
  PAGE_DEFAULT_METHODS,
  PAGE_METHODS,
  apiRouteMethods,
  matchRoute,
  pathnameOf,
  requestPolicy,
  undecodableSegment,
  type RequestVerdict,
} from '../../../lib/server/request-policy';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const ARN = encodeURIComponent('arn:aws:states:us-east-1:123456789012:execution:m:e');
const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'];

function refusal(verdict: RequestVerdict) {
  if (verdict.kind !== 'refuse') throw new Error(`expected a refusal, got ${verdict.kind}`);
  return { status: verdict.status, headers: verdict.headers, body: verdict.headers['content-type']?.startsWith('application/json') ? (JSON.parse(verdict.body) as unknown) : verdict.body };
}

describe('requestPolicy: API routes', () => {
  it('serves the methods a route exports, and HEAD and OPTIONS, which Next.js answers for it', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(requestPolicy(method, `/api/executions/${ARN}?runs=slim`)).toEqual({ kind: 'serve' });
    expect(requestPolicy('POST', '/api/auth/login')).toEqual({ kind: 'serve' });
  });

  it('refuses any other method with 405, an Allow header and a JSON error naming the method and the route', () => {
    expect(refusal(requestPolicy('TRACE', `/api/executions/${ARN}/events`))).toEqual({
      status: 405,
      headers: { 'content-type': 'application/json', allow: 'GET, HEAD, OPTIONS' },
      body: { error: 'method: "TRACE" is not allowed on /api/executions/[arn]/events (allowed: GET, HEAD, OPTIONS)' },
    });
    expect(refusal(requestPolicy('DELETE', '/api/auth/login'))).toMatchObject({ status: 405, headers: { allow: 'POST, OPTIONS' } });
    expect(refusal(requestPolicy('GET', '/api/auth/logout'))).toMatchObject({ status: 405, headers: { allow: 'POST, OPTIONS' } });
  });

  it('refuses a path segment that is not %-encoded UTF-8 with 400 naming path and quoting the segment', () => {
    for (const segment of ['%E0%A4%A', '%zz', '%', '%C0%AF', '%ED%A0%80', '%FF']) {
      for (const template of [`/api/executions/${segment}`, `/api/executions/${segment}/events`, `/api/executions/${ARN}/runs/${segment}`, `/api/state-machines/x/states/${segment}`]) {
        const answer = refusal(requestPolicy('GET', template));
        expect(answer.status, template).toBe(400);
        expect(answer.body, template).toEqual({ error: `path: ${JSON.stringify(segment)} is not valid percent-encoded UTF-8 (encode each ARN with encodeURIComponent)` });
      }
    }
    // Checked before the method: TRACE on an undecodable path is the 400.
    expect(refusal(requestPolicy('TRACE', '/api/executions/%zz')).status).toBe(400);
  });

  it('answers 404 naming the path for an /api path no route serves', () => {
    expect(refusal(requestPolicy('GET', '/api/nothing?x=1'))).toEqual({ status: 404, headers: { 'content-type': 'application/json' }, body: { error: 'no such API route: "/api/nothing"' } });
    expect(refusal(requestPolicy('GET', '/api/executions//events')).status).toBe(404);
    expect(refusal(requestPolicy('GET', '/api')).status).toBe(404);
    const long = refusal(requestPolicy('GET', `/api/${'x'.repeat(5000)}`)).body as { error: string };
    expect(long.error.length).toBeLessThan(200);
  });
});

describe('requestPolicy: pages', () => {
  it('serves GET and HEAD, and refuses other methods with a plain-text 405 and Allow: GET, HEAD', () => {
    expect(requestPolicy('GET', `/executions/${ARN}`)).toEqual({ kind: 'serve' });
    expect(requestPolicy('HEAD', '/')).toEqual({ kind: 'serve' });
    for (const method of ['TRACE', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const answer = refusal(requestPolicy(method, '/executions'));
      expect(answer).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' } });
      expect(answer.body).toContain(method);
    }
  });

  it('renders the 404 page for a page path that cannot be decoded (it names no execution)', () => {
    expect(requestPolicy('GET', '/executions/%E0%A4%A')).toEqual({ kind: 'not-found-page' });
    expect(requestPolicy('GET', '/state-machines/%zz?x=1')).toEqual({ kind: 'not-found-page' });
    expect(requestPolicy('GET', '/_next/static/%')).toEqual({ kind: 'not-found-page' });
    // The method first: POST to such a page is a 405, like any POST to a page.
    expect(refusal(requestPolicy('POST', '/executions/%zz')).status).toBe(405);
  });
});

describe('the parts', () => {
  it('pathnameOf takes the path of origin-form and absolute-form targets', () => {
    expect(pathnameOf('/api/executions?limit=1#x')).toBe('/api/executions');
    expect(pathnameOf('http://127.0.0.1:3000/api/health?x')).toBe('/api/health');
    expect(pathnameOf('http://127.0.0.1:3000')).toBe('/');
    expect(pathnameOf('*')).toBe('/*');
  });

  it('undecodableSegment finds the first segment decodeURIComponent refuses', () => {
    expect(undecodableSegment('/api/executions/arn%3Aaws')).toBeNull();
    expect(undecodableSegment('/api/executions/%25zz/%00')).toBeNull();
    expect(undecodableSegment('/a/%zz/%E0%A4%A')).toBe('%zz');
    expect(undecodableSegment('/a/b%')).toBe('b%');
  });

  it('matchRoute prefers static segments from the left, as Next.js does, and ignores a trailing slash', () => {
    const patterns = ['/api/executions/[arn]', '/api/executions/diff', '/api/executions/[arn]/events'];
    expect(matchRoute('/api/executions/diff', patterns)).toBe('/api/executions/diff');
    expect(matchRoute('/api/executions/diff/', patterns)).toBe('/api/executions/diff');
    expect(matchRoute(`/api/executions/${ARN}`, patterns)).toBe('/api/executions/[arn]');
    expect(matchRoute('/api/executions/diff/events', patterns)).toBe('/api/executions/[arn]/events');
    expect(matchRoute('/api/executions', patterns)).toBeNull();
  });

  it('apiRouteMethods adds what Next.js answers itself', () => {
    expect(apiRouteMethods(['GET'])).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(apiRouteMethods(['POST'])).toEqual(['POST', 'OPTIONS']);
  });
});

// The table must be the app: a route added without its entry would be refused in production.
function files(dir: string, name: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return files(full, name);
    return entry === name ? [full] : [];
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (entry === 'node_modules' || entry === 'generated') return [];
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry) ? [full] : [];
  });
}

function patternOf(file: string, root: string): string {
  const relative = path.relative(root, path.dirname(file)).split(path.sep).join('/');
  return relative === '' ? '/' : `/${relative}`;
}

describe('API_ROUTE_METHODS and PAGE_METHODS are the app', () => {
  it('lists every app/api route with exactly the HTTP methods its route.ts exports', async () => {
    const app = path.join(ROOT, 'app');
    const exported: Record<string, string[]> = {};
    for (const file of files(path.join(app, 'api'), 'route.ts')) {
      const routeModule = (await import(file)) as Record<string, unknown>;
      exported[patternOf(file, app)] = HTTP_METHODS.filter((method) => typeof routeModule[method] === 'function');
    }
    const table = Object.fromEntries(Object.entries(API_ROUTE_METHODS).map(([route, methods]) => [route, [...methods].sort()]));
    const actual = Object.fromEntries(Object.entries(exported).map(([route, methods]) => [route, methods.sort()]));
    // On a failure: add (or fix) the route's line in lib/server/request-policy.ts API_ROUTE_METHODS.
    expect(table).toEqual(actual);
  }, 60_000);

  it('serves pages read-only: no server action anywhere (one would post to its page: PAGE_METHODS must list it)', () => {
    const app = path.join(ROOT, 'app');
    const pages = files(app, 'page.tsx').map((page) => patternOf(page, app));
    expect(pages).toContain('/executions/[arn]');
    for (const pattern of Object.keys(PAGE_METHODS)) expect(pages).toContain(pattern);
    if (Object.keys(PAGE_METHODS).length === 0) {
      const sources = ['app', 'components', 'lib'].flatMap((folder) => sourceFiles(path.join(ROOT, folder)));
      const actions = sources.filter((file) => /^\s*['"]use server['"]/m.test(readFileSync(file, 'utf8')));
      expect(actions).toEqual([]);
    }
    expect(PAGE_DEFAULT_METHODS).toEqual(['GET', 'HEAD']);
  });
});
