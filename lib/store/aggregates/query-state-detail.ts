// One state of a state machine in a window, in SQL over StateRun joined to Execution (DESIGN.md §1:
// aggregates are SQL, not loops over executions). What each figure means is defined by lib/metrics
// computeStateDetail; tests/integration/store/state-detail.test.ts checks this against it on SQLite
// and PostgreSQL.
//
// Every statement starts from the same two CTEs:
//   sel   the machine's executions with startDate in [from, to) — the
//         Execution_stateMachineArn_startDate_idx range — with the epoch ms of their start;
//   runs  their StateRun rows of the state (primary-key range by executionArn, filtered by name);
// then four statements run side by side: the series (per bucket index, as queryExecutionSeries)
// with the duration histogram (a CASE over lib/metrics' edges) and the unknown-duration count in
// one UNION ALL; the top errors; the slowest runs; the most recent FAILED runs (each ORDER BY …
// LIMIT, ties broken as lib/metrics does, in code-unit order: COLLATE "C" on PostgreSQL, SQLite's
// BINARY by default).
import {
  DETAIL_LIST_LIMIT,
  DURATION_HISTOGRAM_EDGES_MS,
  STATUS_COUNTS,
  bucketStart,
  checkWindow,
  emptyStateRunSeriesBucket,
  histogramFromCounts,
  seriesBucketStarts,
  type StateDetail,
  type StateErrorCount,
  type StateRunRef,
  type StatusCount,
} from '../../metrics/index.ts';
import { internalsOf, type Dialect } from '../db/internals.ts';
import { toNumber } from '../db/sql.ts';
import type { Store } from '../types.ts';
import { epochMsSql, int } from './query-execution-series.ts';

export interface StateDetailQuery {
  stateMachineArn: string;
  stateName: string;
  /** Window start, inclusive (on Execution.startDate). */
  from: Date;
  /** Window end, exclusive. */
  to: Date;
  /** Series bucket size in ms (UTC-aligned). */
  bucketMs: number;
}

const STATUS_FIELDS = Object.keys(STATUS_COUNTS) as StatusCount[];

/** A text expression ordered by code unit (lib/metrics compareStateNames), on either backend. */
function codeUnitOrder(dialect: Dialect, expression: string): string {
  return dialect.backend === 'postgres' ? `${expression} COLLATE "C"` : expression;
}

/** The histogram bucket index of "durationMs" (lib/metrics durationBucketIndex). */
function histogramIndexSql(): string {
  const whens = DURATION_HISTOGRAM_EDGES_MS.map((edge, i) => `WHEN "durationMs" < ${int(edge)} THEN ${i}`).join(' ');
  return `CASE ${whens} ELSE ${DURATION_HISTOGRAM_EDGES_MS.length} END`;
}

export async function queryStateDetail(store: Store, query: StateDetailQuery): Promise<StateDetail> {
  const window = { from: query.from.getTime(), to: query.to.getTime() };
  checkWindow(window);
  const { client, dialect } = internalsOf(store);
  const P = (i: number) => dialect.param(i);
  const D = (i: number) => dialect.dateParam(i);
  const args = [query.stateMachineArn, query.from, query.to, query.stateName];
  const base = `
    WITH "sel" AS (
      SELECT "executionArn", "name", ${epochMsSql(dialect, '"startDate"')} AS "startMs"
      FROM "Execution"
      WHERE "stateMachineArn" = ${P(1)} AND "startDate" >= ${D(2)} AND "startDate" < ${D(3)}
    ),
    "runs" AS (
      SELECT s."executionArn", s."name", s."startMs", r."ordinal", r."status", r."attempts", r."mapIndex", r."durationMs", r."error"
      FROM "sel" s JOIN "StateRun" r ON r."executionArn" = s."executionArn"
      WHERE r."stateName" = ${P(4)}
    )`;
  const run = <T>(sql: string) => client.$queryRawUnsafe<T[]>(`${base}\n${sql}`, ...args);

  const starts = seriesBucketStarts(window, query.bucketMs);
  const first = bucketStart(window.from, query.bucketMs);
  // The status words are constants of lib/metrics (typed by lib/history's vocabulary), not input.
  const statusSums = STATUS_FIELDS.map((field) => `SUM(CASE WHEN "status" = '${STATUS_COUNTS[field]}' THEN 1 ELSE 0 END) AS "${field}"`).join(', ');
  const zeros = STATUS_FIELDS.map((field) => `0 AS "${field}"`).join(', ');
  const refColumns = `"executionArn", "name", "startMs", "ordinal", "status", "attempts", "mapIndex", "durationMs", "error"`;
  const limit = int(DETAIL_LIST_LIMIT);

  const [counts, errorRows, slowestRows, failedRows] = await Promise.all([
    run<Record<string, unknown>>(`
    SELECT 'series' AS "kind", "b" AS "k", COUNT(*) AS "n", ${statusSums}
    FROM (SELECT ("startMs" - ${int(first)}) / ${int(query.bucketMs)} AS "b", "status" FROM "runs") "bucketed" GROUP BY "b"
    UNION ALL
    SELECT 'histogram' AS "kind", "h" AS "k", COUNT(*) AS "n", ${zeros}
    FROM (SELECT ${histogramIndexSql()} AS "h" FROM "runs" WHERE "durationMs" IS NOT NULL) "binned" GROUP BY "h"
    UNION ALL
    SELECT 'unknown' AS "kind", 0 AS "k", COUNT(*) AS "n", ${zeros}
    FROM "runs" WHERE "durationMs" IS NULL`),
    run<Record<string, unknown>>(`
    SELECT "error", COUNT(*) AS "count",
           SUM(CASE WHEN "status" = '${STATUS_COUNTS.failed}' THEN 1 ELSE 0 END) AS "failed",
           SUM(CASE WHEN "status" = '${STATUS_COUNTS.caught}' THEN 1 ELSE 0 END) AS "caught"
    FROM "runs" WHERE "error" IS NOT NULL
    GROUP BY "error"
    ORDER BY COUNT(*) DESC, ${codeUnitOrder(dialect, '"error"')}
    LIMIT ${limit}`),
    run<Record<string, unknown>>(`
    SELECT ${refColumns} FROM "runs" WHERE "durationMs" IS NOT NULL
    ORDER BY "durationMs" DESC, "startMs" DESC, ${codeUnitOrder(dialect, '"executionArn"')}, "ordinal"
    LIMIT ${limit}`),
    run<Record<string, unknown>>(`
    SELECT ${refColumns} FROM "runs" WHERE "status" = '${STATUS_COUNTS.failed}'
    ORDER BY "startMs" DESC, ${codeUnitOrder(dialect, '"executionArn"')}, "ordinal" DESC
    LIMIT ${limit}`),
  ]);

  const series = starts.map(emptyStateRunSeriesBucket);
  const histogram = new Map<number, number>();
  let unknownDurations = 0;
  for (const row of counts) {
    const k = toNumber(row.k) ?? 0;
    const n = toNumber(row.n) ?? 0;
    if (row.kind === 'series') {
      const bucket = series[k];
      if (bucket === undefined) continue; // cannot happen: every selected startDate is in a bucket
      bucket.runs = n;
      for (const field of STATUS_FIELDS) bucket[field] = toNumber(row[field]) ?? 0;
    } else if (row.kind === 'histogram') histogram.set(k, n);
    else if (row.kind === 'unknown') unknownDurations = n;
  }
  const errors: StateErrorCount[] = errorRows.map((row) => ({
    error: String(row.error),
    count: toNumber(row.count) ?? 0,
    failed: toNumber(row.failed) ?? 0,
    caught: toNumber(row.caught) ?? 0,
  }));
  return {
    series,
    histogram: histogramFromCounts(histogram),
    unknownDurations,
    errors,
    slowest: slowestRows.map(runRefOf),
    recentFailures: failedRows.map(runRefOf),
  };
}

function runRefOf(row: Record<string, unknown>): StateRunRef {
  return {
    executionArn: String(row.executionArn),
    executionName: String(row.name),
    startDate: toNumber(row.startMs) ?? 0,
    ordinal: toNumber(row.ordinal) ?? 0,
    mapIndex: parseMapIndex(row.mapIndex),
    status: String(row.status),
    attempts: toNumber(row.attempts) ?? 0,
    durationMs: toNumber(row.durationMs),
    error: typeof row.error === 'string' ? row.error : null,
  };
}

/** StateRun.mapIndex is a JSON array of integers ("[]" at top level). */
function parseMapIndex(value: unknown): number[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((n): n is number => Number.isInteger(n)) : [];
  } catch {
    return [];
  }
}
