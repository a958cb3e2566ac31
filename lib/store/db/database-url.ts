// DATABASE_URL → backend. Unset: SQLite file data/steplens.db under process.cwd() (DESIGN.md §2.1).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StoreError, redactUrl } from './errors.ts';

export type ResolvedDatabaseUrl =
  | { backend: 'sqlite'; /** file:<absolute path> */ url: string; file: string }
  | { backend: 'postgres'; url: string };

export const DEFAULT_SQLITE_FILE = path.join('data', 'steplens.db');

export function resolveDatabaseUrl(databaseUrl?: string | null): ResolvedDatabaseUrl {
  const raw = databaseUrl?.trim() ?? '';
  if (raw === '') return sqlite(path.resolve(process.cwd(), DEFAULT_SQLITE_FILE));
  if (raw.startsWith('file:')) {
    const withoutQuery = raw.replace(/\?.*$/, '');
    const file = withoutQuery.startsWith('file://') ? fileURLToPath(withoutQuery) : withoutQuery.slice('file:'.length);
    if (file === '' || file === ':memory:') {
      throw new StoreError(`DATABASE_URL "${raw}": an in-memory SQLite database is not supported, use a file`);
    }
    // The path is the user's choice at run time: keep Turbopack from tracing the project for it.
    return sqlite(path.resolve(/*turbopackIgnore: true*/ process.cwd(), file));
  }
  if (/^postgres(ql)?:\/\//.test(raw)) return { backend: 'postgres', url: raw };
  throw new StoreError(
    `DATABASE_URL "${redactUrl(raw)}" is not supported: use file:<path> (SQLite) or postgresql://user:password@host:port/db`,
  );
}

function sqlite(file: string): ResolvedDatabaseUrl {
  return { backend: 'sqlite', url: `file:${file}`, file };
}
