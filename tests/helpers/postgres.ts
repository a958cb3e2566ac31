// Finds or starts the local PostgreSQL for tests and benches, and hands out fresh databases.
// - STEPLENS_TEST_POSTGRES_URL set: that server is used as is (its role needs CREATEDB).
// - else: the local cluster (DESIGN.md §3: PostgreSQL 15 installed, not running). If
//   `pg_isready` fails it is started with `pg_ctlcluster <version> <cluster> start` (we run as
//   root, in CI too), and role `steplens` / password `steplens` (CREATEDB) and database
//   `steplens` are created through `su postgres -c psql` when missing.
// Never skips: when no server can be found or started, it throws a one-paragraph explanation.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_POSTGRES_ENV = 'STEPLENS_TEST_POSTGRES_URL';
const LOCAL_URL = 'postgresql://steplens:steplens@127.0.0.1:5432/steplens';

export interface TestPostgres {
  /** A database on the server that the role can connect to and create databases from. */
  url: string;
  /** Set when this call started the cluster: stops it again. */
  stop?: () => Promise<void>;
}

export interface TestDatabase {
  /** DATABASE_URL of a new, empty database. */
  url: string;
  /** Drops the database (closing connections still open to it). */
  drop: () => Promise<void>;
}

class PostgresUnavailableError extends Error {
  override name = 'PostgresUnavailableError';
}

function fail(why: string): never {
  throw new PostgresUnavailableError(
    `PostgreSQL is required for the store tests and none could be used: ${why}. ` +
      `Install PostgreSQL 15 (apt-get install -y postgresql) and run as root so the tests can start it, ` +
      `or set ${TEST_POSTGRES_ENV}=postgresql://user:password@host:port/db (a role with CREATEDB).`,
  );
}

let found: Promise<TestPostgres> | null = null;

/** The server to use (memoised per process). */
export function findOrStartPostgres(): Promise<TestPostgres> {
  found ??= locate();
  found.catch(() => {
    found = null;
  });
  return found;
}

async function locate(): Promise<TestPostgres> {
  const override = process.env[TEST_POSTGRES_ENV]?.trim();
  if (override) {
    const error = await tryConnect(override);
    if (error !== null) fail(`cannot connect to ${TEST_POSTGRES_ENV} (${redact(override)}): ${error}`);
    return { url: override };
  }
  let started: { version: string; cluster: string } | null = null;
  if (!isReady()) started = startLocalCluster();
  if ((await tryConnect(LOCAL_URL)) !== null) {
    createLocalRole();
    const error = await tryConnect(LOCAL_URL);
    if (error !== null) fail(`connecting as role steplens after creating it failed: ${error}`);
  }
  const result: TestPostgres = { url: LOCAL_URL };
  if (started !== null) {
    const { version, cluster } = started;
    result.stop = async () => {
      spawnSync('pg_ctlcluster', [version, cluster, 'stop'], { stdio: 'ignore' });
    };
  }
  return result;
}

function isReady(): boolean {
  const r = spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-t', '2'], { stdio: 'ignore' });
  if (r.error) fail(`pg_isready is not installed (${r.error.message})`);
  return r.status === 0;
}

function startLocalCluster(): { version: string; cluster: string } {
  const list = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  if (list.error || list.status !== 0) fail('pg_lsclusters failed: is the postgresql package installed?');
  const line = list.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((cols) => cols[2] === '5432');
  const version = line?.[0];
  const cluster = line?.[1];
  if (version === undefined || cluster === undefined) fail('no PostgreSQL cluster on port 5432 (pg_lsclusters)');
  // Another test process may be starting it at the same moment: the outcome is judged by pg_isready.
  const start = spawnSync('pg_ctlcluster', [version, cluster, 'start'], { encoding: 'utf8' });
  const deadline = Date.now() + 30_000;
  while (!isReady()) {
    if (Date.now() > deadline) {
      fail(`\`pg_ctlcluster ${version} ${cluster} start\` did not bring it up (${(start.stderr || start.stdout || '').trim() || `exit ${start.status}`}); are we root?`);
    }
    spawnSync('sleep', ['0.3']);
  }
  return { version, cluster };
}

function createLocalRole(): void {
  const sql = `
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'steplens') THEN
        CREATE ROLE steplens LOGIN PASSWORD 'steplens' CREATEDB;
      END IF;
    END $$;
    ALTER ROLE steplens LOGIN PASSWORD 'steplens' CREATEDB;
    SELECT 'CREATE DATABASE steplens OWNER steplens' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'steplens') \\gexec
  `;
  try {
    execFileSync('su', ['postgres', '-c', 'psql -q -v ON_ERROR_STOP=1'], { input: sql, stdio: ['pipe', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? (error as Error).message).trim();
    // A concurrent test process may have won the race; the caller re-checks by connecting.
    if (!/already exists/.test(stderr)) fail(`creating role steplens with \`su postgres -c psql\` failed: ${stderr}`);
  }
}

async function tryConnect(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates a fresh, empty database on the test server; `label` makes its name recognisable. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const server = await findOrStartPostgres();
  const safe = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
  const name = `steplens_${safe}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(server.url, `CREATE DATABASE "${name}"`);
  const url = withDatabase(server.url, name);
  return { url, drop: () => dropDatabase(server.url, name) };
}

/**
 * DROP … WITH (FORCE) can fail while an autovacuum worker (a superuser process our role may not
 * terminate) is busy in the database: retry briefly, then leave the database behind with a warning
 * rather than failing the test that used it.
 */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      return;
    } catch (error) {
      if (attempt >= 10) {
        console.warn(`could not drop test database ${name}: ${(error as Error).message}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
