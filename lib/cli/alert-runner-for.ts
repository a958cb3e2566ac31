// Wires the alert rules of the configuration to the poller of `steplens start` / `steplens poll`:
// the runner evaluates after each cycle (PollerOptions.afterCycle) under the poller's own id.
import { createAlertRunner, type AlertRunner } from '../alerts/index.ts';
import type { StepLensConfig } from '../config/index.ts';
import { defaultPollerId } from '../poller/index.ts';
import type { Store } from '../store/index.ts';

export interface AlertWiring {
  runner: AlertRunner;
  afterCycle: () => Promise<unknown>;
  pollerId: string;
}

/**
 * The base of the links in deliveries: the config's `dashboardUrl`, else STEPLENS_DASHBOARD_URL,
 * else where `steplens start` serves (HOST/PORT, default http://127.0.0.1:3000).
 */
export function dashboardUrlOf(config: StepLensConfig, env: Readonly<Record<string, string | undefined>>, host?: string, port?: string): string {
  const listening = host ?? env.HOSTNAME ?? env.HOST ?? '127.0.0.1';
  const shown = listening === '0.0.0.0' || listening === '::' ? '127.0.0.1' : listening;
  return config.dashboardUrl ?? env.STEPLENS_DASHBOARD_URL?.trim() ?? `http://${shown.includes(':') ? `[${shown}]` : shown}:${port ?? env.PORT ?? '3000'}`;
}

/** The runner for the config's rules, or null when it has none. */
export function alertRunnerFor(
  config: StepLensConfig,
  store: Store,
  options: { env?: Readonly<Record<string, string | undefined>>; host?: string; port?: string; log?: (line: string) => void } = {},
): AlertWiring | null {
  if (config.alerts.length === 0) return null;
  const env = options.env ?? process.env;
  const pollerId = defaultPollerId(env);
  const runner = createAlertRunner({
    store,
    rules: config.alerts,
    dashboardUrl: dashboardUrlOf(config, env, options.host, options.port),
    owner: pollerId,
    // As long as the poller's own leases (3 poll intervals, at least a minute).
    leaseTtlMs: Math.max(60_000, 3 * config.poll.intervalMs),
    ...(options.log ? { log: options.log } : {}),
  });
  return { runner, pollerId, afterCycle: () => runner.evaluate() };
}
