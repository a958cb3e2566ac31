// Prisma CLI configuration (Prisma 6.19, WebAssembly engines; DESIGN.md §3).
// The CLI always works on SQLite: the schema engine cannot migrate PostgreSQL under an
// adapter, so PostgreSQL migrations are written with `prisma migrate diff` and applied by
// lib/store/db/migrate.ts. Every CLI call opens this adapter, so the data/ folder must exist.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma/config';

const sqliteUrl =
  process.env.DATABASE_URL?.startsWith('file:') === true ? process.env.DATABASE_URL : 'file:./data/steplens.db';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const file = sqliteUrl.replace(/^file:/, '');
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return new PrismaBetterSQLite3({ url: sqliteUrl });
  },
});
