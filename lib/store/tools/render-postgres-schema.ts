// Renders prisma/postgres/schema.prisma from prisma/schema.prisma: the same models with the
// PostgreSQL datasource and the postgres generator output. Used by the schema tools only.
import { SQLITE_SCHEMA } from '../db/schema-files.ts';

/** Literal url: the CLI needs one that resolves (DESIGN.md §3); the app uses DATABASE_URL. */
export const POSTGRES_SCHEMA_URL = 'postgresql://steplens:steplens@localhost:5432/steplens';

const HEADER =
  '// GENERATED from prisma/schema.prisma by `tsx lib/store/tools/sync-schemas.ts`: do not edit.\n' +
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
