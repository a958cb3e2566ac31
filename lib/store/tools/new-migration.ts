// Writes the next migration for BOTH backends after prisma/schema.prisma changed:
//   tsx lib/store/tools/new-migration.ts <name>
// Each SQLite migration folder keeps a copy of the schema it produces (schema.prisma; Prisma
// ignores it), so the next diff starts from it: `prisma migrate diff --from-schema-datamodel
// <previous> --to-schema-datamodel <current>`, for PostgreSQL with both rendered by
// renderPostgresSchema (DESIGN.md §3: --from-migrations and shadow databases do not work here).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runPrisma } from './prisma-cli.ts';
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA, SQLITE_MIGRATIONS, SQLITE_SCHEMA, repoRoot } from '../db/schema-files.ts';
import { renderPostgresSchema } from './render-postgres-schema.ts';
import { syncSchemas } from './sync-schemas.ts';

const EMPTY = '-- This is an empty migration.';

function diff(from: string | null, to: string): string {
  const source = from === null ? ['--from-empty'] : ['--from-schema-datamodel', from];
  const run = runPrisma(['migrate', 'diff', ...source, '--to-schema-datamodel', to, '--script'], { capture: true });
  if (run.status !== 0) throw new Error(`prisma migrate diff failed:\n${run.stderr || run.stdout}`);
  return run.stdout;
}

export function newMigration(label: string): string | null {
  const root = repoRoot();
  syncSchemas(root);
  const sqliteDir = path.join(root, SQLITE_MIGRATIONS);
  const previous = readdirSync(sqliteDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .pop();
  const snapshot = previous === undefined ? null : path.join(sqliteDir, previous, 'schema.prisma');
  if (snapshot !== null && !existsSync(snapshot)) throw new Error(`${snapshot} is missing: cannot tell what changed`);

  const tmp = mkdtempSync(path.join(tmpdir(), 'steplens-migration-'));
  try {
    let fromSqlite: string | null = null;
    let fromPostgres: string | null = null;
    if (snapshot !== null) {
      fromSqlite = path.join(tmp, 'sqlite.prisma');
      fromPostgres = path.join(tmp, 'postgres.prisma');
      const text = readFileSync(snapshot, 'utf8');
      writeFileSync(fromSqlite, text);
      writeFileSync(fromPostgres, renderPostgresSchema(text));
    }
    const sqliteSql = diff(fromSqlite, path.join(root, SQLITE_SCHEMA));
    const postgresSql = diff(fromPostgres, path.join(root, POSTGRES_SCHEMA));
    if (sqliteSql.trim() === EMPTY && postgresSql.trim() === EMPTY) return null;

    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const name = `${stamp}_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
    const sqliteTarget = path.join(sqliteDir, name);
    const postgresTarget = path.join(root, POSTGRES_MIGRATIONS, name);
    mkdirSync(sqliteTarget, { recursive: true });
    mkdirSync(postgresTarget, { recursive: true });
    writeFileSync(path.join(sqliteTarget, 'migration.sql'), sqliteSql);
    writeFileSync(path.join(postgresTarget, 'migration.sql'), postgresSql);
    copyFileSync(path.join(root, SQLITE_SCHEMA), path.join(sqliteTarget, 'schema.prisma'));
    return name;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const label = process.argv[2];
if (label === undefined || label.trim() === '') {
  console.error('usage: tsx lib/store/tools/new-migration.ts <name>');
  process.exit(2);
}
try {
  const name = newMigration(label);
  console.log(name === null ? 'no schema changes: no migration written' : `wrote prisma/migrations/${name} and prisma/postgres/migrations/${name}`);
} catch (error) {
  console.error(`new-migration: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
