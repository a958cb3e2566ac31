import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_ROUTES } from '../../../lib/server/access-gate.ts';
import { appRoutes } from '../../helpers/app-routes';
import { serveStoreToRoutes } from '../../helpers/route-handlers';
import { repoRoot } from '../../helpers/run-steplens';

// Defence in depth (DESIGN.md §2.7): every route handler in app/api refuses a request without a
// session by itself (withRoute), as if proxy.ts had been bypassed — called here directly, with
// the routes found on disk, so a new route is covered the day it is added.

const TOKEN = 'route-access-test-token-0123456789abcdef';
/** The routes that answer without a session, and what they are for. Adding one is a decision: add it here too. */
const PUBLIC = new Set(['GET /api/health', 'POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/auth/oidc/login', 'GET /api/auth/oidc/callback']);

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

let dir = '';
let restore = () => {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-route-access-'));
  restore = serveStoreToRoutes(`file:${join(dir, 'store.db')}`);
  process.env.STEPLENS_AUTH_TOKEN = TOKEN;
});

afterAll(() => {
  restore();
  rmSync(dir, { recursive: true, force: true });
});

const apiRoutes = appRoutes().filter((route) => route.kind === 'api');

describe('every API route refuses without a session, on its own', () => {
  it('finds the routes on disk', () => {
    expect(apiRoutes.length).toBeGreaterThanOrEqual(15);
    expect(apiRoutes.map((route) => route.pattern)).toContain('/api/executions/[arn]');
  });

  it('the public list is exactly the gate’s (access-gate.ts PUBLIC_ROUTES)', () => {
    const gate = PUBLIC_ROUTES.filter((route) => route.path.startsWith('/api/')).flatMap((route) => route.methods.filter((method) => method !== 'HEAD').map((method) => `${method} ${route.path}`));
    expect(new Set(gate)).toEqual(PUBLIC);
  });

  let routeNumber = 0;
  for (const route of apiRoutes) {
    for (const method of route.methods) {
      // Each route its own client address: ten wrong tokens from one would be rate-limited (429).
      const address = `192.0.2.${++routeNumber}`;
      const name = `${method} ${route.pattern}`;
      it(`${name}: ${PUBLIC.has(name) ? 'public' : '401 without a session, 401 with a wrong bearer token'}`, async () => {
        const routeModule = (await import(pathToFileURL(join(repoRoot, route.file)).href)) as Record<string, Handler>;
        const handler = routeModule[method] as Handler;
        const params = Object.fromEntries([...route.pattern.matchAll(/\[(\w+)\]/g)].map(([, key]) => [key as string, 'x']));
        const call = (headers: Record<string, string>) =>
          handler(new NextRequest(`http://127.0.0.1:3000${route.samplePath}`, { method, headers: { 'x-forwarded-for': address, ...headers } }), { params: Promise.resolve(params) });
        if (PUBLIC.has(name)) {
          expect((await call({})).status).not.toBe(401);
          return;
        }
        const anonymous = await call({});
        expect(anonymous.status).toBe(401);
        expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
        expect((await anonymous.json()).error).toMatch(/^authentication required/);
        const forged = await call({ authorization: 'Bearer not-the-token-at-all-0123456789abcdef', cookie: 'steplens_session=forged' });
        expect(forged.status).toBe(401);
      });
    }
  }

  it('GET /api/health without a session says only ok; with the bearer token, everything', async () => {
    const { GET } = (await import('../../../app/api/health/route.ts')) as unknown as { GET: Handler };
    const ask = (headers: Record<string, string>) => GET(new NextRequest('http://127.0.0.1:3000/api/health', { headers }), { params: Promise.resolve({}) });
    const minimal = await ask({});
    expect(minimal.status).toBe(200);
    expect(await minimal.json()).toEqual({ ok: true });
    const full = await (await ask({ authorization: `Bearer ${TOKEN}` })).json();
    expect(full).toMatchObject({ ok: true, sources: expect.any(Array), poller: expect.any(Object) });
  });
});
