// The PostgreSQL test helper must fail loudly, never skip, when no server can be used.
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_POSTGRES_ENV, findOrStartPostgres } from '../../helpers/postgres.ts';

describe('findOrStartPostgres', () => {
  const saved = process.env[TEST_POSTGRES_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[TEST_POSTGRES_ENV];
    else process.env[TEST_POSTGRES_ENV] = saved;
  });

  it(`fails with a clear message when ${TEST_POSTGRES_ENV} points at no server`, async () => {
    process.env[TEST_POSTGRES_ENV] = 'postgresql://nobody:secret@127.0.0.1:1/none';
    await expect(findOrStartPostgres()).rejects.toThrow(
      /^PostgreSQL is required for the store tests and none could be used: cannot connect to STEPLENS_TEST_POSTGRES_URL \(postgresql:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none\)/,
    );
  });
});
