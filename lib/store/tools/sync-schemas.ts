// One source of truth: prisma/schema.prisma (SQLite). The PostgreSQL schema is rendered from
// it by swapping the datasource and the generator output, nothing else.
//   tsx lib/store/tools/sync-schemas.ts          rewrite prisma/postgres/schema.prisma
//   tsx lib/store/tools/sync-schemas.ts --check  exit 1 when it is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkSchemas } from './check-schemas.ts';
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, repoRoot } from '../db/schema-files.ts';
import { renderPostgresSchema } from './render-postgres-schema.ts';

/** Rewrites prisma/postgres/schema.prisma; returns true when its content changed. */
export function syncSchemas(root: string = repoRoot()): boolean {
  const expected = renderPostgresSchema(readFileSync(path.join(root, SQLITE_SCHEMA), 'utf8'));
  const target = path.join(root, POSTGRES_SCHEMA);
  let current: string | null = null;
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = null;
  }
  if (current === expected) return false;
  writeFileSync(target, expected);
  return true;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  if (process.argv.includes('--check')) {
    const problems = checkSchemas();
    for (const p of problems) console.error(p);
    process.exit(problems.length === 0 ? 0 : 1);
  }
  console.log(syncSchemas() ? `wrote ${POSTGRES_SCHEMA}` : `${POSTGRES_SCHEMA} is up to date`);
}
