// Whether the dashboard may serve on an address (DESIGN.md §2.7): loopback always; any other
// address only with authentication configured. Checked before anything starts, so a bad setting
// is one line and exit 2, not a dashboard open to the network.
import { AccessConfigError, authenticationEnabled, resolveAccessConfig, type AccessConfig } from '../server/auth/access-config.ts';
import { isLoopbackHost } from '../server/loopback.ts';
import { CliError } from './cli-error.ts';

/**
 * Where to listen: the flags, else HOSTNAME/HOST and PORT, else 127.0.0.1:3000. An empty value is
 * unset (an empty host would listen on every interface). Throws CliError for a bad port.
 */
export function listenAddress(command: string, flags: { host?: string; port?: string }, env: Readonly<Record<string, string | undefined>>): { host: string; port: string } {
  const host = flags.host || env.HOSTNAME || env.HOST || '127.0.0.1';
  const port = flags.port || env.PORT || '3000';
  if (!/^\d+$/.test(port) || Number(port) > 65535) throw new CliError(`${command}: invalid port "${port}"`);
  return { host, port };
}

/** The access settings for serving on `host`; throws CliError (prefixed with `command`) when it may not. */
export function checkServeAccess(command: string, host: string, env: Readonly<Record<string, string | undefined>>): AccessConfig {
  let config: AccessConfig;
  try {
    config = resolveAccessConfig(env);
  } catch (error) {
    if (error instanceof AccessConfigError) throw new CliError(`${command}: ${error.message}`);
    throw error;
  }
  if (!isLoopbackHost(host) && !authenticationEnabled(config)) {
    throw new CliError(
      `${command}: refusing to serve on ${host} without sign-in: set STEPLENS_AUTH_TOKEN (32+ characters, e.g. \`openssl rand -hex 32\`) or STEPLENS_OIDC_ISSUER, STEPLENS_OIDC_CLIENT_ID and STEPLENS_OIDC_CLIENT_SECRET, or serve on 127.0.0.1`,
    );
  }
  return config;
}
