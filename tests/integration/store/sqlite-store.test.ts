import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll } from 'vitest';
import { storeSuite } from './store-suite.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'steplens-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeSuite({
  name: 'sqlite',
  async freshDatabase(label) {
    // A folder that does not exist yet: openStore/migrateStore must create it.
    const file = path.join(dir, `${label}-${++n}`, 'steplens.db');
    return { url: `file:${file}`, drop: async () => undefined };
  },
  async migrationRows(url) {
    const db = new Database(url.slice('file:'.length), { readonly: true });
    try {
      return db.prepare('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name').all() as Array<{
        migration_name: string;
        checksum: string;
        finished_at: unknown;
      }>;
    } finally {
      db.close();
    }
  },
});
