// The comparison of state machines over a window, in SQL (DESIGN.md §2.6 GET /api/compare; §1:
// aggregates are SQL, not loops over executions). What each figure means is defined by
// lib/metrics compareFigures (and the cost by costEstimate); tests/integration/store/
// compare.test.ts checks this query against it on SQLite and PostgreSQL.
//
// One statement (one snapshot of the data):
//   sel     the machines' executions with startDate in [from, to) — Execution_stateMachineArn_
//           startDate_idx ranges — each with its minute index (epoch ms − from) / 60,000 (integer
//           division on both backends, never negative) and, when durationMs is known, its billed
//           100 ms units: ⌈durationMs / 100⌉, at least 1 (lib/metrics billedDurationMs);
//   ranked  the executions with a known duration, numbered by duration within their machine;
//   then one UNION ALL of row kinds: 's' per status, its count and (summed over the statuses here)
//   the known durations, their billed 100 ms units, those past Express's 5-minute limit, the
//   executions whose history is derived (analyzerVersion set) and how many of those are partial;
//   'p' nearest-rank p50/p95/p99 (nearest-rank-sql.ts); 'm' executions started per minute
//   (non-empty minutes only); 'h' known durations per histogram bucket (a CASE over lib/metrics'
//   edges); 'r' the derived executions' StateRun rows and attempts beyond the first, joined from
//   Execution itself (primary-key lookups by executionArn: twice as fast on SQLite as joining the
//   materialised "sel", which has no index).
// Express billingDetails are not stored (neither CloudWatch Logs records nor ListExecutions carry
// them; only the caller of StartSyncExecution sees them), so the billing is the estimate of
// lib/metrics: the duration rounded up × EXPRESS_MEMORY_ESTIMATE_MB.
import {
  DURATION_HISTOGRAM_EDGES_MS,
  EXPRESS_DURATION_STEP_MS,
  EXPRESS_MAX_DURATION_MS,
  EXPRESS_MEMORY_ESTIMATE_MB,
  MINUTE_MS,
  billedMemoryMb,
  checkWindow,
  compareItems,
  throughputPerMinute,
  type CompareFigures,
  type CompareItem,
  type StartedBucket,
} from '../../metrics/index.ts';
import { durationPercentilesSql } from './nearest-rank-sql.ts';
import { epochMsSql, int } from './query-execution-series.ts';
import { sqlParams } from '../executions/execution-filter-sql.ts';
import { internalsOf } from '../db/internals.ts';
import { toNumber } from '../db/sql.ts';
import type { Store } from '../types.ts';

export interface CompareQuery {
  /** The machines compared, in the answer's order (each once); their stored type. */
  machines: ReadonlyArray<{ stateMachineArn: string; type: string }>;
  /** Window start, inclusive (on Execution.startDate). */
  from: Date;
  /** Window end, exclusive. */
  to: Date;
}

/** The region of a state machine ARN (arn:<partition>:states:<region>:…); '' when it has none. */
function regionOf(stateMachineArn: string): string {
  return stateMachineArn.split(':')[3] ?? '';
}

/** The histogram bucket index of "durationMs" (lib/metrics durationBucketIndex). */
function histogramIndexSql(): string {
  const whens = DURATION_HISTOGRAM_EDGES_MS.map((edge, i) => `WHEN "durationMs" < ${int(edge)} THEN ${i}`).join(' ');
  return `CASE ${whens} ELSE ${DURATION_HISTOGRAM_EDGES_MS.length} END`;
}

function emptyFigures(): CompareFigures & { histogram: Map<number, number>; minutes: StartedBucket[] } {
  return {
    counts: {},
    durationMs: { p50: null, p95: null, p99: null },
    throughputPerMinute: { mean: null, peak: null },
    histogram: new Map(),
    transitions: { executions: 0, total: 0, partialExecutions: 0 },
    billing: { executions: 0, billedMs: 0, billedMbMs: 0, billingDetailsExecutions: 0, overExpressLimit: 0 },
    minutes: [],
  };
}

const PERCENTILE_COLUMNS = ['p50', 'p95', 'p99'] as const;

export async function queryCompare(store: Store, query: CompareQuery): Promise<CompareItem[]> {
  const window = { from: query.from.getTime(), to: query.to.getTime() };
  checkWindow(window);
  const machines = [...new Map(query.machines.map((m) => [m.stateMachineArn, m])).values()];
  if (machines.length === 0) return [];
  const { client, dialect } = internalsOf(store);
  // Placeholders in the order they appear (SQLite's are positional).
  const { p, d, params } = sqlParams(dialect);
  const big = dialect.backend === 'postgres' ? (sql: string) => `CAST(${sql} AS BIGINT)` : (sql: string) => sql;
  // Typed NULLs: PostgreSQL resolves a UNION's column types pairwise, and NULL UNION NULL is text.
  const nullInt = 'CAST(NULL AS BIGINT)';
  const nullText = 'CAST(NULL AS TEXT)';
  const step = int(EXPRESS_DURATION_STEP_MS);
  const sql = `
    WITH "sel" AS MATERIALIZED (
      SELECT "stateMachineArn" AS "m", "status", "durationMs", "analyzerVersion", "partial",
             (${epochMsSql(dialect, '"startDate"')} - ${int(window.from)}) / ${int(MINUTE_MS)} AS "minute",
             CASE WHEN "durationMs" IS NULL THEN NULL WHEN "durationMs" <= ${step} THEN 1 ELSE ("durationMs" + ${int(EXPRESS_DURATION_STEP_MS - 1)}) / ${step} END AS "units"
      FROM "Execution"
      WHERE "stateMachineArn" IN (${machines.map((m) => p(m.stateMachineArn)).join(', ')}) AND "startDate" >= ${d(query.from)} AND "startDate" < ${d(query.to)}
    ),
    "ranked" AS (
      SELECT "m", "durationMs",
             ROW_NUMBER() OVER (PARTITION BY "m" ORDER BY "durationMs") AS "rn",
             COUNT(*) OVER (PARTITION BY "m") AS "n"
      FROM "sel" WHERE "durationMs" IS NOT NULL
    )
    SELECT 's' AS "kind", "m", "status" AS "t", ${nullInt} AS "k", ${big('COUNT(*)')} AS "n", ${big('COUNT("durationMs")')} AS "a", ${big('SUM("units")')} AS "b",
           ${big(`SUM(CASE WHEN "durationMs" > ${int(EXPRESS_MAX_DURATION_MS)} THEN 1 ELSE 0 END)`)} AS "c",
           ${big('SUM(CASE WHEN "analyzerVersion" IS NOT NULL THEN 1 ELSE 0 END)')} AS "e",
           ${big('SUM(CASE WHEN "analyzerVersion" IS NOT NULL AND "partial" THEN 1 ELSE 0 END)')} AS "f"
    FROM "sel" GROUP BY "m", "status"
    UNION ALL
    SELECT 'p', "m", ${nullText}, ${nullInt}, ${nullInt}, ${durationPercentilesSql(PERCENTILE_COLUMNS, ', ')}, ${nullInt}, ${nullInt}
    FROM "ranked" GROUP BY "m"
    UNION ALL
    SELECT 'm', "m", ${nullText}, ${big('"minute"')}, ${big('COUNT(*)')}, ${nullInt}, ${nullInt}, ${nullInt}, ${nullInt}, ${nullInt}
    FROM "sel" GROUP BY "m", "minute"
    UNION ALL
    SELECT 'h', "m", ${nullText}, ${big('"h"')}, ${big('COUNT(*)')}, ${nullInt}, ${nullInt}, ${nullInt}, ${nullInt}, ${nullInt}
    FROM (SELECT "m", ${histogramIndexSql()} AS "h" FROM "sel" WHERE "durationMs" IS NOT NULL) "binned" GROUP BY "m", "h"
    UNION ALL
    SELECT 'r', e."stateMachineArn", ${nullText}, ${nullInt}, ${big('COUNT(*)')}, ${big('SUM(CASE WHEN r."attempts" > 1 THEN r."attempts" - 1 ELSE 0 END)')}, ${nullInt}, ${nullInt}, ${nullInt}, ${nullInt}
    FROM "Execution" e JOIN "StateRun" r ON r."executionArn" = e."executionArn"
    WHERE e."stateMachineArn" IN (${machines.map((m) => p(m.stateMachineArn)).join(', ')}) AND e."startDate" >= ${d(query.from)} AND e."startDate" < ${d(query.to)}
      AND e."analyzerVersion" IS NOT NULL
    GROUP BY e."stateMachineArn"`;
  const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, ...params);

  const figures = new Map(machines.map((m) => [m.stateMachineArn, emptyFigures()]));
  const memoryMb = billedMemoryMb(EXPRESS_MEMORY_ESTIMATE_MB);
  for (const row of rows) {
    const f = figures.get(String(row.m));
    if (f === undefined) continue;
    const n = toNumber(row.n) ?? 0;
    switch (row.kind) {
      case 's': {
        // Per status; the billing and derived-history sums add up over the statuses.
        f.counts[String(row.t)] = n;
        const billedMs = (toNumber(row.b) ?? 0) * EXPRESS_DURATION_STEP_MS;
        f.billing.executions += toNumber(row.a) ?? 0;
        f.billing.billedMs += billedMs;
        f.billing.billedMbMs += billedMs * memoryMb;
        f.billing.overExpressLimit += toNumber(row.c) ?? 0;
        f.transitions.executions += toNumber(row.e) ?? 0;
        f.transitions.partialExecutions += toNumber(row.f) ?? 0;
        break;
      }
      case 'p':
        f.durationMs = { p50: toNumber(row.a), p95: toNumber(row.b), p99: toNumber(row.c) };
        break;
      case 'm': {
        const start = window.from + (toNumber(row.k) ?? 0) * MINUTE_MS;
        f.minutes.push({ start, end: Math.min(start + MINUTE_MS, window.to), started: n });
        break;
      }
      case 'h':
        f.histogram.set(toNumber(row.k) ?? 0, n);
        break;
      case 'r':
        f.transitions.total += n + (toNumber(row.a) ?? 0);
        break;
    }
  }
  return compareItems(
    machines.map((machine) => {
      const { minutes, ...f } = figures.get(machine.stateMachineArn) ?? emptyFigures();
      // The minutes without executions all rate 0: one filler bucket of their total length keeps
      // throughputPerMinute's mean (started / window minutes) and peak what the full list gives.
      const filler = window.to - window.from - minutes.reduce((sum, b) => sum + (b.end - b.start), 0);
      const buckets = filler > 0 ? [...minutes, { start: window.to, end: window.to + filler, started: 0 }] : minutes;
      return { machine: { ...machine, region: regionOf(machine.stateMachineArn) }, figures: { ...f, throughputPerMinute: throughputPerMinute(buckets) } };
    }),
  );
}
