import { describe, expect, it } from 'vitest';
import { resolveAccessConfig } from '../../../../lib/server/auth/access-config.ts';
import { authenticate } from '../../../../lib/server/auth/authenticate.ts';
import { SignInLimiter } from '../../../../lib/server/auth/sign-in-limiter.ts';
import { signOut, tokenSignIn } from '../../../../lib/server/auth/token-sign-in.ts';

const TOKEN = 'sign-in-test-token-0123456789abcdef';
const config = resolveAccessConfig({ STEPLENS_AUTH_TOKEN: TOKEN });
const ORIGIN = 'http://127.0.0.1:3000';

function formPost(fields: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}/api/auth/login`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { host: '127.0.0.1:3000', origin: ORIGIN, 'x-forwarded-for': '203.0.113.9', ...headers },
  });
}

function jsonPost(body: unknown, address = '203.0.113.10'): Request {
  return new Request(`${ORIGIN}/api/auth/login`, { method: 'POST', body: JSON.stringify(body), headers: { host: '127.0.0.1:3000', 'content-type': 'application/json', 'x-forwarded-for': address } });
}

describe('token sign-in (POST /api/auth/login)', () => {
  it('the form with the right token: a session cookie (http-only, SameSite=Lax, with expiry) and back to where one was going', async () => {
    const response = await tokenSignIn(formPost({ token: TOKEN, next: '/executions?status=FAILED' }), config, new SignInLimiter());
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${ORIGIN}/executions?status=FAILED`);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^steplens_session=[\w.-]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/);
    // The cookie is a session authenticate() accepts, as the operator.
    const session = await authenticate(new Headers({ cookie: cookie.split(';')[0] as string }), config, { limiter: new SignInLimiter() });
    expect(session).toEqual({ kind: 'signed-in', identity: { subject: 'token', name: 'token holder', role: 'operator', credential: 'session' } });
  });

  it('is Secure over HTTPS', async () => {
    const response = await tokenSignIn(formPost({ token: TOKEN }, { 'x-forwarded-proto': 'https', origin: 'https://127.0.0.1:3000' }), config, new SignInLimiter());
    expect(response.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('a wrong token: back to /login with the message, no cookie; a JSON client gets 401', async () => {
    const limiter = new SignInLimiter();
    const response = await tokenSignIn(formPost({ token: 'wrong', next: '/compare' }), config, limiter);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${ORIGIN}/login?error=wrong-token&next=%2Fcompare`);
    expect(response.headers.get('set-cookie')).toBeNull();
    const json = await tokenSignIn(jsonPost({ token: 'wrong' }), config, limiter);
    expect(json.status).toBe(401);
    expect(await json.json()).toEqual({ error: 'token: not the configured STEPLENS_AUTH_TOKEN' });
  });

  it('after 10 wrong tokens from an address: 429 with Retry-After, even for the right one', async () => {
    const limiter = new SignInLimiter();
    for (let attempt = 0; attempt < 10; attempt++) expect((await tokenSignIn(jsonPost({ token: `guess-${attempt}` }), config, limiter)).status).toBe(401);
    const limited = await tokenSignIn(jsonPost({ token: TOKEN }), config, limiter);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    const page = await tokenSignIn(formPost({ token: TOKEN }, { 'x-forwarded-for': '203.0.113.10' }), config, limiter);
    expect(page.status).toBe(429);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Too many sign-in attempts');
    // Another address signs in.
    expect((await tokenSignIn(jsonPost({ token: TOKEN }, '203.0.113.11'), config, limiter)).status).toBe(200);
  });

  it('refuses a post from another site, and a missing token without counting it', async () => {
    const limiter = new SignInLimiter();
    const crossSite = await tokenSignIn(formPost({ token: TOKEN }, { origin: 'https://evil.example' }), config, limiter);
    expect(crossSite.headers.get('location')).toBe(`${ORIGIN}/login?error=cross-site`);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    for (let attempt = 0; attempt < 12; attempt++) expect((await tokenSignIn(jsonPost({}), config, limiter)).status).toBe(400);
    expect((await tokenSignIn(jsonPost({ token: TOKEN }), config, limiter)).status).toBe(200);
  });

  it('says token sign-in is off when no token is configured', async () => {
    const oidcOnly = resolveAccessConfig({ STEPLENS_OIDC_ISSUER: 'https://id.example.com', STEPLENS_OIDC_CLIENT_ID: 'c', STEPLENS_OIDC_CLIENT_SECRET: 's' });
    const response = await tokenSignIn(formPost({ token: TOKEN }), oidcOnly, new SignInLimiter());
    expect(response.headers.get('location')).toBe(`${ORIGIN}/login?error=token-off`);
  });
});

describe('sign-out (POST /api/auth/logout)', () => {
  it('clears the cookie; the form lands on /login', async () => {
    const form = signOut(formPost({}), config);
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe(`${ORIGIN}/login?error=signed-out`);
    expect(form.headers.get('set-cookie')).toBe('steplens_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax');
    const json = signOut(jsonPost({}), config);
    expect(await json.json()).toEqual({ ok: true });
  });
});
