// Per-state statistics of one state machine in a window, in SQL over the derived StateRun rows
// (DESIGN.md §1: aggregates are SQL, not loops over executions). What each figure means is
// defined by lib/metrics computeStateStats; tests/integration/store/aggregates*.test.ts check
// this query against it on SQLite and PostgreSQL.
//
// One statement (one snapshot of the data):
//   sel    the executions of the state machine with startDate in [from, to) — the
//          Execution_stateMachineArn_startDate_idx range;
//   runs   their StateRun rows (primary-key lookups by executionArn);
//   counts runs / failed / caught / aborted / attempts / retriedRuns per stateName;
//   ranked the runs with a known durationMs, numbered by duration within their stateName;
//   pct    nearest rank: the row whose number is ⌈q·n⌉ (nearest-rank-sql.ts);
// and the executions count rides along on every row (one row of NULLs when no state has runs).
import {
  STATUS_COUNTS,
  checkWindow,
  compareStateNames,
  percentilesFromBuckets,
  type StateStats,
  type StateStatsResult,
  type StatusCount,
} from '../../metrics/index.ts';
import { durationPercentilesSql } from './nearest-rank-sql.ts';
import { sqlParams } from '../executions/execution-filter-sql.ts';
import { internalsOf } from '../db/internals.ts';
import { toNumber } from '../db/sql.ts';
import type { Store } from '../types.ts';

export interface StateStatsQuery {
  stateMachineArn: string;
  /** Window start, inclusive (on Execution.startDate). */
  from: Date;
  /** Window end, exclusive. */
  to: Date;
  /**
   * Most executions the exact query reads (default STATE_STATS_EXACT_EXECUTIONS); a window with
   * more, spanning a whole UTC hour, is answered from the hourly rollup.
   */
  exactLimit?: number;
}

/**
 * The answer: exact, or (`approximate: true`) from StateRunRollup for the window's whole hours
 * plus the exact runs of its partial first and last hours. Counts (executions, runs, failed,
 * caught, aborted, attempts, retriedRuns) are exact either way; approximate durations are the
 * representative of the log-scale bucket holding the nearest-rank value (lib/metrics
 * rollup-buckets: within 6.1 % from 20 ms up, 9.1 % below), max too.
 */
export type StateStatsAnswer = StateStatsResult & { approximate?: true };

/** Up to this many executions in a window, the per-state figures are computed exactly. */
export const STATE_STATS_EXACT_EXECUTIONS = 2_000;
const HOUR_MS = 3_600_000;


const PERCENTILE_COLUMNS = ['p50', 'p95', 'p99'] as const;

export async function queryStateStats(store: Store, query: StateStatsQuery): Promise<StateStatsAnswer> {
  const from = query.from.getTime();
  const to = query.to.getTime();
  checkWindow({ from, to });
  const firstHour = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const lastHour = Math.floor(to / HOUR_MS) * HOUR_MS;
  if (lastHour > firstHour) {
    const executions = await countExecutions(store, query);
    if (executions > (query.exactLimit ?? STATE_STATS_EXACT_EXECUTIONS)) return rollupStateStats(store, query, executions, firstHour, lastHour);
  }
  return exactStateStats(store, query);
}

async function countExecutions(store: Store, query: StateStatsQuery): Promise<number> {
  const { client, dialect } = internalsOf(store);
  const [row] = await client.$queryRawUnsafe<Array<{ n: unknown }>>(
    `SELECT COUNT(*) AS "n" FROM "Execution" WHERE "stateMachineArn" = ${dialect.param(1)} AND "startDate" >= ${dialect.dateParam(2)} AND "startDate" < ${dialect.dateParam(3)}`,
    query.stateMachineArn,
    query.from,
    query.to,
  );
  return toNumber(row?.n) ?? 0;
}

/**
 * The whole hours [firstHour, lastHour) from StateRunRollup, the partial hours [from, firstHour)
 * and [lastHour, to) from their StateRun rows, both grouped by (state, duration bucket) in one
 * statement; the counts are summed and the percentiles estimated from the buckets here.
 */
async function rollupStateStats(store: Store, query: StateStatsQuery, executions: number, firstHour: number, lastHour: number): Promise<StateStatsAnswer> {
  const { client, dialect } = internalsOf(store);
  // Placeholders in the order they appear (SQLite's are positional).
  const { p, d, params } = sqlParams(dialect);
  const statusCases = (Object.keys(STATUS_COUNTS) as StatusCount[]).map((field) => `CASE WHEN r."status" = '${STATUS_COUNTS[field]}' THEN 1 ELSE 0 END`);
  const sql = `
    SELECT "stateName", "bucket", SUM("runs") AS "runs", SUM("failed") AS "failed", SUM("caught") AS "caught", SUM("aborted") AS "aborted",
           SUM("attempts") AS "attempts", SUM("retriedRuns") AS "retriedRuns"
    FROM (
      SELECT "stateName", "bucket", "runs", "failed", "caught", "aborted", "attempts", "retriedRuns"
      FROM "StateRunRollup"
      WHERE "stateMachineArn" = ${p(query.stateMachineArn)} AND "hourStart" >= ${d(new Date(firstHour))} AND "hourStart" < ${d(new Date(lastHour))}
      UNION ALL
      SELECT r."stateName", COALESCE(r."durationBucket", -1), 1, ${statusCases.join(', ')}, r."attempts", CASE WHEN r."attempts" > 1 THEN 1 ELSE 0 END
      FROM "Execution" e JOIN "StateRun" r ON r."executionArn" = e."executionArn"
      WHERE e."stateMachineArn" = ${p(query.stateMachineArn)}
        AND ((e."startDate" >= ${d(query.from)} AND e."startDate" < ${d(new Date(firstHour))}) OR (e."startDate" >= ${d(new Date(lastHour))} AND e."startDate" < ${d(query.to)}))
    ) "parts"
    GROUP BY "stateName", "bucket"`;
  const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, ...params);
  const byState = new Map<string, { stats: StateStats; buckets: Map<number, number> }>();
  for (const row of rows) {
    const stateName = String(row.stateName);
    let entry = byState.get(stateName);
    if (entry === undefined) {
      entry = { stats: { stateName, runs: 0, failed: 0, caught: 0, aborted: 0, attempts: 0, retriedRuns: 0, durationMs: { p50: null, p95: null, p99: null, max: null } }, buckets: new Map() };
      byState.set(stateName, entry);
    }
    const runs = toNumber(row.runs) ?? 0;
    const { stats } = entry;
    stats.runs += runs;
    stats.failed += toNumber(row.failed) ?? 0;
    stats.caught += toNumber(row.caught) ?? 0;
    stats.aborted += toNumber(row.aborted) ?? 0;
    stats.attempts += toNumber(row.attempts) ?? 0;
    stats.retriedRuns += toNumber(row.retriedRuns) ?? 0;
    const bucket = toNumber(row.bucket) ?? -1;
    if (bucket >= 0) entry.buckets.set(bucket, (entry.buckets.get(bucket) ?? 0) + runs);
  }
  const items = [...byState.values()].filter(({ stats }) => stats.runs > 0).map(({ stats, buckets }) => ({ ...stats, durationMs: percentilesFromBuckets(buckets) }));
  items.sort((a, b) => compareStateNames(a.stateName, b.stateName));
  return { executions, items, approximate: true };
}

async function exactStateStats(store: Store, query: StateStatsQuery): Promise<StateStatsResult> {
  const { client, dialect } = internalsOf(store);
  const P = (i: number) => dialect.param(i);
  const D = (i: number) => dialect.dateParam(i);
  const percentiles = durationPercentilesSql(PERCENTILE_COLUMNS, ',\n           ');
  // The status words are constants of lib/metrics (typed by lib/history's vocabulary), not input.
  const statusCounts = (Object.keys(STATUS_COUNTS) as StatusCount[])
    .map((field) => `SUM(CASE WHEN "status" = '${STATUS_COUNTS[field]}' THEN 1 ELSE 0 END) AS "${field}"`)
    .join(',\n             ');
  const sql = `
    WITH "sel" AS (
      SELECT "executionArn" FROM "Execution"
      WHERE "stateMachineArn" = ${P(1)} AND "startDate" >= ${D(2)} AND "startDate" < ${D(3)}
    ),
    "runs" AS (
      SELECT r."stateName", r."status", r."attempts", r."durationMs"
      FROM "sel" JOIN "StateRun" r ON r."executionArn" = "sel"."executionArn"
    ),
    "counts" AS (
      SELECT "stateName",
             COUNT(*) AS "runs",
             ${statusCounts},
             SUM("attempts") AS "attempts",
             SUM(CASE WHEN "attempts" > 1 THEN 1 ELSE 0 END) AS "retriedRuns"
      FROM "runs" GROUP BY "stateName"
    ),
    "ranked" AS (
      SELECT "stateName", "durationMs",
             ROW_NUMBER() OVER (PARTITION BY "stateName" ORDER BY "durationMs") AS "rn",
             COUNT(*) OVER (PARTITION BY "stateName") AS "n"
      FROM "runs" WHERE "durationMs" IS NOT NULL
    ),
    "pct" AS (
      SELECT "stateName",
           ${percentiles},
           MAX("durationMs") AS "max"
      FROM "ranked" GROUP BY "stateName"
    ),
    "stats" AS (
      SELECT c."stateName", c."runs", c."failed", c."caught", c."aborted", c."attempts", c."retriedRuns",
             p."p50", p."p95", p."p99", p."max"
      FROM "counts" c LEFT JOIN "pct" p ON p."stateName" = c."stateName"
    )
    SELECT (SELECT COUNT(*) FROM "sel") AS "executions", s.*
    FROM (SELECT 1 AS "one") "one" LEFT JOIN "stats" s ON 1 = 1`;
  const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, query.stateMachineArn, query.from, query.to);
  const executions = toNumber(rows[0]?.executions) ?? 0;
  const items: StateStats[] = [];
  for (const row of rows) {
    if (typeof row.stateName !== 'string') continue; // the NULL row of a window without runs
    items.push({
      stateName: row.stateName,
      runs: toNumber(row.runs) ?? 0,
      failed: toNumber(row.failed) ?? 0,
      caught: toNumber(row.caught) ?? 0,
      aborted: toNumber(row.aborted) ?? 0,
      attempts: toNumber(row.attempts) ?? 0,
      retriedRuns: toNumber(row.retriedRuns) ?? 0,
      durationMs: { p50: toNumber(row.p50), p95: toNumber(row.p95), p99: toNumber(row.p99), max: toNumber(row.max) },
    });
  }
  items.sort((a, b) => compareStateNames(a.stateName, b.stateName));
  return { executions, items };
}
