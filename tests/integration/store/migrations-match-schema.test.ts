// The migration folders must produce exactly what prisma/schema.prisma describes: otherwise a
// schema edit without `tsx lib/store/tools/new-migration.ts <name>` would ship a client that expects
// columns the database never gets.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateStore, readMigrations } from '../../../lib/store/db/migrate.ts';
import { runPrisma } from '../../../lib/store/tools/prisma-cli.ts';
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA, SQLITE_MIGRATIONS, SQLITE_SCHEMA, repoRoot } from '../../../lib/store/db/schema-files.ts';
import { renderPostgresSchema } from '../../../lib/store/tools/render-postgres-schema.ts';

const root = repoRoot();
const tmp = mkdtempSync(path.join(tmpdir(), 'steplens-migrations-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function diffScript(from: string, to: string): string {
  const run = runPrisma(['migrate', 'diff', '--from-schema-datamodel', from, '--to-schema-datamodel', to, '--script'], { capture: true });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim();
}

/**
 * FTS5 virtual tables (and the shadow tables FTS5 creates beside each, `<name>_data`, `_idx`, …) that
 * the search-index migration adds in raw SQL: Prisma's schema cannot describe them, so the structure
 * comparison leaves them out and a separate check holds the migrations to creating them.
 */
function searchIndexTables(db: Database.Database): string[] {
  const virtual = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'`).all() as Array<{ name: string }>).map((t) => t.name);
  const all = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((t) => t.name);
  return all.filter((name) => virtual.some((v) => name === v || name.startsWith(`${v}_`))).sort();
}

/** Tables, columns, indexes and foreign keys of a SQLite database, independent of DDL text. */
function structure(file: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    const rawSqlTables = new Set(searchIndexTables(db));
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`).all() as Array<{ name: string }>)
      .map((t) => t.name)
      .filter((name) => !rawSqlTables.has(name));
    return tables.map((table) => ({
      table,
      columns: db.pragma(`table_info("${table}")`),
      indexes: (db.pragma(`index_list("${table}")`) as Array<{ name: string; unique: number }>)
        .map((index) => ({ name: index.name, unique: index.unique, columns: db.pragma(`index_xinfo("${index.name}")`) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      foreignKeys: db.pragma(`foreign_key_list("${table}")`),
    }));
  } finally {
    db.close();
  }
}

describe('migrations match prisma/schema.prisma', () => {
  const migrations = readdirSync(path.join(root, SQLITE_MIGRATIONS), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const latest = migrations[migrations.length - 1] ?? '';

  it('both backends have the same migration names', () => {
    expect(readMigrations(path.join(root, POSTGRES_MIGRATIONS)).map((m) => m.name)).toEqual(migrations);
  });

  it('the latest migration snapshot equals the current schema (SQLite and PostgreSQL)', () => {
    const snapshot = path.join(root, SQLITE_MIGRATIONS, latest, 'schema.prisma');
    const empty = '-- This is an empty migration.';
    expect(diffScript(snapshot, path.join(root, SQLITE_SCHEMA)), 'run `npx tsx lib/store/tools/new-migration.ts <name>`').toBe(empty);
    const postgresSnapshot = path.join(tmp, 'snapshot.postgres.prisma');
    writeFileSync(postgresSnapshot, renderPostgresSchema(readFileSync(snapshot, 'utf8')));
    expect(diffScript(postgresSnapshot, path.join(root, POSTGRES_SCHEMA)), 'run `npx tsx lib/store/tools/new-migration.ts <name>`').toBe(empty);
  });

  it('applying the SQLite migrations builds what the schema describes', async () => {
    const migrated = path.join(tmp, 'migrated.db');
    await migrateStore(`file:${migrated}`);
    const fresh = path.join(tmp, 'fresh.db');
    const run = runPrisma(['migrate', 'diff', '--from-empty', '--to-schema-datamodel', path.join(root, SQLITE_SCHEMA), '--script'], { capture: true });
    const db = new Database(fresh);
    db.exec(run.stdout);
    db.close();
    expect(structure(migrated)).toEqual(structure(fresh));
    const db2 = new Database(migrated, { readonly: true });
    try {
      const virtualTables = (db2.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`).all() as Array<{ name: string }>).map((t) => t.name);
      expect(virtualTables).toEqual(['ExecutionNameSearch', 'ExecutionTextSearch']);
    } finally {
      db2.close();
    }
  });
});
