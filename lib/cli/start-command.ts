import { parseArgs } from 'node:util';
import { openStore } from '../store/index.ts';
import { buildApp, buildIsCurrent, runNext } from './app-build.ts';
import { CliError } from './cli-error.ts';
import { projectRoot } from './project-root.ts';

export const startUsage = `Usage: steplens start [--port N] [--host H]

Builds the dashboard if the build is missing or stale, creates and migrates the store
(DATABASE_URL; default SQLite data/steplens.db), and serves it.
  --port N   default $PORT or 3000
  --host H   default $HOSTNAME, $HOST or 127.0.0.1`;

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
  const host = values.host ?? process.env.HOSTNAME ?? process.env.HOST ?? '127.0.0.1';
  const port = values.port ?? process.env.PORT ?? '3000';
  if (!/^\d+$/.test(port) || Number(port) > 65535) throw new CliError(`start: invalid port "${port}"`);

  const store = await openStore(); // creates and migrates the store before the first request
  await store.close();

  if (!buildIsCurrent(root)) {
    console.log('steplens: building the dashboard (first start or sources changed)…');
    const code = await buildApp(root);
    if (code !== 0) throw new CliError(`start: the dashboard build failed (next build exited with ${code})`);
  }
  console.log(`steplens: serving on http://${host}:${port}`);
  return runNext(root, ['start', '--hostname', host, '--port', port]);
}
