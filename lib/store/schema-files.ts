// Locations of the Prisma schema files and migration folders, and the repository root.
// Resolved from process.cwd() first (how `npm start`, the CLI and Next.js run), then from
// this file's own location (tests and scripts started from elsewhere).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SQLITE_SCHEMA = path.join('prisma', 'schema.prisma');
export const POSTGRES_SCHEMA = path.join('prisma', 'postgres', 'schema.prisma');
export const SQLITE_MIGRATIONS = path.join('prisma', 'migrations');
export const POSTGRES_MIGRATIONS = path.join('prisma', 'postgres', 'migrations');

function hereRoot(): string | null {
  try {
    return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  } catch {
    return null; // bundled code may have no file: URL
  }
}

/** The repository root: the nearest of cwd / this file's checkout that holds prisma/schema.prisma. */
export function repoRoot(): string {
  const candidates = [process.cwd(), hereRoot()].filter((c): c is string => c !== null);
  for (const candidate of candidates) {
    if (existsSync(path.join(candidate, SQLITE_SCHEMA))) return candidate;
  }
  return process.cwd();
}

/** Literal url: the CLI needs one that resolves (DESIGN.md §3); the app uses DATABASE_URL. */
export const POSTGRES_SCHEMA_URL = 'postgresql://steplens:steplens@localhost:5432/steplens';

const HEADER =
  '// GENERATED from prisma/schema.prisma by `tsx lib/store/sync-schemas.ts`: do not edit.\n' +
  '// Identical to it except for the datasource and the generator output.\n\n';

const DATASOURCE = /datasource\s+db\s*\{[^}]*\}/;
const SQLITE_OUTPUT = /output\s*=\s*"\.\.\/lib\/store\/generated\/sqlite"/;

/** Renders the PostgreSQL schema text from the SQLite schema text. */
export function renderPostgresSchema(sqliteSchema: string): string {
  if (!DATASOURCE.test(sqliteSchema)) throw new Error(`${SQLITE_SCHEMA}: no "datasource db { ... }" block`);
  if (!SQLITE_OUTPUT.test(sqliteSchema)) {
    throw new Error(`${SQLITE_SCHEMA}: generator output must be "../lib/store/generated/sqlite"`);
  }
  return (
    HEADER +
    sqliteSchema
      .replace(DATASOURCE, `datasource db {\n  provider = "postgresql"\n  url      = "${POSTGRES_SCHEMA_URL}"\n}`)
      .replace(SQLITE_OUTPUT, 'output       = "../../lib/store/generated/postgres"')
  );
}
