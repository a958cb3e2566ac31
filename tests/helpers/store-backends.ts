// Both store backends for suites that run the same checks on SQLite and PostgreSQL. Each
// freshDatabase() is a new, empty database (a temporary SQLite file, or a PostgreSQL database
// created through tests/helpers/postgres.ts, which fails — never skips — without a server).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from './postgres.ts';

export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  freshDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
}

export function storeBackends(label: string): StoreBackend[] {
  return [
    {
      name: 'sqlite',
      async freshDatabase() {
        const dir = mkdtempSync(path.join(tmpdir(), `steplens-${label}-`));
        return { url: `file:${path.join(dir, 'steplens.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    },
    { name: 'postgres', freshDatabase: () => createTestDatabase(label) },
  ];
}
