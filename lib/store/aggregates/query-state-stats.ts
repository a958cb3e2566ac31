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
  type StateStats,
  type StateStatsResult,
  type StatusCount,
} from '../../metrics/index.ts';
import { durationPercentilesSql } from './nearest-rank-sql.ts';
import { internalsOf } from '../db/internals.ts';
import { toNumber } from '../db/sql.ts';
import type { Store } from '../types.ts';

export interface StateStatsQuery {
  stateMachineArn: string;
  /** Window start, inclusive (on Execution.startDate). */
  from: Date;
  /** Window end, exclusive. */
  to: Date;
}


const PERCENTILE_COLUMNS = ['p50', 'p95', 'p99'] as const;

export async function queryStateStats(store: Store, query: StateStatsQuery): Promise<StateStatsResult> {
  const from = query.from.getTime();
  const to = query.to.getTime();
  checkWindow({ from, to });
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
