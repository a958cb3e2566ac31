// Next.js 16's proxy (formerly middleware): runs before every page, route handler and static
// file. It is glue: lib/server decides (the Host check and sign-in: access-gate.ts; the headers:
// security-headers.ts), this file applies the decision to Next.js's request and response.
import { NextResponse, type NextRequest } from 'next/server';
import { accessGate } from '@/lib/server/access-gate';
import { accessConfigFromEnv, AccessConfigError, type AccessConfig } from '@/lib/server/auth/access-config';
import { listenAddressFromEnv } from '@/lib/server/host-check';
import { newNonce, securityHeaders, servedOverHttps } from '@/lib/server/security-headers';

export async function proxy(request: NextRequest): Promise<Response> {
  const nonce = newNonce();
  let config: AccessConfig;
  try {
    config = accessConfigFromEnv();
  } catch (error) {
    // `steplens start` refuses such a setting; a server started some other way serves nothing.
    const message = error instanceof AccessConfigError ? error.message : String(error);
    console.error(`steplens: access configuration: ${message}`);
    return withHeaders(Response.json({ error: `access configuration: ${message}` }, { status: 500 }), securityHeaders(nonce, { https: false }));
  }
  const headers = securityHeaders(nonce, { https: servedOverHttps(request.headers, config.publicUrl) });
  const verdict = await accessGate({ method: request.method, url: new URL(request.url), headers: request.headers }, config, listenAddressFromEnv());
  if (verdict.kind === 'respond') return withHeaders(verdict.response, headers);

  // Next.js reads the nonce from the request's CSP header and puts it on its scripts; the root
  // layout reads x-nonce for its own inline script. A client's own values are overwritten.
  const forwarded = new Headers(request.headers);
  forwarded.set('content-security-policy', headers['Content-Security-Policy'] as string);
  forwarded.set('x-nonce', nonce);
  return withHeaders(NextResponse.next({ request: { headers: forwarded } }), headers);
}

function withHeaders<R extends Response>(response: R, headers: Record<string, string>): R {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
