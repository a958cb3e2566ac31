import { describe, expect, it } from 'vitest';
import { accessConfigFromEnv, AccessConfigError, authenticationEnabled, resolveAccessConfig, signInMethods } from '../../../../lib/server/auth/access-config.ts';

const TOKEN = 'a'.repeat(32);
const OIDC = { STEPLENS_OIDC_ISSUER: 'https://id.example.com/', STEPLENS_OIDC_CLIENT_ID: 'steplens', STEPLENS_OIDC_CLIENT_SECRET: 'client-secret' };

function refusal(env: Record<string, string>): string {
  try {
    resolveAccessConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(AccessConfigError);
    return (error as Error).message;
  }
  throw new Error('resolveAccessConfig accepted it');
}

describe('resolveAccessConfig', () => {
  it('is off with nothing set (and with blank values, as an env file writes them)', () => {
    for (const env of [{}, { STEPLENS_AUTH_TOKEN: '' }, { STEPLENS_AUTH_TOKEN: '  ', STEPLENS_OIDC_ISSUER: '' }]) {
      const config = resolveAccessConfig(env);
      expect(authenticationEnabled(config)).toBe(false);
      expect(config.cookieKey).toBeNull();
      expect(signInMethods(config)).toEqual({ required: false, token: false, oidc: false });
    }
  });

  it('takes a token of 32 characters or more, and refuses a shorter one naming the length and a fix', () => {
    const config = resolveAccessConfig({ STEPLENS_AUTH_TOKEN: TOKEN });
    expect(config.token).toBe(TOKEN);
    expect(config.cookieKey).toHaveLength(32);
    expect(signInMethods(config)).toEqual({ required: true, token: true, oidc: false });
    expect(refusal({ STEPLENS_AUTH_TOKEN: 'a'.repeat(31) })).toBe('STEPLENS_AUTH_TOKEN is 31 characters long; it needs at least 32 (e.g. `openssl rand -hex 32`)');
  });

  it('needs all three OIDC variables, naming the missing ones', () => {
    expect(refusal({ STEPLENS_OIDC_ISSUER: 'https://id.example.com' })).toBe(
      'OIDC sign-in needs STEPLENS_OIDC_CLIENT_ID and STEPLENS_OIDC_CLIENT_SECRET too (or unset all three STEPLENS_OIDC_* variables)',
    );
    const config = resolveAccessConfig({ ...OIDC, STEPLENS_OIDC_OPERATORS: ' ops@example.com, ,admins ' });
    expect(config.oidc).toMatchObject({ clientId: 'steplens', scope: 'openid email profile', operators: ['ops@example.com', 'admins'], viewers: null });
    expect(signInMethods(config)).toEqual({ required: true, token: false, oidc: true });
  });

  it('refuses an http issuer unless it is on this machine, and a URL that is not one', () => {
    expect(refusal({ ...OIDC, STEPLENS_OIDC_ISSUER: 'http://id.example.com' })).toMatch(/^STEPLENS_OIDC_ISSUER must be an https:\/\/ URL/);
    expect(resolveAccessConfig({ ...OIDC, STEPLENS_OIDC_ISSUER: 'http://127.0.0.1:9000/' }).oidc?.issuer.href).toBe('http://127.0.0.1:9000/');
    expect(refusal({ ...OIDC, STEPLENS_OIDC_ISSUER: 'id.example.com' })).toBe('STEPLENS_OIDC_ISSUER is not a URL: "id.example.com"');
  });

  it('takes STEPLENS_PUBLIC_URL as an origin only', () => {
    expect(resolveAccessConfig({ STEPLENS_PUBLIC_URL: 'https://steplens.example.com' }).publicUrl?.origin).toBe('https://steplens.example.com');
    expect(refusal({ STEPLENS_PUBLIC_URL: 'https://example.com/steplens' })).toMatch(/^STEPLENS_PUBLIC_URL must be an origin/);
  });

  it('derives a different cookie key from another token or session secret (changing either signs everyone out)', () => {
    const key = (env: Record<string, string>) => Buffer.from(resolveAccessConfig(env).cookieKey as Uint8Array).toString('hex');
    const first = key({ STEPLENS_AUTH_TOKEN: TOKEN });
    expect(key({ STEPLENS_AUTH_TOKEN: TOKEN })).toBe(first);
    expect(key({ STEPLENS_AUTH_TOKEN: 'b'.repeat(32) })).not.toBe(first);
    expect(key({ STEPLENS_AUTH_TOKEN: TOKEN, STEPLENS_SESSION_SECRET: 'c'.repeat(32) })).not.toBe(first);
    expect(refusal({ STEPLENS_AUTH_TOKEN: TOKEN, STEPLENS_SESSION_SECRET: 'short' })).toMatch(/^STEPLENS_SESSION_SECRET is 5 characters long/);
  });

  it('accessConfigFromEnv follows the environment it is given', () => {
    expect(accessConfigFromEnv({}).token).toBeNull();
    expect(accessConfigFromEnv({ STEPLENS_AUTH_TOKEN: TOKEN }).token).toBe(TOKEN);
    expect(() => accessConfigFromEnv({ STEPLENS_AUTH_TOKEN: 'x' })).toThrow(AccessConfigError);
  });
});
