// What the sign-in routes need to know about a request: where the browser thinks it is (for
// redirects, the OIDC redirect_uri and the Origin check), whether it posted a form (answer with a
// redirect) or JSON (answer with JSON), and where to go afterwards.
import { servedOverHttps } from '../security-headers.ts';

/** The origin people reach the dashboard at: STEPLENS_PUBLIC_URL, else the request's Host and scheme. */
export function requestOrigin(headers: Headers, publicUrl: URL | null): string {
  if (publicUrl) return publicUrl.origin;
  const scheme = servedOverHttps(headers, null) ? 'https' : 'http';
  return `${scheme}://${headers.get('host') ?? 'localhost'}`;
}

/**
 * Whether a state-changing request (sign-in, sign-out) comes from our own pages. Browsers send
 * Origin on every POST (Referrer-Policy same-origin keeps it); a script without one (curl) is
 * not a browser being tricked, so no Origin passes too.
 */
export function sameOriginRequest(headers: Headers, publicUrl: URL | null): boolean {
  const origin = headers.get('origin');
  return origin === null || origin === requestOrigin(headers, publicUrl);
}

/** A form post (the /login page) rather than a JSON client. */
export function isFormPost(headers: Headers): boolean {
  const type = headers.get('content-type') ?? '';
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
}

/**
 * Where to send someone after signing in: `next` when it is a path of this dashboard (not
 * another site: `//evil.example`, `/\evil.example` and schemes are refused; not the sign-in pages
 * themselves), else the home page.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(next) || next.length > 2000) return '/';
  const path = next.split(/[?#]/)[0] ?? '';
  if (path === '/login' || path.startsWith('/api/auth/')) return '/';
  return next;
}

/** /login with a message code (sign-in-messages.ts) and the page to return to. */
export function loginPageWith(code: string, next: string): string {
  const query = new URLSearchParams({ error: code });
  if (next !== '/') query.set('next', next);
  return `/login?${query.toString()}`;
}
