#!/usr/bin/env node
// `npm test`'s pretest: finds what the tests need from Debian (npm cannot install it) and, where
// something is missing, installs or starts it when it can (root, or passwordless sudo):
//   - Chromium at /usr/bin/chromium (or STEPLENS_CHROMIUM), for the browser tests;
//   - Debian's AWS CLI v2 at /usr/bin/aws, the emulator's second CLI client;
//   - PostgreSQL: STEPLENS_TEST_POSTGRES_URL if set (then nothing local is needed), else the local
//     cluster on port 5432, running, with role `steplens` / password `steplens` and database
//     `steplens` (what tests/helpers/postgres.ts connects to).
// Otherwise it exits 1 naming the one command to run. When everything is there it only looks
// (files, one local connection) and takes a fraction of a second; it runs `apt-get update` only
// when a package is missing. Plain Node (no tsx) to keep that fast. The paths and the URL below
// are those of tests/helpers/browser.ts, emulator.ts and postgres.ts: keep them in step.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CHROMIUM = process.env.STEPLENS_CHROMIUM || '/usr/bin/chromium';
const AWS_CLI_V2 = '/usr/bin/aws';
const TEST_POSTGRES_ENV = 'STEPLENS_TEST_POSTGRES_URL';
const LOCAL_URL = 'postgresql://steplens:steplens@127.0.0.1:5432/steplens';
const ROLE_SQL = `
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'steplens') THEN
    CREATE ROLE steplens LOGIN SUPERUSER PASSWORD 'steplens';
  END IF;
END $$;
ALTER ROLE steplens LOGIN PASSWORD 'steplens';
SELECT 'CREATE DATABASE steplens OWNER steplens' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'steplens') \\gexec
`;

const say = (line) => console.log(`prerequisites: ${line}`);

class Unfixable extends Error {}

/** How to run a command as root: [] when we are root, ['sudo', '-n'] with passwordless sudo, else null. */
function rootPrefix() {
  if (process.getuid?.() === 0) return [];
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  return !sudo.error && sudo.status === 0 ? ['sudo', '-n'] : null;
}

/** Runs a command (as root when `prefix` says how), echoing it; output is shown only if it fails. */
function run(prefix, command, args, options = {}) {
  const argv = [...prefix, command, ...args];
  say(`$ ${argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ')}`);
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, cwd: '/tmp', ...options });
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Unfixable(`\`${argv.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status}`})${output ? `:\n${output}` : ''}`);
  }
  return result.stdout;
}

async function loadPg() {
  try {
    return (await import('pg')).default;
  } catch {
    throw new Unfixable('the npm package `pg` is not installed: run `npm ci` first');
  }
}

/** null when `url` accepts a connection and a query, else the reason. */
async function tryConnect(pg, url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgReady = () => spawnSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432', '-t', '2'], { stdio: 'ignore' }).status === 0;

/** The cluster on port 5432 as [version, name], from pg_lsclusters. */
function localCluster() {
  const list = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  if (list.error || list.status !== 0) throw new Unfixable('pg_lsclusters failed: is the postgresql package installed?');
  const cols = list.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .find((c) => c[2] === '5432');
  if (!cols) throw new Unfixable('PostgreSQL is installed but has no cluster on port 5432 (create one with `pg_createcluster 15 main --start` as root)');
  return [cols[0], cols[1]];
}

async function main() {
  const override = process.env[TEST_POSTGRES_ENV]?.trim() || null;
  const packages = [];
  if (!existsSync(CHROMIUM)) {
    if (process.env.STEPLENS_CHROMIUM) throw new Unfixable(`STEPLENS_CHROMIUM=${CHROMIUM} does not exist`);
    packages.push('chromium');
  }
  if (!existsSync(AWS_CLI_V2)) packages.push('awscli');
  if (!override && !existsSync('/usr/bin/pg_ctlcluster')) packages.push('postgresql');

  const pg = await loadPg();
  if (override) {
    const problem = await tryConnect(pg, override);
    if (problem !== null) throw new Unfixable(`cannot connect to ${TEST_POSTGRES_ENV} (${override.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@')}): ${problem}`);
  }
  const pgProblem = override || packages.includes('postgresql') ? null : await tryConnect(pg, LOCAL_URL);
  const postgresWork = !override && (packages.includes('postgresql') || pgProblem !== null);
  const postgresText = override ? `PostgreSQL at ${TEST_POSTGRES_ENV}` : 'PostgreSQL';
  if (packages.length === 0 && !postgresWork) {
    say(`found Chromium (${CHROMIUM}), AWS CLI v2 (${AWS_CLI_V2}) and ${postgresText}`);
    return;
  }

  const missing = [...packages.map((p) => `the Debian package ${p}`), ...(postgresWork && !packages.includes('postgresql') ? [`a usable local PostgreSQL (${pgProblem})`] : [])];
  say(`missing: ${missing.join('; ')}`);
  const root = rootPrefix();
  if (root === null) {
    const script = fileURLToPath(import.meta.url);
    console.error(
      `prerequisites: npm test needs ${missing.join('; ')}, and this user can neither install nor start it (not root, no passwordless sudo).\n` +
        `Run this once, then npm test again:\n\n  sudo ${process.execPath} ${script}\n\n` +
        `(For PostgreSQL you may instead set ${TEST_POSTGRES_ENV}=postgresql://user:password@host:port/db, a role allowed to create databases.)`,
    );
    process.exit(1);
  }

  if (packages.length > 0) {
    // The package lists may be absent or stale on a fresh machine: update first.
    const apt = [...root, 'env', 'DEBIAN_FRONTEND=noninteractive'];
    run(apt, 'apt-get', ['update', '-qq']);
    run(apt, 'apt-get', ['install', '-y', '-qq', ...packages]);
    if (packages.includes('chromium') && !existsSync(CHROMIUM)) throw new Unfixable(`apt-get installed chromium but ${CHROMIUM} is still missing`);
    if (packages.includes('awscli') && !existsSync(AWS_CLI_V2)) throw new Unfixable(`apt-get installed awscli but ${AWS_CLI_V2} is still missing`);
    say(`installed ${packages.join(', ')}`);
  }

  if (!override) {
    if (!pgReady()) {
      const [version, cluster] = localCluster();
      run(root, 'pg_ctlcluster', [version, cluster, 'start']);
      const deadline = Date.now() + 30_000;
      while (!pgReady()) {
        if (Date.now() > deadline) throw new Unfixable(`PostgreSQL ${version}/${cluster} did not accept connections within 30 s of \`pg_ctlcluster ${version} ${cluster} start\``);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      say(`started PostgreSQL ${version}/${cluster}`);
    }
    if ((await tryConnect(pg, LOCAL_URL)) !== null) {
      // The role the tests log in as, and the database they connect to before creating their own.
      const psql = ['psql', '-p', '5432', '-q', '-v', 'ON_ERROR_STOP=1'];
      if (root.length === 0) run([], 'su', ['postgres', '-c', psql.join(' ')], { input: ROLE_SQL });
      else run([...root, '-u', 'postgres'], psql[0], psql.slice(1), { input: ROLE_SQL });
      say("created role steplens (SUPERUSER, password 'steplens') and database steplens");
    }
    const problem = await tryConnect(pg, LOCAL_URL);
    if (problem !== null) throw new Unfixable(`PostgreSQL still refuses ${LOCAL_URL.replace(':steplens@', ':***@')}: ${problem}`);
  }
  say(`ready: Chromium (${CHROMIUM}), AWS CLI v2 (${AWS_CLI_V2}) and ${postgresText}`);
}

try {
  await main();
} catch (error) {
  if (!(error instanceof Unfixable)) throw error;
  console.error(`prerequisites: ${error.message}`);
  process.exit(1);
}
