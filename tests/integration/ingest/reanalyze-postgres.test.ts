// Fails (never skips) when PostgreSQL cannot be found or started: see tests/helpers/postgres.ts.
import { createTestDatabase } from '../../helpers/postgres.ts';
import { reanalyzeSuite } from './reanalyze-suite.ts';

reanalyzeSuite({ name: 'postgres', freshDatabase: (label) => createTestDatabase(label) });
