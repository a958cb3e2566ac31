// Our own migration runner for both backends (DESIGN.md §3: the WebAssembly schema engine
// cannot migrate PostgreSQL). It applies prisma/migrations (SQLite) or prisma/postgres/migrations
// (PostgreSQL) in name order, each migration.sql in its own transaction, and records them in
// `_prisma_migrations` exactly as `prisma migrate deploy` does (checksum = sha256 of the file),
// so the Prisma CLI and this runner agree on what is applied. Re-running is a no-op.
// Concurrent runners are serialised: SQLite by BEGIN IMMEDIATE, PostgreSQL by the advisory lock
// Prisma itself uses.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { resolveDatabaseUrl } from './database-url.ts';
import { StoreError, redactUrl } from './errors.ts';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS, repoRoot } from './schema-files.ts';

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  backend: 'sqlite' | 'postgres';
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations found already applied. */
  skipped: string[];
  /** Applied migrations whose migration.sql changed since (checksum differs): not re-applied. */
  modified: string[];
}

export interface MigrateOptions {
  /** Folder of `<name>/migration.sql`; default prisma/migrations or prisma/postgres/migrations. */
  migrationsDir?: string;
}

/** Prisma's own advisory lock key for migrations (schema-engine), so the CLI waits for us too. */
const PRISMA_ADVISORY_LOCK = 72707369;

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Migration folders in apply order. */
export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new StoreError(`migrations folder ${dir} is missing`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** Finished migrations (name → checksum); throws when one failed half-way (as `prisma migrate deploy` does, P3009). */
function finishedNames(rows: AppliedRow[], where: string): Map<string, string> {
  const done = new Map<string, string>();
  for (const row of rows) {
    if (row.rolled_back_at !== null) continue;
    if (row.finished_at === null) {
      throw new StoreError(
        `${where}: migration ${row.migration_name} failed earlier and is marked unfinished in _prisma_migrations; fix the database, then delete that row`,
      );
    }
    done.set(row.migration_name, row.checksum);
  }
  return done;
}

/** Applies pending migrations to the database at `databaseUrl` (default as openStore). */
export async function migrateStore(databaseUrl?: string | null, options: MigrateOptions = {}): Promise<MigrateResult> {
  const resolved = resolveDatabaseUrl(databaseUrl ?? process.env.DATABASE_URL);
  if (resolved.backend === 'sqlite') {
    const dir = options.migrationsDir ?? path.join(repoRoot(), SQLITE_MIGRATIONS);
    return migrateSqlite(resolved.file, readMigrations(dir));
  }
  const dir = options.migrationsDir ?? path.join(repoRoot(), POSTGRES_MIGRATIONS);
  return migratePostgres(resolved.url, readMigrations(dir));
}

function migrateSqlite(file: string, migrations: MigrationFile[]): MigrateResult {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 30_000 });
  try {
    db.pragma('journal_mode = WAL');
    // Prisma's SQLite migrations redefine tables with foreign keys off; they are checked below.
    db.pragma('foreign_keys = OFF');
    db.exec(SQLITE_TABLE);
    const applied: string[] = [];
    db.exec('BEGIN IMMEDIATE');
    let skipped: string[];
    let modified: string[];
    try {
      const rows = db.prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"').all() as AppliedRow[];
      const done = finishedNames(rows, file);
      skipped = migrations.filter((m) => done.has(m.name)).map((m) => m.name);
      modified = modifiedOf(migrations, done);
      const record = db.prepare(
        'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)',
      );
      for (const migration of migrations) {
        if (done.has(migration.name)) continue;
        const startedAt = sqliteNow();
        try {
          db.exec(migration.sql);
        } catch (error) {
          throw new StoreError(`${file}: migration ${migration.name} failed: ${oneLine(error)}`);
        }
        const violations = db.pragma('foreign_key_check') as unknown[];
        if (violations.length > 0) {
          throw new StoreError(`${file}: migration ${migration.name} leaves ${violations.length} foreign key violation(s)`);
        }
        record.run(randomUUID(), migration.checksum, sqliteNow(), migration.name, startedAt);
        applied.push(migration.name);
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
    return { backend: 'sqlite', applied, skipped, modified };
  } finally {
    db.close();
  }
}

/** The format the Prisma SQLite adapter writes DateTime values in. */
function sqliteNow(): string {
  return new Date().toISOString().replace('Z', '+00:00');
}

async function migratePostgres(url: string, migrations: MigrationFile[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    // cause: a daemon tells a server that is not up yet from a URL that can never work (lib/cli open-store-waiting).
    throw new StoreError(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${oneLine(error)}`, { cause: error });
  }
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    try {
      await client.query(POSTGRES_TABLE);
      const { rows } = await client.query<AppliedRow>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"');
      const done = finishedNames(rows, redactUrl(url));
      const skipped = migrations.filter((m) => done.has(m.name)).map((m) => m.name);
      const applied: string[] = [];
      for (const migration of migrations) {
        if (done.has(migration.name)) continue;
        const startedAt = new Date();
        await client.query('BEGIN');
        try {
          await client.query(migration.sql); // simple protocol: several statements in one string
          await client.query(
            'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)',
            [randomUUID(), migration.checksum, migration.name, startedAt],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new StoreError(`${redactUrl(url)}: migration ${migration.name} failed: ${oneLine(error)}`);
        }
        applied.push(migration.name);
      }
      return { backend: 'postgres', applied, skipped, modified: modifiedOf(migrations, done) };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

function modifiedOf(migrations: MigrationFile[], done: Map<string, string>): string[] {
  return migrations.filter((m) => done.has(m.name) && done.get(m.name) !== m.checksum).map((m) => m.name);
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
