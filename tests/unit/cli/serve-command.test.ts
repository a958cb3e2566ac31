import { describe, expect, it } from 'vitest';
import { forwardedHeaders } from '../../../lib/cli/serve-command.ts';

// What `steplens serve` tells the app about the client (the sign-in limiter's key, HTTPS or not):
// the connection's own address unless the peer is a reverse proxy on this machine.
describe('forwardedHeaders', () => {
  it("replaces a remote client's own X-Forwarded-For and -Proto with the connection's", () => {
    expect(forwardedHeaders('203.0.113.7', { 'x-forwarded-for': '10.0.0.1', 'x-forwarded-proto': 'https' })).toEqual({ for: '203.0.113.7', proto: 'http' });
    expect(forwardedHeaders('::ffff:198.51.100.2', {})).toEqual({ for: '::ffff:198.51.100.2', proto: 'http' });
  });

  it("takes a loopback proxy's last entry (the address it saw) and its scheme", () => {
    expect(forwardedHeaders('127.0.0.1', { 'x-forwarded-for': 'forged-by-client, 203.0.113.9', 'x-forwarded-proto': 'https' })).toEqual({ for: '203.0.113.9', proto: 'https' });
    expect(forwardedHeaders('::1', { 'x-forwarded-for': ' 192.0.2.4 ' })).toEqual({ for: '192.0.2.4', proto: 'http' });
    expect(forwardedHeaders('::ffff:127.0.0.1', { 'x-forwarded-proto': 'gopher' })).toEqual({ for: '::ffff:127.0.0.1', proto: 'http' });
  });

  it('names an unknown peer "unknown"', () => {
    expect(forwardedHeaders(undefined, { 'x-forwarded-for': '1.2.3.4' })).toEqual({ for: 'unknown', proto: 'http' });
  });
});
