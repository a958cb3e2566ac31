// CSRF protection of the action routes (DESIGN.md §2.7). Scheme: a synchronizer token bound to
// the session, sent in a custom header, plus an Origin check.
//   - The token is HMAC-SHA256(key, the session cookie's value) — or of "local" with sign-in off —
//     so it changes with each sign-in and is worthless with another session. The key is the
//     session-cookie key (auth/access-config.ts), or a random per-process key with sign-in off.
//     Pages get it from GET /api/executions/{arn}/actions (same-origin: another site cannot read
//     the answer) and send it as `X-StepLens-CSRF`.
//   - A cross-site page can make a browser POST with its cookies (a form; SameSite=Lax stops
//     cookies on cross-site POSTs in current browsers, not in all) or, with sign-in off, with no
//     credential at all — loopback is reachable from any page the user opens. It cannot set a
//     custom header without a CORS preflight, which StepLens never grants, and cannot read the
//     token; and browsers send `Origin` on POSTs, which must be ours when present.
//   - Bearer-token clients are exempt: a browser never attaches an `Authorization` header by
//     itself, so a request carrying the token was made by someone holding it, not forged by a
//     page riding on ambient credentials.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AccessConfig } from './auth/access-config.ts';
import type { Identity } from './auth/identity.ts';
import { cookieValue, SESSION_COOKIE } from './auth/session-cookie.ts';
import { requestOrigin } from './auth/sign-in-request.ts';

export const CSRF_HEADER = 'x-steplens-csrf';

// With sign-in off there is no cookie key: one random key per server process (on globalThis, so
// every route bundle of the process shares it). A restart invalidates the tokens; the page
// fetches a fresh one on load.
const LOCAL_KEY = Symbol.for('steplens.csrf.local-key');
const slot = globalThis as typeof globalThis & { [LOCAL_KEY]?: Buffer };

function keyOf(config: AccessConfig): Uint8Array {
  return config.cookieKey ?? (slot[LOCAL_KEY] ??= randomBytes(32));
}

/** What the token is bound to: the session cookie's value, or "local" when there is no session. */
function boundValue(headers: Headers, identity: Identity): string {
  if (identity.credential === 'session') return `session:${cookieValue(headers.get('cookie'), SESSION_COOKIE) ?? ''}`;
  return `local:${identity.subject}`;
}

/** The CSRF token of this request's session (null for bearer clients: they need none). */
export function csrfToken(headers: Headers, identity: Identity, config: AccessConfig): string | null {
  if (identity.credential === 'bearer') return null;
  return createHmac('sha256', keyOf(config)).update(`steplens-csrf\0${boundValue(headers, identity)}`).digest('base64url');
}

/** Why a state-changing request is refused as a possible forgery, else null. */
export function csrfProblem(headers: Headers, identity: Identity, config: AccessConfig): string | null {
  if (identity.credential === 'bearer') return null;
  const origin = headers.get('origin');
  if (origin !== null && origin !== requestOrigin(headers, config.publicUrl)) return `cross-site request refused (Origin ${origin.slice(0, 100)} is not this dashboard)`;
  if (headers.get('sec-fetch-site') === 'cross-site') return 'cross-site request refused (Sec-Fetch-Site: cross-site)';
  const sent = headers.get(CSRF_HEADER);
  if (sent === null || sent === '') return `missing CSRF token (send the ${CSRF_HEADER} header the actions answer gives; bearer-token clients need none)`;
  const expected = csrfToken(headers, identity, config) as string;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return 'CSRF token does not match this session (reload the page)';
  return null;
}
