import { parseArgs } from 'node:util';
import { ConfigError, resolveSources } from '../config/index.ts';
import { pollOnce, startPoller, type PollerStatsSnapshot } from '../poller/index.ts';
import { openStore, releasePollerLeases, StoreError } from '../store/index.ts';
import { alertRunnerFor } from './alert-runner-for.ts';
import { CliError } from './cli-error.ts';
import { openStoreWaiting, storeMayComeUp } from './open-store-waiting.ts';

export const pollUsage = `Usage: steplens poll [--once]

Ingests executions from the configured sources into the store (DATABASE_URL, default
data/steplens.db). Sources come from ./steplens.config.json (or the file STEPLENS_CONFIG names)
or from AWS_ENDPOINT_URL_SFN (+ AWS_ENDPOINT_URL_CLOUDWATCH_LOGS); ambient AWS credentials
alone never make a source. Uses at most half of each AWS API token bucket by default.
  --once    catch up with every source (running executions read once), then exit
            (status 1 when a source failed)`;

/** `steplens poll [--once]`. */
export async function pollCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { once: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(pollUsage);
    return 0;
  }
  let resolved;
  try {
    resolved = resolveSources(process.env, process.cwd());
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  if (!resolved.configured) throw new CliError(`poll: ${resolved.reason}`);
  const { config } = resolved;
  const log = (line: string): void => console.error(line);
  // A daemon: SIGTERM / SIGINT stop it, also while it waits for the store.
  const stopping = new AbortController();
  const stop = () => stopping.abort();
  if (!values.once) {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  // --once fails at once (exit 1 when the store may come up later, 2 when DATABASE_URL cannot
  // work); the daemon waits for a store that is not up yet, with backoff (open-store-waiting.ts).
  const store = values.once ? await openStore(process.env.DATABASE_URL).catch((error: unknown) => {
    if (error instanceof StoreError) throw new CliError(error.message, storeMayComeUp(error) ? 1 : 2);
    throw error;
  }) : await openStoreWaiting(process.env.DATABASE_URL, { log, signal: stopping.signal });
  if (store === null) {
    console.error('steplens poll: stopped before the store answered');
    return 0;
  }
  // Alert rules are evaluated after every cycle, in this process (lib/alerts).
  const alerts = alertRunnerFor(config, store, { log });
  const options = { store, sources: config.sources, poll: config.poll, quota: config.quota, log, retention: config.retention, ...(alerts ? { pollerId: alerts.pollerId, afterCycle: alerts.afterCycle } : {}) };
  try {
    if (values.once) {
      const result = await pollOnce(options);
      // Once: each delivery due gets one attempt; retries wait for the next run.
      if (alerts) {
        await alerts.runner.sendDue();
        await alerts.runner.stop();
        await releasePollerLeases(store, alerts.pollerId);
      }
      console.log(summary(result.stats));
      return result.errors.length > 0 ? 1 : 0;
    }
    const poller = startPoller(options);
    console.error(`steplens poll: polling ${config.sources.map((s) => s.id).join(', ')} every ${config.poll.intervalMs} ms (Ctrl-C stops)`);
    if (alerts) console.error(`steplens poll: ${alerts.runner.rules.length} alert rule${alerts.runner.rules.length === 1 ? '' : 's'} evaluated after each cycle`);
    let last = '';
    const progress = setInterval(() => {
      const line = summary(poller.stats());
      if (line !== last) console.error(`steplens poll: ${line}`);
      last = line;
    }, 10_000);
    if (!stopping.signal.aborted) await new Promise<void>((resolve) => stopping.signal.addEventListener('abort', () => resolve(), { once: true }));
    clearInterval(progress);
    await alerts?.runner.stop();
    await poller.stop();
    console.error(`steplens poll: stopped; ${summary(poller.stats())}`);
    return 0;
  } finally {
    await store.close();
  }
}

function summary(stats: PollerStatsSnapshot): string {
  const calls = Object.entries(stats.apiCalls)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  const lag = stats.lagP50Ms !== null ? `, lag p50 ${stats.lagP50Ms} ms p95 ${stats.lagP95Ms} ms` : '';
  return `${stats.executionsCompleted} executions complete, ${stats.eventsStored} events stored, backlog ${stats.backlog}${stats.backfilling ? ' (backfilling)' : ''}; API calls: ${calls || 'none'}; throttled ${stats.throttled}${lag}`;
}
