// CSRF protection of the action routes (lib/server/csrf.ts): the token is bound to the session
// cookie (another session's token or a forged one is refused), a cross-site Origin or
// Sec-Fetch-Site is refused even with the right token, a missing token is refused naming the
// header, and bearer-token requests are exempt.
import { describe, expect, it } from 'vitest';
import { resolveAccessConfig } from '../../../lib/server/auth/access-config.ts';
import { BEARER_IDENTITY } from '../../../lib/server/auth/authenticate.ts';
import { LOCAL_IDENTITY, type Identity } from '../../../lib/server/auth/identity.ts';
import { SESSION_COOKIE } from '../../../lib/server/auth/session-cookie.ts';
import { CSRF_HEADER, csrfProblem, csrfToken } from '../../../lib/server/csrf.ts';

const SIGNED_IN = resolveAccessConfig({ STEPLENS_AUTH_TOKEN: 't'.repeat(40) });
const OFF = resolveAccessConfig({});
const SESSION: Identity = { subject: 'oidc:alice', name: 'alice', role: 'operator', credential: 'session' };

function headers(entries: Record<string, string>): Headers {
  return new Headers({ host: '127.0.0.1:3000', ...entries });
}
const withCookie = (value: string, extra: Record<string, string> = {}) => headers({ cookie: `other=1; ${SESSION_COOKIE}=${value}`, ...extra });

describe('csrfToken', () => {
  it('is bound to the session cookie: another cookie value gets another token, the same one the same', () => {
    const a = csrfToken(withCookie('session-a'), SESSION, SIGNED_IN);
    const b = csrfToken(withCookie('session-b'), SESSION, SIGNED_IN);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b).not.toBe(a);
    expect(csrfToken(withCookie('session-a'), SESSION, SIGNED_IN)).toBe(a);
  });

  it('depends on the key: the same session under another secret gets another token', () => {
    const other = resolveAccessConfig({ STEPLENS_AUTH_TOKEN: 'u'.repeat(40) });
    expect(csrfToken(withCookie('s'), SESSION, other)).not.toBe(csrfToken(withCookie('s'), SESSION, SIGNED_IN));
  });

  it('is null for bearer clients (they need none) and stable per process with sign-in off', () => {
    expect(csrfToken(headers({}), BEARER_IDENTITY, SIGNED_IN)).toBeNull();
    const local = csrfToken(headers({}), LOCAL_IDENTITY, OFF);
    expect(local).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfToken(headers({}), LOCAL_IDENTITY, OFF)).toBe(local);
  });
});

describe('csrfProblem', () => {
  it('passes the session its own token from its own origin', () => {
    const token = csrfToken(withCookie('s1'), SESSION, SIGNED_IN) as string;
    expect(csrfProblem(withCookie('s1', { [CSRF_HEADER]: token, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }), SESSION, SIGNED_IN)).toBeNull();
    // No Origin (a script with the cookie) is judged by the token alone.
    expect(csrfProblem(withCookie('s1', { [CSRF_HEADER]: token }), SESSION, SIGNED_IN)).toBeNull();
  });

  it('refuses a missing token, naming the header', () => {
    expect(csrfProblem(withCookie('s1'), SESSION, SIGNED_IN)).toMatch(/missing CSRF token.*x-steplens-csrf/);
    expect(csrfProblem(withCookie('s1', { [CSRF_HEADER]: '' }), SESSION, SIGNED_IN)).toMatch(/missing CSRF token/);
    expect(csrfProblem(headers({}), LOCAL_IDENTITY, OFF)).toMatch(/missing CSRF token/);
  });

  it("refuses another session's token, a truncated one and a made-up one", () => {
    const theirs = csrfToken(withCookie('s2'), SESSION, SIGNED_IN) as string;
    const mine = csrfToken(withCookie('s1'), SESSION, SIGNED_IN) as string;
    for (const sent of [theirs, mine.slice(0, -1), 'x'.repeat(43), `${mine}x`]) {
      expect(csrfProblem(withCookie('s1', { [CSRF_HEADER]: sent }), SESSION, SIGNED_IN)).toMatch(/does not match this session/);
    }
  });

  it('refuses a cross-site Origin or Sec-Fetch-Site even with the right token', () => {
    const token = csrfToken(withCookie('s1'), SESSION, SIGNED_IN) as string;
    expect(csrfProblem(withCookie('s1', { [CSRF_HEADER]: token, origin: 'https://evil.example' }), SESSION, SIGNED_IN)).toMatch(/Origin https:\/\/evil\.example is not this dashboard/);
    expect(csrfProblem(withCookie('s1', { [CSRF_HEADER]: token, 'sec-fetch-site': 'cross-site' }), SESSION, SIGNED_IN)).toMatch(/Sec-Fetch-Site/);
    // Loopback with sign-in off is as open to a page on another site: the same checks hold.
    const local = csrfToken(headers({}), LOCAL_IDENTITY, OFF) as string;
    expect(csrfProblem(headers({ [CSRF_HEADER]: local, origin: 'http://localhost:8080' }), LOCAL_IDENTITY, OFF)).toMatch(/cross-site request refused/);
    expect(csrfProblem(headers({ [CSRF_HEADER]: local }), LOCAL_IDENTITY, OFF)).toBeNull();
  });

  it('checks the Origin against STEPLENS_PUBLIC_URL behind a proxy', () => {
    const proxied = resolveAccessConfig({ STEPLENS_AUTH_TOKEN: 't'.repeat(40), STEPLENS_PUBLIC_URL: 'https://steplens.example.com' });
    const token = csrfToken(withCookie('s1'), SESSION, proxied) as string;
    expect(csrfProblem(withCookie('s1', { [CSRF_HEADER]: token, origin: 'https://steplens.example.com' }), SESSION, proxied)).toBeNull();
    expect(csrfProblem(withCookie('s1', { [CSRF_HEADER]: token, origin: 'http://127.0.0.1:3000' }), SESSION, proxied)).toMatch(/not this dashboard/);
  });

  it('exempts bearer-token requests (no ambient credential to ride on)', () => {
    expect(csrfProblem(headers({ origin: 'https://evil.example' }), BEARER_IDENTITY, SIGNED_IN)).toBeNull();
  });
});
