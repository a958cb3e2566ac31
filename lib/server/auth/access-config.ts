// How people and scripts get in (DESIGN.md §2.7), read from the environment once per distinct
// value set: `steplens start` reads it to refuse a bad setup before serving, proxy.ts and the
// route handlers read it on every request (cheap after the first: memoised).
import { hkdfSync } from 'node:crypto';
import { isLoopbackHost } from '../loopback.ts';

/** The least length of STEPLENS_AUTH_TOKEN and STEPLENS_SESSION_SECRET (≈ 190 bits as hex, more as base64). */
export const MIN_SECRET_LENGTH = 32;

/** Scopes asked of the OpenID provider unless STEPLENS_OIDC_SCOPE says otherwise. */
export const DEFAULT_OIDC_SCOPE = 'openid email profile';

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  scope: string;
  /** Emails, subjects or groups (the `groups` claim) that get the operator role. */
  operators: readonly string[];
  /** When set, only these (or an operator) may sign in; null: anyone the provider signs in is a viewer. */
  viewers: readonly string[] | null;
}

export interface AccessConfig {
  /** STEPLENS_AUTH_TOKEN: the bearer token and the /login token; null when unset. */
  token: string | null;
  oidc: OidcSettings | null;
  /**
   * 32-byte key of the session and sign-in cookies (A256GCM), derived from STEPLENS_SESSION_SECRET
   * or else from the token and the OIDC client secret: changing either signs everyone out.
   * Null when authentication is off.
   */
  cookieKey: Uint8Array | null;
  /** STEPLENS_PUBLIC_URL: the dashboard's address as people reach it (behind a reverse proxy); null: from the request. */
  publicUrl: URL | null;
}

/** A setting that cannot work: one line naming the variable and the fix. */
export class AccessConfigError extends Error {
  override name = 'AccessConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

/** Whether requests must prove who they are (a token or OIDC is configured). */
export function authenticationEnabled(config: AccessConfig): boolean {
  return config.token !== null || config.oidc !== null;
}

/** Reads the access settings; throws AccessConfigError for a setting that cannot work. */
export function resolveAccessConfig(env: Env): AccessConfig {
  const token = setting(env, 'STEPLENS_AUTH_TOKEN');
  if (token !== null) requireSecretLength('STEPLENS_AUTH_TOKEN', token);
  const oidc = resolveOidc(env);
  const publicUrl = resolvePublicUrl(env);
  const sessionSecret = setting(env, 'STEPLENS_SESSION_SECRET');
  if (sessionSecret !== null) requireSecretLength('STEPLENS_SESSION_SECRET', sessionSecret);
  const enabled = token !== null || oidc !== null;
  const keyMaterial = sessionSecret ?? [token ?? '', oidc?.clientSecret ?? ''].join('\0');
  return { token, oidc, publicUrl, cookieKey: enabled ? deriveCookieKey(keyMaterial) : null };
}

let memo: { key: string; config: AccessConfig } | null = null;

/**
 * resolveAccessConfig(process.env), memoised on the variables it reads (tests change them between
 * cases). Throws AccessConfigError as it does: a server started around `steplens start` (e.g.
 * `next start`) with a bad setting answers 500 on every route rather than serving openly.
 */
export function accessConfigFromEnv(env: Env = process.env): AccessConfig {
  const key = JSON.stringify(ACCESS_VARIABLES.map((name) => env[name] ?? null));
  if (memo?.key !== key) memo = { key, config: resolveAccessConfig(env) };
  return memo.config;
}

/** Every variable resolveAccessConfig reads. */
export const ACCESS_VARIABLES = [
  'STEPLENS_AUTH_TOKEN',
  'STEPLENS_OIDC_ISSUER',
  'STEPLENS_OIDC_CLIENT_ID',
  'STEPLENS_OIDC_CLIENT_SECRET',
  'STEPLENS_OIDC_SCOPE',
  'STEPLENS_OIDC_OPERATORS',
  'STEPLENS_OIDC_VIEWERS',
  'STEPLENS_SESSION_SECRET',
  'STEPLENS_PUBLIC_URL',
] as const;

function resolveOidc(env: Env): OidcSettings | null {
  const issuerText = setting(env, 'STEPLENS_OIDC_ISSUER');
  const clientId = setting(env, 'STEPLENS_OIDC_CLIENT_ID');
  const clientSecret = setting(env, 'STEPLENS_OIDC_CLIENT_SECRET');
  if (issuerText === null && clientId === null && clientSecret === null) return null;
  const missing = [
    ['STEPLENS_OIDC_ISSUER', issuerText],
    ['STEPLENS_OIDC_CLIENT_ID', clientId],
    ['STEPLENS_OIDC_CLIENT_SECRET', clientSecret],
  ].filter(([, value]) => value === null);
  if (missing.length > 0) {
    throw new AccessConfigError(`OIDC sign-in needs ${missing.map(([name]) => name).join(' and ')} too (or unset all three STEPLENS_OIDC_* variables)`);
  }
  const issuer = parseUrl('STEPLENS_OIDC_ISSUER', issuerText as string);
  if (issuer.protocol !== 'https:' && !isLoopbackHost(issuer.hostname)) {
    throw new AccessConfigError(`STEPLENS_OIDC_ISSUER must be an https:// URL (http:// only for a provider on this machine): ${JSON.stringify(issuerText)}`);
  }
  const viewers = setting(env, 'STEPLENS_OIDC_VIEWERS');
  return {
    issuer,
    clientId: clientId as string,
    clientSecret: clientSecret as string,
    scope: setting(env, 'STEPLENS_OIDC_SCOPE') ?? DEFAULT_OIDC_SCOPE,
    operators: listSetting(setting(env, 'STEPLENS_OIDC_OPERATORS')),
    viewers: viewers === null ? null : listSetting(viewers),
  };
}

function resolvePublicUrl(env: Env): URL | null {
  const text = setting(env, 'STEPLENS_PUBLIC_URL');
  if (text === null) return null;
  const url = parseUrl('STEPLENS_PUBLIC_URL', text);
  if (url.pathname !== '/' || url.search !== '') {
    throw new AccessConfigError(`STEPLENS_PUBLIC_URL must be an origin such as https://steplens.example.com (StepLens serves at the root, not under ${JSON.stringify(url.pathname)})`);
  }
  return url;
}

function parseUrl(name: string, text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AccessConfigError(`${name} is not a URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AccessConfigError(`${name} must be an http(s) URL: ${JSON.stringify(text)}`);
  return url;
}

function requireSecretLength(name: string, value: string): void {
  if (value.length < MIN_SECRET_LENGTH) {
    throw new AccessConfigError(`${name} is ${value.length} characters long; it needs at least ${MIN_SECRET_LENGTH} (e.g. \`openssl rand -hex 32\`)`);
  }
}

/** An unset or blank variable is no setting (an `X=` line in an env file). */
function setting(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

/** A comma-separated list: entries trimmed, empty ones dropped. */
function listSetting(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function deriveCookieKey(material: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', material, 'steplens cookie key', 'steplens session v1', 32));
}

/** How one may sign in, for the /login page and GET /api/auth/session. */
export function signInMethods(config: AccessConfig = accessConfigFromEnv()): { required: boolean; token: boolean; oidc: boolean } {
  return { required: authenticationEnabled(config), token: config.token !== null, oidc: config.oidc !== null };
}
