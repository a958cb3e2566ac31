import { describe, expect, it } from 'vitest';
import { accessGate, isPublic, loginLocation } from '../../../lib/server/access-gate.ts';
import { resolveAccessConfig } from '../../../lib/server/auth/access-config.ts';

const TOKEN = 'gate-test-token-0123456789abcdef0123';
const on = resolveAccessConfig({ STEPLENS_AUTH_TOKEN: TOKEN });
const off = resolveAccessConfig({});
const listen = { host: '127.0.0.1', port: 3000 };

function request(path: string, headers: Record<string, string> = {}, method = 'GET') {
  // Each call its own address: wrong tokens are counted per address.
  return { method, url: new URL(`http://127.0.0.1:3000${path}`), headers: new Headers({ host: '127.0.0.1:3000', 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250)}`, ...headers }) };
}

describe('accessGate', () => {
  it('with sign-in on: a page without a session goes to /login?next=, an API request gets 401 JSON', async () => {
    const page = await accessGate(request('/executions?status=FAILED&_rsc=abc'), on, listen);
    expect(page.kind === 'respond' && page.response.status).toBe(307);
    expect(page.kind === 'respond' && page.response.headers.get('location')).toBe('http://127.0.0.1:3000/login?next=%2Fexecutions%3Fstatus%3DFAILED');
    const api = await accessGate(request('/api/executions'), on, listen);
    expect(api.kind === 'respond' && api.response.status).toBe(401);
    expect(api.kind === 'respond' && (await api.response.json()).error).toMatch(/^authentication required/);
    // A page asked for with a wrong bearer token is a script's mistake: 401, not a redirect.
    const script = await accessGate(request('/executions', { authorization: 'Bearer wrong' }), on, listen);
    expect(script.kind === 'respond' && script.response.status).toBe(401);
  });

  it('with sign-in on: the bearer token passes, on pages too, with the operator identity', async () => {
    for (const path of ['/', '/executions', '/api/state-machines']) {
      const verdict = await accessGate(request(path, { authorization: `Bearer ${TOKEN}` }), on, listen);
      expect(verdict).toEqual({ kind: 'pass', identity: expect.objectContaining({ role: 'operator', credential: 'bearer' }) });
    }
  });

  it('lets the sign-in page, its routes, health and static files through without a session', async () => {
    for (const [method, path] of [
      ['GET', '/login'],
      ['GET', '/login/'],
      ['POST', '/api/auth/login'],
      ['POST', '/api/auth/logout'],
      ['GET', '/api/auth/oidc/login'],
      ['GET', '/api/auth/oidc/callback'],
      ['GET', '/api/health'],
      ['GET', '/_next/static/chunks/main.js'],
    ] as const) {
      expect(isPublic(method, path), `${method} ${path}`).toBe(true);
      expect(await accessGate(request(path, {}, method), on, listen), `${method} ${path}`).toEqual({ kind: 'pass', identity: null });
    }
    // Not other methods of them, and nothing else under /_next.
    for (const [method, path] of [['POST', '/api/health'], ['DELETE', '/login'], ['GET', '/api/auth/session'], ['GET', '/_next/image'], ['POST', '/_next/static/x']] as const) {
      expect(isPublic(method, path), `${method} ${path}`).toBe(false);
    }
  });

  it('with sign-in off: everything passes, but only for this machine’s Host names (421 otherwise)', async () => {
    expect(await accessGate(request('/api/executions'), off, listen)).toEqual({ kind: 'pass', identity: null });
    const rebound = await accessGate(request('/api/executions', { host: 'evil.example:3000' }), off, listen);
    expect(rebound.kind === 'respond' && rebound.response.status).toBe(421);
    const onNetwork = await accessGate(request('/api/health', { host: 'steplens.example.com' }), on, { host: '0.0.0.0', port: 3000 });
    expect(onNetwork.kind).toBe('pass');
  });

  it('loginLocation keeps the page and its query, not the RSC marker', () => {
    expect(loginLocation(new URL('http://h/executions/arn%3Ax?run=2&_rsc=1'))).toBe('/login?next=%2Fexecutions%2Farn%253Ax%3Frun%3D2');
    expect(loginLocation(new URL('http://h/'))).toBe('/login');
  });
});
