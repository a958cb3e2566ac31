// Executions search at 1,000,000 executions, indexed beside the unindexed plan in the same run:
// - SQLite: FTS5 trigram tables kept by triggers (lib/store/executions/search-index.ts) against
//   listExecutions(…, { searchIndex: false }) (q by a scan, text by an unbounded scan);
// - PostgreSQL: the pg_trgm GIN indexes, then the same queries after dropping them.
// Data: the list bench's synthetic executions (names exec-00000000…, one input in 5,000 carrying
// "needle-7", SEED_ERRORS on failures). Figures are medians of 3 after a warm-up call; "…ColdMs"
// is the very first call of the kind (the trigram counts of search-index.ts not cached yet).
// Run alone: `TZ=UTC npx tsx tests/bench/search-bench.ts` (SEARCH_BENCH_COUNT=… to scale,
// SEARCH_BENCH_POSTGRES=0 to skip PostgreSQL).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { listExecutions, type ListExecutionsOptions } from '../../lib/store/executions/list-executions.ts';
import { rebuildSearchIndex } from '../../lib/store/executions/search-index.ts';
import { countExecutionsByStatus, openStore, seedSyntheticExecutions, type ListExecutionsQuery, type Store } from '../../lib/store/index.ts';
import { createTestDatabase } from '../helpers/postgres.ts';

type Figures = Record<string, number>;

/** The queries, each timed indexed and unindexed. */
const QUERIES: Array<[string, ListExecutionsQuery]> = [
  // 10,000 matches, all among the oldest 1% (newest first: the scan reads 990,000 rows first).
  ['nameQ', { q: 'exec-0099' }],
  // One match.
  ['nameQOne', { q: 'exec-00123456' }],
  // By error name, dense (every FAILED with that error): a bounded window fills the page.
  ['errorQ', { q: 'Lambda.Service' }],
  // Content over the whole store: 200 matches (one input in 5,000).
  ['textNeedle', { text: 'needle-7' }],
  // Content with no match at all: the whole store is read by the scan.
  ['textNone', { text: 'no-such-payload' }],
];

async function timed(run: () => Promise<unknown>): Promise<{ coldMs: number; ms: number }> {
  let t = performance.now();
  await run();
  const coldMs = performance.now() - t;
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    await run();
    samples.push(performance.now() - t);
  }
  return { coldMs, ms: samples.sort((a, b) => a - b)[1] ?? 0 };
}

async function timeQueries(store: Store, out: Figures, suffix: string, options: ListExecutionsOptions, cold: boolean): Promise<void> {
  for (const [label, query] of QUERIES) {
    const result = await timed(() => listExecutions(store, { limit: 50, ...query }, options));
    out[`${label}${suffix}Ms`] = result.ms;
    if (cold) out[`${label}ColdMs`] = result.coldMs;
  }
}

export async function runSqliteSearchBench(count = 1_000_000): Promise<Figures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'steplens-search-bench-'));
  const url = `file:${path.join(dir, 'bench.db')}`;
  const out: Figures = { executions: count };
  try {
    (await openStore(url)).close(); // migrate: creates the FTS5 tables and their triggers
    const seedStart = performance.now();
    seedSyntheticExecutions(url, { count, machines: 10, spacingMs: 1_000, needleEvery: 5_000, needle: 'needle-7' });
    out.seedWithIndexMs = performance.now() - seedStart;
    const store = await openStore(url);
    try {
      await timeQueries(store, out, '', {}, true);
      await timeQueries(store, out, 'Unindexed', { searchIndex: false }, false);
      out.countsNameQMs = (await timed(() => countExecutionsByStatus(store, { q: 'exec-0099' }))).ms;
      const rebuildStart = performance.now();
      await rebuildSearchIndex(store);
      out.rebuildIndexMs = performance.now() - rebuildStart;
      out.nameQAfterRebuildMs = (await timed(() => listExecutions(store, { limit: 50, q: 'exec-0099' }))).ms;
    } finally {
      await store.close();
    }
    // Ingest cost of the triggers: the same seed of a tenth of the rows with and without them.
    const tenth = Math.max(1, Math.floor(count / 10));
    for (const [label, dropTriggers] of [['seedTenthWithIndexMs', false], ['seedTenthWithoutIndexMs', true]] as const) {
      const sub = `file:${path.join(dir, `${label}.db`)}`;
      (await openStore(sub)).close(); // migrate
      if (dropTriggers) {
        const db = new Database(sub.slice('file:'.length));
        for (const trigger of ['Execution_search_insert', 'Execution_search_delete', 'Execution_name_search_update', 'Execution_text_search_update']) db.exec(`DROP TRIGGER "${trigger}"`);
        db.close();
      }
      const t = performance.now();
      seedSyntheticExecutions(sub, { count: tenth, machines: 10, spacingMs: 1_000, needleEvery: 5_000, needle: 'needle-7' });
      out[label] = performance.now() - t;
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The synthetic executions of seedSyntheticExecutions, generated in PostgreSQL itself. */
async function seedPostgres(client: pg.Client, count: number): Promise<void> {
  const machines = 10;
  await client.query(
    `INSERT INTO "StateMachine" ("stateMachineArn", "name", "type")
     SELECT 'arn:aws:states:us-east-1:123456789012:stateMachine:Bench' || lpad(m::text, 2, '0'), 'Bench' || lpad(m::text, 2, '0'), 'STANDARD'
     FROM generate_series(0, ${machines - 1}) AS m`,
  );
  // Same statuses, durations, errors, names and payloads as lib/store/tools/seed-executions.ts.
  await client.query(
    `WITH s AS (
       SELECT i,
              (ARRAY['SUCCEEDED','SUCCEEDED','SUCCEEDED','SUCCEEDED','SUCCEEDED','SUCCEEDED','FAILED','RUNNING','TIMED_OUT','ABORTED'])[((i * 7) % 10) + 1] AS status,
              'exec-' || lpad(i::text, 8, '0') AS name,
              'arn:aws:states:us-east-1:123456789012:stateMachine:Bench' || lpad((i % ${machines})::text, 2, '0') AS machine,
              now()::timestamp(3) - make_interval(secs => i) AS start
       FROM generate_series(0, ${count - 1}) AS i
     ), d AS (
       SELECT s.*, CASE WHEN status = 'RUNNING' THEN NULL ELSE 10 + ((i::bigint * 7919) % 1000000) END AS duration,
              CASE WHEN status = 'TIMED_OUT' THEN 'States.Timeout'
                   WHEN status IN ('FAILED', 'ABORTED') THEN (ARRAY['States.TaskFailed','Lambda.ServiceException','States.Runtime'])[(i % 3) + 1] END AS error
       FROM s
     )
     INSERT INTO "Execution" ("executionArn", "stateMachineArn", "name", "status", "startDate", "stopDate", "durationMs", "input", "output", "error", "cause", "historyComplete")
     SELECT replace(machine, ':stateMachine:', ':execution:') || ':' || name, machine, name, status, start,
            CASE WHEN duration IS NULL THEN NULL ELSE start + make_interval(secs => duration / 1000.0) END, duration,
            CASE WHEN i % 5000 = 0 THEN '{"order":' || i || ',"tag":"needle-7"}' ELSE '{"order":' || i || ',"items":[1,2,3]}' END,
            CASE WHEN status = 'SUCCEEDED' THEN '{"ok":true,"order":' || i || '}' END,
            error, CASE WHEN error IS NULL THEN NULL ELSE 'cause of ' || name END, true
     FROM d`,
  );
  await client.query('VACUUM ANALYZE "Execution"');
}

const TRGM_INDEXES = [
  ['Execution_name_trgm_idx', 'name'],
  ['Execution_error_trgm_idx', 'error'],
  ['Execution_input_trgm_idx', 'input'],
  ['Execution_output_trgm_idx', 'output'],
] as const;

export async function runPostgresSearchBench(count = 1_000_000): Promise<Figures> {
  const db = await createTestDatabase('search_bench');
  const out: Figures = { executions: count };
  try {
    (await openStore(db.url)).close(); // migrate: pg_trgm and its four GIN indexes
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // Seeded without the GIN indexes, which are then built in one pass each (timed).
      for (const [index] of TRGM_INDEXES) await client.query(`DROP INDEX "${index}"`);
      let t = performance.now();
      await seedPostgres(client, count);
      out.seedMs = performance.now() - t;
      t = performance.now();
      for (const [index, column] of TRGM_INDEXES) await client.query(`CREATE INDEX "${index}" ON "Execution" USING GIN ("${column}" gin_trgm_ops)`);
      await client.query('ANALYZE "Execution"');
      out.buildIndexesMs = performance.now() - t;
      const store = await openStore(db.url);
      try {
        await timeQueries(store, out, '', {}, false);
        out.countsNameQMs = (await timed(() => countExecutionsByStatus(store, { q: 'exec-0099' }))).ms;
        for (const [index] of TRGM_INDEXES) await client.query(`DROP INDEX "${index}"`);
        await timeQueries(store, out, 'Unindexed', {}, false);
        out.countsNameQUnindexedMs = (await timed(() => countExecutionsByStatus(store, { q: 'exec-0099' }))).ms;
      } finally {
        await store.close();
      }
    } finally {
      await client.end();
    }
    return out;
  } finally {
    await db.drop();
  }
}

export async function runSearchBench(count = 1_000_000, postgres = true): Promise<{ sqlite: Figures; postgres: Figures | null }> {
  return { sqlite: await runSqliteSearchBench(count), postgres: postgres ? await runPostgresSearchBench(count) : null };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await runSearchBench(Number(process.env.SEARCH_BENCH_COUNT ?? 1_000_000), process.env.SEARCH_BENCH_POSTGRES !== '0');
  for (const [backend, values] of Object.entries(figures)) {
    if (values === null) continue;
    console.log(backend);
    for (const [key, value] of Object.entries(values)) console.log(`  ${key.padEnd(32)} ${value.toFixed(1)}`);
  }
}
