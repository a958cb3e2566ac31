// Locations of the Prisma schema files and migration folders, and the repository root.
// Resolved from process.cwd() first (how `npm start`, the CLI and Next.js run), then from
// this file's own location (tests and scripts started from elsewhere). In db/ rather than
// tools/ because migrateStore reads the migration folders at run time.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SQLITE_SCHEMA = path.join('prisma', 'schema.prisma');
export const POSTGRES_SCHEMA = path.join('prisma', 'postgres', 'schema.prisma');
export const SQLITE_MIGRATIONS = path.join('prisma', 'migrations');
export const POSTGRES_MIGRATIONS = path.join('prisma', 'postgres', 'migrations');

function hereRoot(): string | null {
  try {
    return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..'); // lib/store/db/ → root
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
