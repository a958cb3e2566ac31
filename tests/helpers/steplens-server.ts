import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './run-steplens';

export interface RunningServer {
  baseUrl: string;
  /** Environment to run other steplens commands against the same store. */
  env: Record<string, string>;
  log: () => string;
  stop: () => Promise<void>;
  /** Process id of `steplens start` (benches read its resident memory). */
  pid: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * `steplens start` on a free port over a fresh SQLite store in a temporary folder, as a user
 * runs it: with the demo emulator and poller (`demo: true`), or serving the store alone. The build itself is made once by tests/global-setup.ts, so servers started by
 * parallel test files never build concurrently.
 */
export async function startSteplensServer(options: { demo?: boolean; timeoutMs?: number; databaseUrl?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'steplens-server-'));
  // An existing store (databaseUrl) is the caller's to remove; the fresh one goes with the server.
  const databaseUrl = options.databaseUrl ?? `file:${join(dataDir, 'store.db')}`;
  // Without a source, start runs the demo emulator; each server gets its own emulator port.
  const env: Record<string, string> = options.demo
    ? { DATABASE_URL: databaseUrl, STEPLENS_EMULATOR_PORT: String(await freePort()) }
    : { DATABASE_URL: databaseUrl, STEPLENS_DEMO: 'off' };
  Object.assign(env, options.env ?? {});
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'steplens.mjs'), 'start', '--port', String(port)], {
    cwd: repoRoot,
    env: { ...process.env, ...env, HOSTNAME: '127.0.0.1' },
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`steplens start exited early (${child.exitCode}):\n${log.slice(-4000)}`);
    }
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return { baseUrl, env, log: () => log, stop, pid: child.pid as number };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await stop();
  throw new Error(`steplens start did not answer /api/health within ${timeoutMs} ms:\n${log.slice(-4000)}`);
}
