// OpenID Connect sign-in through openid-client (DESIGN.md §2.7): the authorization code flow with
// PKCE (S256), state and nonce. GET /api/auth/oidc/login sends the browser to the provider with a
// short-lived sealed cookie holding the verifier, state and nonce; GET /api/auth/oidc/callback
// checks all three (openid-client), reads the account's claims (ID token + UserInfo), maps them to
// a role (oidc-role.ts) and sets the session cookie.
import * as oidc from 'openid-client';
import type { AccessConfig, OidcSettings } from './access-config.ts';
import type { SignInMessageCode } from './sign-in-messages.ts';
import { displayName, roleForClaims, type OidcClaims } from './oidc-role.ts';
import { openValue, sealValue } from './sealed-value.ts';
import { cookieValue, sealSession, SESSION_COOKIE, SESSION_LIFETIME_SECONDS, setCookieHeader } from './session-cookie.ts';
import { loginPageWith, requestOrigin, safeNextPath } from './sign-in-request.ts';
import { redirect } from './token-sign-in.ts';
import { servedOverHttps } from '../security-headers.ts';

export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';
const FLOW_COOKIE = 'steplens_oidc';
const FLOW_COOKIE_PATH = '/api/auth/oidc';
const FLOW_PURPOSE = 'steplens-oidc-sign-in';
/** Time a person has at the provider's sign-in page before starting over. */
const FLOW_LIFETIME_SECONDS = 10 * 60;
/** Seconds a discovery, token or UserInfo request to the provider may take. */
const PROVIDER_TIMEOUT_SECONDS = 10;

interface FlowState {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  redirectUri: string;
}

export async function startOidcSignIn(request: Request, config: AccessConfig): Promise<Response> {
  const next = safeNextPath(new URL(request.url).searchParams.get('next'));
  if (config.oidc === null || config.cookieKey === null) return redirect(request, config, loginPageWith('oidc-off', next));
  let provider: oidc.Configuration;
  try {
    provider = await providerConfiguration(config.oidc);
  } catch (error) {
    console.error(`steplens: OIDC discovery at ${config.oidc.issuer.href} failed: ${describe(error)}`);
    return redirect(request, config, loginPageWith('oidc-unavailable', next));
  }
  const flow: FlowState = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
    next,
    redirectUri: `${requestOrigin(request.headers, config.publicUrl)}${OIDC_CALLBACK_PATH}`,
  };
  const authorizationUrl = oidc.buildAuthorizationUrl(provider, {
    redirect_uri: flow.redirectUri,
    scope: config.oidc.scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
  const response = new Response(null, { status: 303, headers: { location: authorizationUrl.href } });
  const sealed = await sealValue({ ...flow }, FLOW_PURPOSE, FLOW_LIFETIME_SECONDS, config.cookieKey);
  response.headers.append('set-cookie', flowCookie(sealed, FLOW_LIFETIME_SECONDS, request, config));
  return response;
}

export async function finishOidcSignIn(request: Request, config: AccessConfig): Promise<Response> {
  const url = new URL(request.url);
  if (config.oidc === null || config.cookieKey === null) return redirect(request, config, loginPageWith('oidc-off', '/'));
  const flow = await openFlow(request, config.cookieKey);
  const fail = (code: SignInMessageCode, detail: string): Response => {
    console.error(`steplens: OIDC sign-in failed: ${detail}`);
    const response = redirect(request, config, loginPageWith(code, flow?.next ?? '/'));
    response.headers.append('set-cookie', flowCookie('', 0, request, config));
    return response;
  };
  if (url.searchParams.has('error')) {
    return fail('oidc-denied', `the provider answered ${url.searchParams.get('error')}: ${url.searchParams.get('error_description') ?? ''}`.trim());
  }
  if (flow === null) return fail('oidc-failed', 'no sign-in in progress (the flow cookie is missing, expired or not ours)');

  let claims: OidcClaims;
  try {
    const provider = await providerConfiguration(config.oidc);
    // The redirect_uri of the token request must be the one of the authorization request.
    const currentUrl = new URL(flow.redirectUri);
    currentUrl.search = url.search;
    const tokens = await oidc.authorizationCodeGrant(provider, currentUrl, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('the token response has no ID token');
    // Providers put email and groups in the ID token or only in UserInfo (oidc-provider does the latter).
    const userInfo = provider.serverMetadata().userinfo_endpoint ? await oidc.fetchUserInfo(provider, tokens.access_token, idClaims.sub) : {};
    claims = { ...idClaims, ...userInfo, sub: idClaims.sub };
  } catch (error) {
    return fail('oidc-failed', describe(error));
  }
  const role = roleForClaims(claims, config.oidc);
  if (role === null) return fail('not-allowed', `${displayName(claims)} (${claims.sub}) is not in STEPLENS_OIDC_VIEWERS or STEPLENS_OIDC_OPERATORS`);

  const session = await sealSession({ subject: `oidc:${claims.sub}`, name: displayName(claims), role }, config.cookieKey);
  const response = redirect(request, config, flow.next);
  response.headers.append('set-cookie', setCookieHeader(SESSION_COOKIE, session, { secure: servedOverHttps(request.headers, config.publicUrl), maxAgeSeconds: SESSION_LIFETIME_SECONDS }));
  response.headers.append('set-cookie', flowCookie('', 0, request, config));
  return response;
}

// Discovery once per provider and client (a failure is forgotten, so the next sign-in tries again).
const providers = new Map<string, Promise<oidc.Configuration>>();

function providerConfiguration(settings: OidcSettings): Promise<oidc.Configuration> {
  const key = `${settings.issuer.href} ${settings.clientId} ${settings.clientSecret}`;
  let provider = providers.get(key);
  if (!provider) {
    // http:// is accepted for a provider on this machine only (access-config.ts checks that).
    const insecure = settings.issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
    // The timeout also becomes that of every later request (token, UserInfo).
    provider = oidc.discovery(settings.issuer, settings.clientId, undefined, oidc.ClientSecretBasic(settings.clientSecret), { execute: insecure, timeout: PROVIDER_TIMEOUT_SECONDS });
    providers.set(key, provider);
    provider.catch(() => providers.delete(key));
  }
  return provider;
}

async function openFlow(request: Request, key: Uint8Array): Promise<FlowState | null> {
  const value = cookieValue(request.headers.get('cookie'), FLOW_COOKIE);
  const claims = value ? await openValue(value, FLOW_PURPOSE, key) : null;
  if (claims === null) return null;
  const { state, nonce, verifier, next, redirectUri } = claims;
  if ([state, nonce, verifier, next, redirectUri].some((field) => typeof field !== 'string')) return null;
  return { state, nonce, verifier, next: safeNextPath(next), redirectUri } as FlowState;
}

function flowCookie(value: string, maxAgeSeconds: number, request: Request, config: AccessConfig): string {
  return setCookieHeader(FLOW_COOKIE, value, { secure: servedOverHttps(request.headers, config.publicUrl), maxAgeSeconds, path: FLOW_COOKIE_PATH });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`.split('\n')[0] ?? '';
}
