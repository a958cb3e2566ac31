// Which addresses and names are this machine only. Used by `steplens start` (may it serve without
// sign-in?), by the Host-header check (DNS rebinding) and by the OIDC issuer check (http allowed
// only for a provider on this machine, as in the tests).
import { isIP } from 'node:net';

/** Host names a browser uses for this machine; other names can be rebound by their DNS owner. */
export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Whether `host` (a listen address or a URL's hostname; IPv6 with or without brackets) is on the
 * loopback interface only: `localhost`, 127.0.0.0/8, ::1 or ::ffff:127.x. `0.0.0.0`, `::`, other
 * names and other addresses are not.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost') return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || name === '0:0:0:0:0:0:0:1' || /^(::|(0{1,4}:){5})ffff:127\./.test(name);
  return false;
}
