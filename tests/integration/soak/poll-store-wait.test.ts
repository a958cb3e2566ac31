// `steplens poll` started while its PostgreSQL is down (found by the soak: it exited 1 with
// "cannot connect to PostgreSQL", a daemon left to its service manager): it says the store is
// unreachable, retries with backoff, and polls once the server is up; a DATABASE_URL that can
// never work still exits 2 at once, and `--once` still fails at once (exit 1). Real processes,
// over a PostgreSQL server of the test's own (private-postgres.ts) that the test stops and starts.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../lib/emulator/index.ts';
import { closeAllStores, getExecution, openStore } from '../../../lib/store/index.ts';
import { repoRoot, runSteplens } from '../../helpers/run-steplens.ts';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.ts';

let server: PrivatePostgres | null = null;
let emulator: Emulator | null = null;
const dir = mkdtempSync(path.join(tmpdir(), 'steplens-poll-wait-'));
/** A config naming one endpoint source (never a steplens.config.json that happens to be in the folder). */
function configFor(endpoint: string): string {
  const file = path.join(dir, `config-${endpoint.replace(/\W+/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ sources: [{ id: 'emulator', kind: 'endpoint', endpoint }], poll: { intervalMs: 1_000 } }));
  return file;
}
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeAllStores();
  await emulator?.close();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  // The server's fast shutdown ends this probe's connection with an 'error' event (57P01).
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, detail = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await sleep(200);
  }
}

describe('steplens poll while the store is down', () => {
  it('retries with backoff until PostgreSQL comes up, then polls; stops cleanly on SIGTERM', async () => {
    server = await startPrivatePostgres();
    emulator = await startEmulator({ port: 0 });
    const { stateMachineArn } = await emulator.callSfn('CreateStateMachine', {
      name: 'waits',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
    });
    const { executionArn } = await emulator.callSfn('StartExecution', { stateMachineArn, input: '{"n":1}' });
    const env = { DATABASE_URL: server.url, STEPLENS_CONFIG: configFor(emulator.url), STEPLENS_POLLER_ID: 'wait-test' };

    const pgServer = server;
    const restart = pgServer.restart(9_000);
    await until('PostgreSQL to stop', async () => !(await accepts(pgServer.url)), 30_000);

    // --once fails at once while the store is down: exit 1 (it may work later), one line.
    const once = await runSteplens(['poll', '--once'], { env });
    expect(once.code, once.stderr).toBe(1);
    expect(once.stderr).toMatch(/^steplens: cannot connect to PostgreSQL at postgresql:\/\/steplens:\*\*\*@127\.0\.0\.1:\d+\/steplens: .*ECONNREFUSED/m);

    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'steplens.mjs'), 'poll'], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const unreachable = () => output.split('\n').filter((line) => line.startsWith('steplens poll: the store is unreachable'));
      await until('two "unreachable" lines', () => unreachable().length >= 2 || child.exitCode !== null, 30_000, () => output);
      expect(child.exitCode, output).toBeNull();
      // One line each, the cause without the password, and the wait growing.
      const [first, second] = unreachable();
      expect(first).toMatch(/^steplens poll: the store is unreachable \(cannot connect to PostgreSQL at postgresql:\/\/steplens:\*\*\*@[^)]*ECONNREFUSED[^)]*\); retrying in 1 s \(attempt 1\)$/);
      expect(second).toMatch(/retrying in 2 s \(attempt 2\)$/);

      await restart;
      await until('the poller to store the execution', async () => {
        if (child.exitCode !== null) return true;
        const store = await openStore(pgServer.url);
        return (await getExecution(store, executionArn as string))?.execution.historyComplete === true;
      }, 60_000, () => output);
      expect(child.exitCode, output).toBeNull();
      expect(output).toMatch(/steplens poll: the store answers again \(attempt \d+\); polling starts/);
      expect(output).toMatch(/steplens poll: polling /);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, output).toBe(0);
  }, 180_000);

  it('exits 2 at once, with one line, when DATABASE_URL can never work', async () => {
    const base = { STEPLENS_CONFIG: configFor('http://127.0.0.1:9') };
    const unsupported = await runSteplens(['poll'], { env: { ...base, DATABASE_URL: 'mysql://u:secret@127.0.0.1/db' } });
    expect(unsupported.code, unsupported.stderr).toBe(2);
    expect(unsupported.stderr.trim()).toBe('steplens: DATABASE_URL "mysql://u:***@127.0.0.1/db" is not supported: use file:<path> (SQLite) or postgresql://user:password@host:port/db');
    // The server answers, but the database does not exist: waiting would not help.
    const url = (server as PrivatePostgres).url.replace(/\/steplens$/, '/no_such_database');
    const missing = await runSteplens(['poll'], { env: { ...base, DATABASE_URL: url } });
    expect(missing.code, missing.stderr).toBe(2);
    expect(missing.stderr).toMatch(/^steplens: cannot connect to PostgreSQL at .*no_such_database: database "no_such_database" does not exist$/m);
    expect(missing.stderr).not.toMatch(/unreachable|retrying/);
  }, 60_000);
});
