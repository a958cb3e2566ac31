// The Host-header check against DNS rebinding: a page on evil.example whose name the attacker
// re-points at 127.0.0.1 reaches a dashboard bound to loopback as same-origin, and could read it.
// Such requests carry `Host: evil.example:PORT`; a dashboard bound to loopback answers only the
// names and addresses of this machine (an IP literal cannot be rebound), on its own port.
import { isLoopbackHost } from './loopback.ts';

export interface ListenAddress {
  host: string;
  /** Null when unknown (then any port is accepted). */
  port: number | null;
}

/**
 * Where this server listens, as `steplens start` tells the server process (STEPLENS_LISTEN_HOST,
 * STEPLENS_LISTEN_PORT), else HOSTNAME/HOST and PORT as `steplens serve` reads them.
 */
export function listenAddressFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): ListenAddress {
  const host = env.STEPLENS_LISTEN_HOST || env.HOSTNAME || env.HOST || '127.0.0.1';
  const portText = env.STEPLENS_LISTEN_PORT || env.PORT;
  const port = portText && /^\d+$/.test(portText) ? Number(portText) : null;
  return { host, port };
}

/**
 * Whether a request with this Host header may be served. Off a loopback bind every name is
 * accepted (the operator chose to serve the network, with sign-in required).
 */
export function hostAllowed(hostHeader: string | null, listen: ListenAddress): boolean {
  if (!isLoopbackHost(listen.host)) return true;
  const parsed = parseHost(hostHeader ?? '');
  if (parsed === null || !isLoopbackHost(parsed.name)) return false;
  return listen.port === null || parsed.port === listen.port;
}

/** `name[:port]` (IPv6 in brackets) → name and port (80 when absent); null when malformed. */
function parseHost(host: string): { name: string; port: number } | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!match) return null;
  return { name: match[1] as string, port: match[2] === undefined ? 80 : Number(match[2]) };
}
