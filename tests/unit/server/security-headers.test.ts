import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, securityHeaders, servedOverHttps } from '../../../lib/server/security-headers.ts';

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((directive) => {
    const [name, ...values] = directive.trim().split(/\s+/);
    return [name as string, values];
  }));
}

describe('security headers', () => {
  it('a fresh 128-bit nonce per response', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });

  it('scripts run only with the nonce: no unsafe-inline or unsafe-eval in a build, no framing, no plugins', () => {
    const policy = directives(contentSecurityPolicy('N0nce==', { https: false }));
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-N0nce=='", "'strict-dynamic'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'nonce-N0nce=='"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
    expect(directives(contentSecurityPolicy('n', { https: true })).has('upgrade-insecure-requests')).toBe(true);
  });

  it('sends the hardening headers, and HSTS over HTTPS only', () => {
    const headers = securityHeaders('n', { https: false });
    expect(headers).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Permissions-Policy': expect.stringContaining('camera=()'),
    });
    expect(headers['Strict-Transport-Security']).toBeUndefined();
    expect(securityHeaders('n', { https: true })['Strict-Transport-Security']).toBe('max-age=31536000');
  });

  it('HTTPS is what STEPLENS_PUBLIC_URL says, else X-Forwarded-Proto', () => {
    expect(servedOverHttps(new Headers({ 'x-forwarded-proto': 'https' }), null)).toBe(true);
    expect(servedOverHttps(new Headers({ 'x-forwarded-proto': 'http' }), null)).toBe(false);
    expect(servedOverHttps(new Headers({ 'x-forwarded-proto': 'http' }), new URL('https://steplens.example.com'))).toBe(true);
  });
});
