// The headers every response carries (README: Access): a Content-Security-Policy whose only
// script source is this request's nonce (Next.js puts the nonce on its own scripts when it finds
// the policy in the request headers, proxy.ts; 'strict-dynamic' lets those load their chunks),
// and the usual hardening headers. Pure: proxy.ts applies them.
import { randomBytes } from 'node:crypto';

/** A fresh nonce for one response: 128 random bits, base64. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The policy for a response whose inline scripts carry `nonce`. Styles: stylesheets and `<style>`
 * need the nonce too, but `style="…"` attributes are allowed (React and Recharts render them; a
 * style attribute runs no script).
 */
export function contentSecurityPolicy(nonce: string, options: { https: boolean }): string {
  // Next.js's development server (`steplens dev`) needs eval for React's debugging aids and
  // injects its overlay's styles without the nonce; a build needs neither.
  const development = process.env.NODE_ENV === 'development';
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  // Only over HTTPS: on http://127.0.0.1 it would send the page's own requests to https://.
  if (options.https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** Every response's security headers, the CSP included. */
export function securityHeaders(nonce: string, options: { https: boolean }): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': contentSecurityPolicy(nonce, options),
    'X-Content-Type-Options': 'nosniff',
    // Same-origin requests keep their Referer and Origin (the sign-in form's Origin check needs it);
    // no ARN in a URL leaks to another site.
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  if (options.https) headers['Strict-Transport-Security'] = 'max-age=31536000';
  return headers;
}

/**
 * Whether the browser reached us over HTTPS: STEPLENS_PUBLIC_URL says so, else the request does
 * (`X-Forwarded-Proto`, which Next.js sets from the connection and a TLS-terminating proxy passes on).
 */
export function servedOverHttps(headers: Headers, publicUrl: URL | null): boolean {
  if (publicUrl) return publicUrl.protocol === 'https:';
  return headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}
