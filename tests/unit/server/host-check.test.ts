import { describe, expect, it } from 'vitest';
import { hostAllowed, listenAddressFromEnv } from '../../../lib/server/host-check.ts';
import { isLoopbackHost } from '../../../lib/server/loopback.ts';

describe('isLoopbackHost', () => {
  it('knows the loopback names and addresses, and nothing else', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '[::]', '10.0.0.5', '192.168.1.2', 'example.com', 'localhost.example.com', '128.0.0.1', '::ffff:10.0.0.1', '']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe('hostAllowed (DNS rebinding)', () => {
  const loopback = { host: '127.0.0.1', port: 3000 };

  it('on a loopback bind, answers only this machine’s names on its own port', () => {
    for (const host of ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000']) expect(hostAllowed(host, loopback), host).toBe(true);
    // A rebound name, the right name on another port, no Host at all, junk.
    for (const host of ['evil.example:3000', 'evil.example', 'localhost:3001', '127.0.0.1', null, '', 'localhost:3000@evil', '[::1']) {
      expect(hostAllowed(host, loopback), String(host)).toBe(false);
    }
  });

  it('accepts any port when the port is unknown, and every name off loopback', () => {
    expect(hostAllowed('localhost:8080', { host: 'localhost', port: null })).toBe(true);
    expect(hostAllowed('evil.example:8080', { host: 'localhost', port: null })).toBe(false);
    expect(hostAllowed('steplens.example.com', { host: '0.0.0.0', port: 3000 })).toBe(true);
  });

  it('reads the listen address start passes on, else HOSTNAME/HOST and PORT', () => {
    expect(listenAddressFromEnv({ STEPLENS_LISTEN_HOST: '0.0.0.0', STEPLENS_LISTEN_PORT: '4000', HOSTNAME: 'x', PORT: '1' })).toEqual({ host: '0.0.0.0', port: 4000 });
    expect(listenAddressFromEnv({ HOST: '::1', PORT: '3000' })).toEqual({ host: '::1', port: 3000 });
    expect(listenAddressFromEnv({})).toEqual({ host: '127.0.0.1', port: null });
  });
});
