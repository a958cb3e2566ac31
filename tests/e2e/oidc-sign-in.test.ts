import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { startOidcProvider, type TestProvider } from '../helpers/oidc-provider';
import { freePort, startSteplensServer, type RunningServer } from '../helpers/steplens-server';

// OIDC sign-in end to end (README: Access): StepLens configured with STEPLENS_OIDC_* against a
// real OpenID provider (oidc-provider) on loopback. In Chromium a person opens a page, is sent to
// /login, picks single sign-on, signs in and consents at the provider, and lands back on that
// page signed in with the role STEPLENS_OIDC_OPERATORS maps them to (a group → operator, anyone
// else → viewer). The provider only knows the flow through the browser, so this is the code
// flow with PKCE, state and nonce exactly as a user goes through it.

let provider: TestProvider;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  const providerPort = await freePort();
  const issuer = `http://127.0.0.1:${providerPort}`;
  // StepLens discovers the provider at the first sign-in, so it may start first (its port is the redirect URI's).
  server = await startSteplensServer({
    env: {
      STEPLENS_OIDC_ISSUER: issuer,
      STEPLENS_OIDC_CLIENT_ID: 'steplens-test',
      STEPLENS_OIDC_CLIENT_SECRET: 'steplens-test-client-secret-0123456789',
      STEPLENS_OIDC_SCOPE: 'openid email profile groups',
      STEPLENS_OIDC_OPERATORS: 'sre',
    },
  });
  provider = await startOidcProvider({ port: providerPort, redirectUri: `${server.baseUrl}/api/auth/oidc/callback`, groups: { alice: ['sre'], bob: ['readers'] } });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await provider?.stop();
});

/** Through the provider's development login (any name) and consent pages, back to StepLens. */
async function signInAt(page: Page, login: string): Promise<void> {
  await page.getByTestId('sign-in-oidc').click();
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'any');
  await page.click('button[type=submit]');
  await page.locator('button[type=submit]', { hasText: 'Continue' }).click();
  await page.waitForURL((url) => url.origin === server.baseUrl && url.pathname !== '/api/auth/oidc/callback');
}

async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

describe('OIDC sign-in', () => {
  it('a member of an operator group lands on the page asked for, signed in as an operator', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${server.baseUrl}/failures`);
    expect(new URL(page.url()).pathname).toBe('/login');
    // Only single sign-on is offered (no token is configured).
    expect(await page.getByTestId('sign-in-token').count()).toBe(0);
    await signInAt(page, 'alice');
    expect(new URL(page.url()).pathname).toBe('/failures');
    await expect.poll(() => page.getByTestId('session-identity').textContent()).toBe('User alice · operator');
    // The session works for the API too, as the mapped identity.
    const session = await page.evaluate(async () => (await fetch('/api/auth/session')).json());
    expect(session).toEqual({
      identity: { subject: 'oidc:alice', name: 'User alice', role: 'operator', credential: 'session' },
      signIn: { required: true, token: false, oidc: true },
    });
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'steplens_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    // The one-time flow cookie (verifier, state, nonce) is gone.
    expect(cookies.find((c) => c.name === 'steplens_oidc')).toBeUndefined();
    await context.close();
  });

  it('anyone else the provider signs in is a viewer', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${server.baseUrl}/login`);
    await signInAt(page, 'bob');
    expect(new URL(page.url()).pathname).toBe('/');
    await expect.poll(() => page.getByTestId('session-identity').getAttribute('data-role')).toBe('viewer');
    expect(await page.getByTestId('session-identity').textContent()).toBe('User bob · viewer');
    await context.close();
  });

  it('a callback that was not started here (no flow cookie, a forged state) signs no one in', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${server.baseUrl}/api/auth/oidc/callback?code=forged&state=forged`);
    expect(new URL(page.url()).searchParams.get('error')).toBe('oidc-failed');
    await expect.poll(() => page.getByTestId('sign-in-message').textContent()).toContain('did not complete');
    expect((await context.cookies()).find((c) => c.name === 'steplens_session')).toBeUndefined();
    // A provider refusal is said as such.
    await page.goto(`${server.baseUrl}/api/auth/oidc/callback?error=access_denied&error_description=denied`);
    expect(new URL(page.url()).searchParams.get('error')).toBe('oidc-denied');
    await context.close();
  });
});
