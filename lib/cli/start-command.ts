import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, resolveSources } from '../config/index.ts';
import { startBackgroundReanalysis, type BackgroundReanalysis } from '../ingest/index.ts';
import { startPoller } from '../poller/index.ts';
import { openStore } from '../store/index.ts';
import { buildApp, buildIsCurrent, runNode } from './app-build.ts';
import { alertRunnerFor, type AlertWiring } from './alert-runner-for.ts';
import { CliError } from './cli-error.ts';
import { startDemoSource, type DemoSource } from './demo-source.ts';
import { projectRoot } from './project-root.ts';
import { checkServeAccess, listenAddress } from './serve-access.ts';

export const startUsage = `Usage: steplens start [--port N] [--host H]

Builds the dashboard if the build is missing or stale, creates and migrates the store
(DATABASE_URL; default SQLite data/steplens.db), starts the poller and serves the dashboard.
Sources come from ./steplens.config.json (or STEPLENS_CONFIG) or AWS_ENDPOINT_URL_SFN; with none,
the built-in emulator runs its demo on 127.0.0.1:8083 (STEPLENS_EMULATOR_PORT) and is polled,
unless STEPLENS_DEMO=off (then the store alone is served).
  --port N   default $PORT or 3000
  --host H   default $HOSTNAME, $HOST or 127.0.0.1; any address but loopback needs sign-in
             configured (STEPLENS_AUTH_TOKEN or STEPLENS_OIDC_*; README: Access)`;

export async function startCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(startUsage);
    return 0;
  }
  const root = projectRoot();
  const { host, port } = listenAddress('start', values, process.env);
  checkServeAccess('start', host, process.env); // before the store, the demo and the build

  const store = await openStore(); // creates and migrates the store before the first request
  let demo: DemoSource | null = null;
  let poller: ReturnType<typeof startPoller> | null = null;
  let rebuild: BackgroundReanalysis | null = null;
  let alerts: AlertWiring | null = null;
  try {
    // Rows an older analyzer wrote are rebuilt while the dashboard serves (GET /api/health says so).
    rebuild = startBackgroundReanalysis(store, (line) => console.error(line));
    let resolved = resolveConfiguredSources(process.env);
    if (!resolved.configured && !demoDisabled(process.env)) {
      demo = await startDemoSource(process.env);
      resolved = resolveConfiguredSources({ ...process.env, ...demo.env });
      console.log(`steplens: no source configured; polling the built-in emulator's demo at ${demo.url}`);
    }
    if (resolved.configured) {
      const { config } = resolved;
      const log = (line: string): void => console.error(line);
      // Alert rules are evaluated after every poll cycle, in this process (lib/alerts).
      alerts = alertRunnerFor(config, store, { host, port, log });
      poller = startPoller({
        store,
        sources: config.sources,
        poll: config.poll,
        quota: config.quota,
        log,
        // Events past the configured retention are pruned by this process (README "Retention").
        retention: config.retention,
        ...(alerts ? { pollerId: alerts.pollerId, afterCycle: alerts.afterCycle } : {}),
      });
    } else {
      console.log('steplens: no source configured and STEPLENS_DEMO=off: serving the store only (steplens import fills it)');
    }

    if (!buildIsCurrent(root)) {
      console.log('steplens: building the dashboard (first start or sources changed)…');
      const code = await buildApp(root);
      if (code !== 0) throw new CliError(`start: the dashboard build failed (next build exited with ${code})`);
    }
    // `steplens serve` (Next.js behind the request policy, serve-command.ts) in a process of its
    // own, as `next start` was; it sees the same sources (for its on-demand fetch of unknown executions).
    // STEPLENS_LISTEN_*: where it listens, for the Host-header check (lib/server/host-check.ts).
    return await runNode(root, [join(root, 'bin', 'steplens.mjs'), 'serve', '--host', host, '--port', port], {
      ...process.env,
      ...(demo?.env ?? {}),
      STEPLENS_LISTEN_HOST: host,
      STEPLENS_LISTEN_PORT: port,
    });
  } finally {
    await rebuild?.stop();
    await alerts?.runner.stop();
    await poller?.stop();
    await demo?.stop();
    await store.close();
  }
}

/** STEPLENS_DEMO=off (or 0/false/no) serves the store alone, e.g. to browse imported files. */
function demoDisabled(env: Readonly<Record<string, string | undefined>>): boolean {
  return /^(off|0|false|no)$/i.test(env.STEPLENS_DEMO ?? '');
}

function resolveConfiguredSources(env: Readonly<Record<string, string | undefined>>) {
  try {
    return resolveSources(env, process.cwd());
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`start: ${error.message}`);
    throw error;
  }
}
