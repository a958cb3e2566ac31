import { request as httpRequest } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoutes } from '../helpers/app-routes';
import { launchChromium } from '../helpers/browser';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';

// Access end to end (README: Access), over the live demo served with STEPLENS_AUTH_TOKEN:
// every page and API route found in app/ refuses a request without a session (pages to /login,
// the API 401) and serves the bearer token; a person signs in with the /login form, browses with
// the cookie, signs out; wrong tokens are rate-limited; every response carries the security
// headers, with a fresh CSP nonce on every page and no CSP violation in Chromium.

const TOKEN = 'e2e-access-token-0123456789abcdef0123456789';
/** What answers without a session (access-gate.ts PUBLIC_ROUTES): everything else must refuse. */
const PUBLIC = new Set(['GET /login', 'GET /api/health', 'POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/auth/oidc/login', 'GET /api/auth/oidc/callback']);

let server: RunningServer;
let browser: Browser;
const bearer = { authorization: `Bearer ${TOKEN}` };

async function eventually<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; server log:\n${server.log().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${server.baseUrl}${path}`, { headers: bearer });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

beforeAll(async () => {
  server = await startSteplensServer({ demo: true, env: { STEPLENS_AUTH_TOKEN: TOKEN } });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('every route without a session', () => {
  const routes = appRoutes();

  it('finds the pages and routes on disk', () => {
    expect(routes.filter((route) => route.kind === 'page').map((route) => route.pattern)).toEqual(expect.arrayContaining(['/', '/executions', '/executions/[arn]', '/login']));
    expect(routes.filter((route) => route.kind === 'api').length).toBeGreaterThanOrEqual(15);
  });

  for (const route of routes) {
    for (const method of route.methods) {
      const name = `${method} ${route.pattern}`;
      it(`${name}: ${PUBLIC.has(name) ? 'answers (public)' : route.kind === 'page' ? 'redirects to /login, serves the bearer token' : '401 JSON, serves the bearer token'}`, async () => {
        const ask = (headers: Record<string, string> = {}) => fetch(`${server.baseUrl}${route.samplePath}`, { method, headers, redirect: 'manual' });
        const anonymous = await ask();
        if (PUBLIC.has(name)) {
          expect(anonymous.status).not.toBe(401);
          return;
        }
        if (route.kind === 'page') {
          expect(anonymous.status).toBe(307);
          expect(new URL(anonymous.headers.get('location') ?? '', server.baseUrl).href).toBe(
            route.samplePath === '/' ? `${server.baseUrl}/login` : `${server.baseUrl}/login?next=${encodeURIComponent(route.samplePath)}`,
          );
        } else {
          expect(anonymous.status).toBe(401);
          expect(anonymous.headers.get('content-type')).toContain('application/json');
          expect((await anonymous.json()).error).toMatch(/^authentication required/);
        }
        // The bearer token gets past the gate (the sample ARN may not exist: 404 is an answer).
        const signedIn = await ask(bearer);
        expect([401, 307, 429]).not.toContain(signedIn.status);
        expect(signedIn.status).toBeLessThan(500);
      });
    }
  }

  it('GET /api/health says only ok without a session, everything with the token', async () => {
    expect(await (await fetch(`${server.baseUrl}/api/health`)).json()).toEqual({ ok: true });
    expect(await api('/api/health')).toMatchObject({ ok: true, sources: [expect.objectContaining({ kind: 'endpoint' })], poller: expect.any(Object) });
  });
});

describe('sign-in', () => {
  it('wrong tokens are rate-limited per address: the 11th attempt in a minute is 429 with Retry-After, even with the right token', async () => {
    // One address of its own (the first X-Forwarded-For entry is the limiter's key), so the
    // rest of this file, from 127.0.0.1, is not limited.
    const from = { 'x-forwarded-for': '203.0.113.77' };
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await fetch(`${server.baseUrl}/api/auth/login`, { method: 'POST', headers: { ...from, 'content-type': 'application/json' }, body: JSON.stringify({ token: `guess-${attempt}` }) });
      expect(response.status).toBe(401);
    }
    const limited = await fetch(`${server.baseUrl}/api/executions`, { headers: { ...from, ...bearer } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error).toMatch(/^too many failed sign-in attempts/);
    expect((await fetch(`${server.baseUrl}/api/executions`, { headers: bearer })).status).toBe(200);
  });

  it('the /login form → a session cookie → the pages and their API calls work; sign-out ends it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/executions?status=FAILED`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name=token]', 'not-the-token');
    await Promise.all([page.waitForURL(/error=wrong-token/), page.click('[data-testid=sign-in-token] button[type=submit]')]);
    await expect.poll(() => page.getByTestId('sign-in-message').textContent()).toContain('That is not the access token');

    await page.fill('input[name=token]', TOKEN);
    await Promise.all([page.waitForURL(`${server.baseUrl}/executions?status=FAILED`), page.click('[data-testid=sign-in-token] button[type=submit]')]);
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'steplens_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 11 * 3600);
    await expect.poll(() => page.getByTestId('session-identity').textContent()).toBe('token holder · operator');
    // The list loads its rows from /api/executions with the cookie.
    await expect.poll(() => page.locator('[data-testid="executions-table"] tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(0);

    await Promise.all([page.waitForURL(/\/login\?error=signed-out/), page.getByRole('button', { name: 'Sign out' }).click()]);
    expect((await context.cookies()).filter((c) => c.name === 'steplens_session')).toEqual([]);
    await page.goto(`${server.baseUrl}/executions`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });
});

describe('security headers', () => {
  it('on pages, API responses, redirects and static files; a fresh nonce on every page, on its inline scripts', async () => {
    const html = await fetch(`${server.baseUrl}/executions`, { headers: bearer });
    const csp = html.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(csp).toContain("frame-ancestors 'none'");
    const body = await html.text();
    const scripts = [...body.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    const again = await fetch(`${server.baseUrl}/executions`, { headers: bearer });
    expect(again.headers.get('content-security-policy')).not.toContain(nonce);

    const staticFile = /src="(\/_next\/static\/[^"]+\.js)"/.exec(body)?.[1] as string;
    const responses = await Promise.all([
      fetch(`${server.baseUrl}/api/state-machines`, { headers: bearer }),
      fetch(`${server.baseUrl}/api/state-machines`),
      fetch(`${server.baseUrl}/executions`, { redirect: 'manual' }),
      fetch(`${server.baseUrl}${staticFile}`),
    ]);
    for (const response of [html, ...responses]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(response.headers.get('permissions-policy')).toContain('camera=()');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
    expect(responses.map((response) => response.status)).toEqual([200, 401, 307, 200]);
  });

  it('answers only this machine’s names (DNS rebinding): another Host is 421', async () => {
    const port = new URL(server.baseUrl).port;
    const statusFor = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/api/health', headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await statusFor('evil.example')).toBe(421);
    expect(await statusFor(`evil.example:${port}`)).toBe(421);
    expect(await statusFor('localhost:1')).toBe(421);
    expect(await statusFor(`localhost:${port}`)).toBe(200);
    expect(await statusFor(`127.0.0.1:${port}`)).toBe(200);
  });

  it('the main pages run under the policy in Chromium: no CSP violation, no page error, charts and graph drawn', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: bearer });
    const page: Page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|CSP/i.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await context.exposeBinding('reportViolation', (_source, text: string) => problems.push(`violation: ${text}`));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { reportViolation: (text: string) => void }).reportViolation(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
      }),
    );

    const failed = await eventually(async () => (await api<{ items: Array<{ executionArn: string; stateMachineArn: string }> }>('/api/executions?status=FAILED&limit=1')).items[0]);
    const pages = ['/', '/executions', `/executions/${encodeURIComponent(failed.executionArn)}`, `/state-machines/${encodeURIComponent(failed.stateMachineArn)}`, '/compare', '/failures', '/health'];
    for (const path of pages) {
      await page.goto(`${server.baseUrl}${path}`);
      await page.waitForLoadState('networkidle');
    }
    // The execution page's graph (d3 + dagre) and the state machine page's charts (Recharts) were drawn.
    await page.goto(`${server.baseUrl}/executions/${encodeURIComponent(failed.executionArn)}`);
    await expect.poll(() => page.locator('[data-state-name]').count()).toBeGreaterThan(0);
    await page.goto(`${server.baseUrl}/compare`);
    await expect.poll(() => page.locator('.recharts-surface').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // The layout's inline theme script carries the nonce: it runs (a saved theme is applied) and is not reported.
    await page.evaluate(() => localStorage.setItem('steplens-theme', 'dark'));
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(problems).toEqual([]);
    // The watch itself works: an image from another origin is a violation it reports.
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="http://192.0.2.1/pixel.png" alt="">'));
    await expect.poll(() => problems.some((problem) => problem.startsWith('violation: img-src http://192.0.2.1/pixel.png'))).toBe(true);
    await context.close();
  });
});
