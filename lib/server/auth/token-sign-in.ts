// POST /api/auth/login and POST /api/auth/logout (DESIGN.md §2.7). The /login form posts the
// token and gets a session cookie and a redirect; a JSON client posts {"token"} and gets JSON.
// Wrong tokens count against the client's address (sign-in-limiter.ts), whichever way they came.
import { rateLimitedResponse } from '../access-gate.ts';
import type { AccessConfig } from './access-config.ts';
import { clientAddress } from './authenticate.ts';
import { TOKEN_NAME, TOKEN_SUBJECT, type Identity } from './identity.ts';
import type { SignInMessageCode } from './sign-in-messages.ts';
import { isFormPost, loginPageWith, requestOrigin, safeNextPath, sameOriginRequest } from './sign-in-request.ts';
import { signInLimiter, type SignInLimiter } from './sign-in-limiter.ts';
import { clearSessionCookieHeader, sealSession, SESSION_COOKIE, SESSION_LIFETIME_SECONDS, setCookieHeader } from './session-cookie.ts';
import { servedOverHttps } from '../security-headers.ts';
import { tokenMatches } from './token-matches.ts';

/** Who signs in with the token at /login (a person; a script sends the bearer header instead). */
const TOKEN_SESSION: Omit<Identity, 'credential'> = { subject: TOKEN_SUBJECT, name: TOKEN_NAME, role: 'operator' };

export async function tokenSignIn(request: Request, config: AccessConfig, limiter: SignInLimiter = signInLimiter()): Promise<Response> {
  const form = isFormPost(request.headers);
  const fields = form ? await formFields(request) : await jsonFields(request);
  const next = safeNextPath(fields.next);
  const fail = (status: number, code: SignInMessageCode, error: string): Response =>
    form ? redirect(request, config, loginPageWith(code, next)) : Response.json({ error }, { status });

  if (!sameOriginRequest(request.headers, config.publicUrl)) return fail(403, 'cross-site', 'origin: sign-in from another site refused');
  if (config.token === null || config.cookieKey === null) return fail(400, 'token-off', 'token sign-in is not configured (STEPLENS_AUTH_TOKEN is unset)');
  const address = clientAddress(request.headers);
  const retryAfterSeconds = limiter.retryAfterSeconds(address);
  if (retryAfterSeconds !== null) return form ? rateLimitedPage(retryAfterSeconds, next) : rateLimitedResponse(retryAfterSeconds);
  const token = typeof fields.token === 'string' ? fields.token.trim() : '';
  // No token is no guess: not counted.
  if (token === '') return fail(400, 'wrong-token', 'token: required (the /login form, or a JSON body {"token": "…"})');
  if (!tokenMatches(token, config.token)) {
    limiter.recordFailure(address);
    return fail(401, 'wrong-token', 'token: not the configured STEPLENS_AUTH_TOKEN');
  }

  const cookie = setCookieHeader(SESSION_COOKIE, await sealSession(TOKEN_SESSION, config.cookieKey), {
    secure: servedOverHttps(request.headers, config.publicUrl),
    maxAgeSeconds: SESSION_LIFETIME_SECONDS,
  });
  const response = form ? redirect(request, config, next) : Response.json({ identity: { ...TOKEN_SESSION, credential: 'session' } });
  response.headers.append('set-cookie', cookie);
  return response;
}

/** Clears the session cookie (a session is stateless: the cookie is all there is to forget). */
export function signOut(request: Request, config: AccessConfig): Response {
  const form = isFormPost(request.headers);
  if (!sameOriginRequest(request.headers, config.publicUrl)) {
    return form ? redirect(request, config, loginPageWith('cross-site', '/')) : Response.json({ error: 'origin: sign-out from another site refused' }, { status: 403 });
  }
  const response = form ? redirect(request, config, loginPageWith('signed-out', '/')) : Response.json({ ok: true });
  response.headers.append('set-cookie', clearSessionCookieHeader(servedOverHttps(request.headers, config.publicUrl)));
  return response;
}

/** 303 See Other: the browser follows a form post with a GET of `path`. */
export function redirect(request: Request, config: AccessConfig, path: string): Response {
  return new Response(null, { status: 303, headers: { location: new URL(path, requestOrigin(request.headers, config.publicUrl)).href } });
}

/**
 * The /login form after too many wrong tokens: 429 with Retry-After, and a page a person can read
 * (static HTML without script; the security headers come from proxy.ts).
 */
function rateLimitedPage(retryAfterSeconds: number, next: string): Response {
  const back = next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Too many attempts · StepLens</title></head><body><h1>Too many sign-in attempts</h1><p>Too many wrong tokens came from your address. Try again in ${retryAfterSeconds} seconds.</p><p><a href="${escapeHtml(back)}">Back to sign-in</a></p></body></html>`;
  return new Response(html, { status: 429, headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': String(retryAfterSeconds) } });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

async function formFields(request: Request): Promise<Record<string, unknown>> {
  try {
    const data = await request.formData();
    return { token: data.get('token'), next: data.get('next') };
  } catch {
    return {};
  }
}

async function jsonFields(request: Request): Promise<Record<string, unknown>> {
  try {
    const value: unknown = await request.json();
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
