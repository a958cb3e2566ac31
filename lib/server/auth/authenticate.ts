// Who a request is, from its headers alone (so proxy.ts, route handlers and pages share it):
// `Authorization: Bearer <STEPLENS_AUTH_TOKEN>` first, else the session cookie.
import { authenticationEnabled, type AccessConfig } from './access-config.ts';
import { LOCAL_IDENTITY, TOKEN_NAME, TOKEN_SUBJECT, type Identity } from './identity.ts';
import { cookieValue, openSession, SESSION_COOKIE } from './session-cookie.ts';
import { signInLimiter, type SignInLimiter } from './sign-in-limiter.ts';
import { tokenMatches } from './token-matches.ts';

export type Authentication =
  /** Sign-in is off: everyone is LOCAL_IDENTITY. */
  | { kind: 'open'; identity: Identity }
  | { kind: 'signed-in'; identity: Identity }
  /** No credential, or a session cookie that expired or is not ours: sign in. */
  | { kind: 'anonymous' }
  /** A bearer token that is not the token (counted against the address). */
  | { kind: 'wrong-token' }
  /** Too many wrong tokens from this address lately: not even compared. */
  | { kind: 'rate-limited'; retryAfterSeconds: number };

/** The identity of an `open` or `signed-in` outcome, else null. */
export function identityOf(authentication: Authentication): Identity | null {
  return authentication.kind === 'open' || authentication.kind === 'signed-in' ? authentication.identity : null;
}

/** The bearer identity: the one shared token is one operator. */
export const BEARER_IDENTITY: Identity = Object.freeze({ subject: TOKEN_SUBJECT, name: TOKEN_NAME, role: 'operator', credential: 'bearer' });

export async function authenticate(
  headers: Headers,
  config: AccessConfig,
  options: { limiter?: SignInLimiter; nowMs?: number } = {},
): Promise<Authentication> {
  if (!authenticationEnabled(config)) return { kind: 'open', identity: LOCAL_IDENTITY };
  const limiter = options.limiter ?? signInLimiter();
  const presented = bearerToken(headers.get('authorization'));
  if (presented !== null) {
    const address = clientAddress(headers);
    const retryAfterSeconds = limiter.retryAfterSeconds(address, options.nowMs);
    if (retryAfterSeconds !== null) return { kind: 'rate-limited', retryAfterSeconds };
    if (config.token !== null && tokenMatches(presented, config.token)) return { kind: 'signed-in', identity: BEARER_IDENTITY };
    limiter.recordFailure(address, options.nowMs);
    return { kind: 'wrong-token' };
  }
  const session = cookieValue(headers.get('cookie'), SESSION_COOKIE);
  if (session && config.cookieKey) {
    const identity = await openSession(session, config.cookieKey, options.nowMs);
    if (identity) return { kind: 'signed-in', identity };
  }
  return { kind: 'anonymous' };
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), else null. */
export function bearerToken(authorization: string | null): string | null {
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match ? (match[1] as string) : null;
}

/**
 * The client's address for the sign-in limiter: the first `X-Forwarded-For` entry. `steplens serve`
 * sets that header from the connection itself (a client's own value would let it choose its key);
 * behind a reverse proxy, the proxy's. "unknown" when absent (all such clients share one limit).
 */
export function clientAddress(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}
