// Who is viewing a page, and the CSP nonce of its response (both from the request headers that
// proxy.ts forwarded). For server components only: next/headers needs a request.
import { headers } from 'next/headers';
import { accessConfigFromEnv } from './access-config.ts';
import { authenticate, identityOf } from './authenticate.ts';
import type { Identity } from './identity.ts';

/** The signed-in identity (LOCAL_IDENTITY with sign-in off), or null without a session. */
export async function pageIdentity(): Promise<Identity | null> {
  return identityOf(await authenticate(await headers(), accessConfigFromEnv()));
}

/** The nonce proxy.ts put in this response's Content-Security-Policy, for the page's own inline scripts. */
export async function pageNonce(): Promise<string | undefined> {
  return (await headers()).get('x-nonce') ?? undefined;
}
