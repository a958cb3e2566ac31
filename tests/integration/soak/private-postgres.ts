// A PostgreSQL server of the soak's own (initdb in a temporary folder, a free port on 127.0.0.1,
// trust authentication there only), so the soak can stop and start it without disturbing the
// shared cluster on 5432 that other test files use at the same time. Needs the server binaries
// of Debian's `postgresql` package (what tests/setup/prerequisites.mjs installs); as root, the
// server runs as the `postgres` user (postgres refuses to run as root).
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../helpers/steplens-server.ts';

export interface PrivatePostgres {
  /** DATABASE_URL of the database `steplens` on this server. */
  url: string;
  port: number;
  /** Stops the server (fast shutdown: open connections are cut), waits `downMs`, starts it again. Returns when it accepts connections, with when it went down and came back (epoch ms). */
  restart(downMs: number): Promise<{ downAt: number; upAt: number }>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
  /** The server's log (for a failure message). */
  logTail(): string;
}

const execFileAsync = promisify(execFile);

function binDir(): string {
  const config = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const fromConfig = config.status === 0 ? config.stdout.trim() : '';
  if (fromConfig && existsSync(path.join(fromConfig, 'initdb'))) return fromConfig;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) {
    throw new Error('the soak starts a PostgreSQL server of its own and found no initdb (pg_config --bindir, /usr/lib/postgresql/*/bin): apt-get install -y postgresql');
  }
  return path.join(root, newest, 'bin');
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'steplens-soak-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const port = await freePort();
  // Root: every command runs as `postgres`, which must own the folder (mkdtemp made it 0700 root).
  // Asynchronous: the soak's API clients share this process and must not stall while it waits.
  const run = async (tool: string, args: string[]): Promise<void> => {
    const command = asRoot ? 'runuser' : path.join(bin, tool);
    const argv = asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args;
    try {
      await execFileAsync(command, argv, { encoding: 'utf8', timeout: 120_000 });
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${tool} ${args.join(' ')} failed: ${(e.stderr || e.stdout || e.message).trim().slice(-2000)}`);
    }
  };
  if (asRoot) chownSync(dir, ...postgresIds());
  await run('initdb', ['-D', data, '-U', 'steplens', '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C']);
  // Loopback TCP only; the socket in our own folder (not /var/run/postgresql, which the shared cluster uses).
  writeFileSync(
    path.join(data, 'postgresql.auto.conf'),
    [`port = ${port}`, `listen_addresses = '127.0.0.1'`, `unix_socket_directories = '${dir}'`, 'max_connections = 100', 'shared_buffers = 64MB', ''].join('\n'),
  );
  if (asRoot) chownSync(path.join(data, 'postgresql.auto.conf'), ...postgresIds());
  const start = () => run('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', 'start']);
  const stopServer = (mode: 'fast' | 'immediate') => run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
  await start();
  const url = `postgresql://steplens:steplens@127.0.0.1:${port}/steplens`;
  const admin = new pg.Client({ connectionString: `postgresql://steplens@127.0.0.1:${port}/postgres` });
  await admin.connect();
  try {
    await admin.query('CREATE DATABASE steplens');
  } finally {
    await admin.end();
  }
  let running = true;
  return {
    url,
    port,
    async restart(downMs) {
      const downAt = Date.now();
      await stopServer('fast');
      running = false;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
      running = true;
      return { downAt, upAt: Date.now() };
    },
    async stop() {
      if (running) {
        try {
          await stopServer('immediate');
        } catch {
          // already down; the folder goes anyway
        }
        running = false;
      }
      rmSync(dir, { recursive: true, force: true });
    },
    logTail() {
      const read = spawnSync('tail', ['-n', '40', logFile], { encoding: 'utf8' });
      return read.stdout ?? '';
    },
  };
}

function postgresIds(): [number, number] {
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('running as root, the soak runs PostgreSQL as the user `postgres`, which does not exist: apt-get install -y postgresql');
  return [uid, gid];
}
