// The session cookie people get from /login or OIDC sign-in: who they are, sealed (sealed-value.ts),
// http-only (no script reads it), SameSite=Lax (not sent on cross-site POSTs), Secure over HTTPS.
import { isRole, type Identity } from './identity.ts';
import { openValue, sealValue } from './sealed-value.ts';

export const SESSION_COOKIE = 'steplens_session';
/** How long a sign-in lasts; signing in again starts a new one. */
export const SESSION_LIFETIME_SECONDS = 12 * 60 * 60;
const SESSION_PURPOSE = 'steplens-session';

/** The cookie value for a signed-in `identity` (its credential becomes `session`). */
export async function sealSession(identity: Omit<Identity, 'credential'>, key: Uint8Array, nowMs = Date.now()): Promise<string> {
  return sealValue({ sub: identity.subject, name: identity.name, role: identity.role }, SESSION_PURPOSE, SESSION_LIFETIME_SECONDS, key, nowMs);
}

/** Who a session cookie value says, or null when it is expired, forged or from another key. */
export async function openSession(value: string, key: Uint8Array, nowMs = Date.now()): Promise<Identity | null> {
  const claims = await openValue(value, SESSION_PURPOSE, key, nowMs);
  if (claims === null || typeof claims.sub !== 'string' || typeof claims.name !== 'string' || !isRole(claims.role)) return null;
  return { subject: claims.sub, name: claims.name, role: claims.role, credential: 'session' };
}

export interface CookieOptions {
  /** Served over HTTPS: the browser must send the cookie over HTTPS only. */
  secure: boolean;
  /** Seconds; 0 deletes the cookie. */
  maxAgeSeconds: number;
  path?: string;
}

/** A Set-Cookie header value. `value` must be cookie-safe (sealed values are base64url and dots). */
export function setCookieHeader(name: string, value: string, options: CookieOptions): string {
  const attributes = [`${name}=${value}`, `Path=${options.path ?? '/'}`, `Max-Age=${options.maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax'];
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}

/** The Set-Cookie header that signs a browser out. */
export function clearSessionCookieHeader(secure: boolean): string {
  return setCookieHeader(SESSION_COOKIE, '', { secure, maxAgeSeconds: 0 });
}

/** The value of cookie `name` in a Cookie header, or null (the first when repeated). */
export function cookieValue(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const separator = part.indexOf('=');
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return null;
}
