import { describe, expect, it } from 'vitest';
import { resolveAccessConfig } from '../../../../lib/server/auth/access-config.ts';
import { authenticate, bearerToken, BEARER_IDENTITY, clientAddress } from '../../../../lib/server/auth/authenticate.ts';
import { LOCAL_IDENTITY } from '../../../../lib/server/auth/identity.ts';
import { sealSession, SESSION_COOKIE, SESSION_LIFETIME_SECONDS } from '../../../../lib/server/auth/session-cookie.ts';
import { SignInLimiter } from '../../../../lib/server/auth/sign-in-limiter.ts';
import { tokenMatches } from '../../../../lib/server/auth/token-matches.ts';

const TOKEN = '0123456789abcdef0123456789abcdef';
const config = resolveAccessConfig({ STEPLENS_AUTH_TOKEN: TOKEN });
const key = config.cookieKey as Uint8Array;
const alice = { subject: 'oidc:alice', name: 'Alice', role: 'viewer' as const };

function headers(entries: Record<string, string>): Headers {
  return new Headers({ 'x-forwarded-for': '203.0.113.7', ...entries });
}

describe('authenticate', () => {
  it('is the local operator when sign-in is off, whatever the request sends', async () => {
    const open = await authenticate(headers({ authorization: 'Bearer nonsense' }), resolveAccessConfig({}), { limiter: new SignInLimiter() });
    expect(open).toEqual({ kind: 'open', identity: LOCAL_IDENTITY });
    expect(LOCAL_IDENTITY.role).toBe('operator');
  });

  it('accepts the bearer token as the operator, and counts a wrong one against the address', async () => {
    const limiter = new SignInLimiter();
    expect(await authenticate(headers({ authorization: `Bearer ${TOKEN}` }), config, { limiter })).toEqual({ kind: 'signed-in', identity: BEARER_IDENTITY });
    expect(BEARER_IDENTITY).toMatchObject({ role: 'operator', credential: 'bearer' });
    expect(await authenticate(headers({ authorization: `Bearer ${TOKEN}x` }), config, { limiter })).toEqual({ kind: 'wrong-token' });
    expect(await authenticate(headers({}), config, { limiter })).toEqual({ kind: 'anonymous' });
  });

  it('refuses an address after 10 wrong tokens in a minute, even the right token, until the minute is over', async () => {
    const limiter = new SignInLimiter();
    const start = 1_000_000;
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await authenticate(headers({ authorization: `Bearer guess-${attempt}` }), config, { limiter, nowMs: start + attempt })).kind).toBe('wrong-token');
    }
    expect(await authenticate(headers({ authorization: `Bearer ${TOKEN}` }), config, { limiter, nowMs: start + 1000 })).toEqual({ kind: 'rate-limited', retryAfterSeconds: 59 });
    // Another address is not affected; a session cookie is not a guess and still works.
    expect((await authenticate(headers({ authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '198.51.100.1' }), config, { limiter, nowMs: start + 1000 })).kind).toBe('signed-in');
    const cookie = `${SESSION_COOKIE}=${await sealSession(alice, key, start)}`;
    expect((await authenticate(headers({ cookie }), config, { limiter, nowMs: start + 1000 })).kind).toBe('signed-in');
    expect((await authenticate(headers({ authorization: `Bearer ${TOKEN}` }), config, { limiter, nowMs: start + 60_000 })).kind).toBe('signed-in');
  });

  it('reads a session cookie it sealed, until it expires; not a forged, altered or foreign one', async () => {
    const limiter = new SignInLimiter();
    const now = 5_000_000;
    const sealed = await sealSession(alice, key, now);
    const cookie = (value: string) => headers({ cookie: `theme=dark; ${SESSION_COOKIE}=${value}` });
    expect(await authenticate(cookie(sealed), config, { limiter, nowMs: now })).toEqual({ kind: 'signed-in', identity: { ...alice, credential: 'session' } });
    expect((await authenticate(cookie(sealed), config, { limiter, nowMs: now + SESSION_LIFETIME_SECONDS * 1000 + 1000 })).kind).toBe('anonymous');
    const altered = `${sealed.slice(0, -4)}${sealed.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect((await authenticate(cookie(altered), config, { limiter, nowMs: now })).kind).toBe('anonymous');
    const otherServer = resolveAccessConfig({ STEPLENS_AUTH_TOKEN: 'f'.repeat(32) });
    expect((await authenticate(cookie(sealed), otherServer, { limiter, nowMs: now })).kind).toBe('anonymous');
    expect((await authenticate(cookie('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'), config, { limiter, nowMs: now })).kind).toBe('anonymous');
  });
});

describe('pieces', () => {
  it('bearerToken reads the Bearer scheme only', () => {
    expect(bearerToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`bearer   ${TOKEN} `)).toBe(TOKEN);
    expect(bearerToken(`Basic ${TOKEN}`)).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });

  it('tokenMatches compares whole tokens of any length', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(tokenMatches(`${TOKEN}0`, TOKEN)).toBe(false);
    expect(tokenMatches('', TOKEN)).toBe(false);
  });

  it('clientAddress is the first X-Forwarded-For entry', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.7, 10.0.0.1' }))).toBe('203.0.113.7');
    expect(clientAddress(new Headers())).toBe('unknown');
  });
});
