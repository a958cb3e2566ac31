// Fails (never skips) when PostgreSQL cannot be found or started: see tests/helpers/postgres.ts.
import pg from 'pg';
import { createTestDatabase } from '../../helpers/postgres.ts';
import { storeSuite } from './store-suite.ts';

storeSuite({
  name: 'postgres',
  freshDatabase: (label) => createTestDatabase(`store_${label}`),
  async migrationRows(url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: unknown }>(
        'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
      );
      return rows;
    } finally {
      await client.end();
    }
  },
});
