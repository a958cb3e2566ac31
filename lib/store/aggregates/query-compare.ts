// The comparison of state machines over a window, in SQL (DESIGN.md §2.6 GET /api/compare; §1:
// aggregates are SQL, not loops over executions). What each figure means is defined by
// lib/metrics compareFigures (and the cost by costEstimate); tests/integration/store/
// compare.test.ts checks this query against it on SQLite and PostgreSQL. Every figure is exact.
//
// One statement (one snapshot of the data; on PostgreSQL in a transaction, for SET LOCAL jit =
// off), a UNION ALL of a few rows per machine. Each part reads one of the machine's index ranges,
// never the StateRun rows (Execution.transitions holds lib/metrics stateTransitions of the
// execution's runs) and never a row per execution into JS:
//   'h'  known durations per histogram bucket (lib/metrics durationBucketIndex): one range count
//        per bucket along Execution_compare_duration_idx (stateMachineArn, durationMs, startDate),
//        the window checked inside the index; their sum is the machine's "n" known durations.
//        They are also the executions billed; 'x' counts those past Express's 5-minute limit.
//   's'  per status, streamed along Execution_compare_status_idx (stateMachineArn, status,
//        startDate, durationMs, transitions, partial) without a sort or a table read: the count, the
//        billed 100 ms units ⌈durationMs / 100⌉ (at least 1, lib/metrics billedDurationMs), the
//        executions whose history is derived (transitions set: written with the StateRun rows, null
//        while there are none), how many of those are partial, and their transitions.
//   'm'  throughput: executions started per minute of the window (minutes from `from`), only the
//        busiest whole minute and the clipped last minute (when the window is not whole minutes):
//        lib/metrics throughputPerMinute's peak is the larger of their rates, every other minute's
//        being at most the busiest whole one's, and its mean is started / window length. (Reading
//        all ~43,000 minute counts per machine of a 30-day window into JS was most of this query's
//        time before.)
//   'p'  nearest-rank p50/p95/p99 without ranking the window: the value at rank ⌈q·n⌉
//        (nearest-rank-sql.ts rankSql) read by ORDER BY "durationMs" LIMIT 1 OFFSET along
//        Execution_compare_duration_idx; ranks past the middle counted from the top (DESC), so p99
//        walks ~1 % of the window's durations, p50 half of them.
// Express billingDetails are not stored (neither CloudWatch Logs records nor ListExecutions carry
// them; only the caller of StartSyncExecution sees them), so the billing is the estimate of
// lib/metrics: the duration rounded up × EXPRESS_MEMORY_ESTIMATE_MB.
import {
  DURATION_HISTOGRAM_EDGES_MS,
  DURATION_QUANTILES,
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
import { rankSql } from './nearest-rank-sql.ts';
import { epochMsSql, int } from './query-execution-series.ts';
import { sqlParams } from '../executions/execution-filter-sql.ts';
import { internalsOf } from '../db/internals.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';
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

/** The indexes the query reads (migration 20261203130449_compare_indexes). */
const STATUS_INDEX = 'Execution_compare_status_idx';
const DURATION_INDEX = 'Execution_compare_duration_idx';

interface MachineFigures extends Omit<CompareFigures, 'throughputPerMinute' | 'histogram'> {
  histogram: Map<number, number>;
  started: number;
  /** Executions started in the busiest whole minute of the window (0 when none has any). */
  busiestMinute: number;
  /** Executions started in the clipped last minute (when the window is not whole minutes). */
  clippedMinute: number;
}

function emptyFigures(): MachineFigures {
  return {
    counts: {},
    durationMs: { p50: null, p95: null, p99: null },
    histogram: new Map(),
    transitions: { executions: 0, total: 0, partialExecutions: 0 },
    billing: { executions: 0, billedMs: 0, billedMbMs: 0, billingDetailsExecutions: 0, overExpressLimit: 0 },
    started: 0,
    busiestMinute: 0,
    clippedMinute: 0,
  };
}

const PERCENTILES = ['p50', 'p95', 'p99'] as const;

/**
 * Buckets with throughputPerMinute's mean and peak over the whole window: the busiest whole minute,
 * the clipped last one, and one filler bucket for the other whole minutes with their executions.
 * The filler's rate is their mean, at most the busiest whole minute's, so the peak is unchanged;
 * the started total and the total length are the window's, so the mean is too.
 */
function throughputBuckets(window: { from: number; to: number }, f: MachineFigures): StartedBucket[] {
  const length = window.to - window.from;
  const wholeMinutes = Math.floor(length / MINUTE_MS);
  const clipped = length - wholeMinutes * MINUTE_MS;
  const buckets: StartedBucket[] = [];
  let at = window.from;
  const add = (ms: number, started: number) => {
    buckets.push({ start: at, end: at + ms, started });
    at += ms;
  };
  if (wholeMinutes > 0) add(MINUTE_MS, f.busiestMinute);
  if (wholeMinutes > 1) add((wholeMinutes - 1) * MINUTE_MS, f.started - f.busiestMinute - f.clippedMinute);
  if (clipped > 0) add(clipped, f.clippedMinute);
  return buckets;
}

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
  const inWindow = () => `"startDate" >= ${d(query.from)} AND "startDate" < ${d(query.to)}`;
  // The minute index of the clipped last minute; every lower index is a whole minute.
  const lastMinute = int(Math.floor((window.to - window.from) / MINUTE_MS));
  // The minute of the window a start falls in. PostgreSQL: its start, date_bin (timestamp
  // arithmetic; EXTRACT(EPOCH …) is NUMERIC, several times slower per row); SQLite: its number
  // from epoch ms (julianday, see epochMsSql).
  const lastMinuteStart = new Date(window.from + Number(lastMinute) * MINUTE_MS);
  const minuteOf = () =>
    dialect.backend === 'postgres' ? `date_bin('1 minute', "startDate", ${d(query.from)})` : `(${epochMsSql(dialect, '"startDate"')} - ${int(window.from)}) / ${int(MINUTE_MS)}`;
  const lastMinuteOf = () => (dialect.backend === 'postgres' ? d(lastMinuteStart) : lastMinute);

  // SQLite's planner takes the (stateMachineArn, startDate) index and a sort for an ORDER BY …
  // LIMIT 1 OFFSET <subquery> (it cannot see the offset is small); PostgreSQL needs no hint.
  const indexed = (name: string) => (dialect.backend === 'sqlite' ? `INDEXED BY "${name}"` : '');
  const text = (value: string) => `CAST(${p(value)} AS TEXT)`;
  // Known durations per histogram bucket, one index range count per bucket along
  // (stateMachineArn, durationMs, startDate): one walk of the machine's durations, no sort.
  const edges = DURATION_HISTOGRAM_EDGES_MS;
  const bucketCounts = machines.flatMap((machine) =>
    Array.from({ length: edges.length + 1 }, (_, i) => {
      const lower = i === 0 ? '"durationMs" IS NOT NULL' : `"durationMs" >= ${int(edges[i - 1] as number)}`;
      const upper = i === edges.length ? '' : ` AND "durationMs" < ${int(edges[i] as number)}`;
      return `SELECT ${text(machine.stateMachineArn)} AS "m", ${i} AS "h", (SELECT COUNT(*) FROM "Execution" ${indexed(DURATION_INDEX)}
        WHERE "stateMachineArn" = ${p(machine.stateMachineArn)} AND ${lower}${upper} AND ${inWindow()}) AS "n"`;
    }),
  );
  // One row per machine: its percentiles, each the value at its nearest rank among the machine's
  // "n" known durations in the window (summed from the buckets). Every placeholder is made where
  // it stands in the text (SQLite's are positional).
  const percentileCell = (machine: { stateMachineArn: string }, name: (typeof PERCENTILES)[number]) => {
    const q = DURATION_QUANTILES[name];
    // 0-based position of rank r among n: r − 1 ascending, n − r descending (the shorter walk).
    const fromTop = q > 0.5;
    const rank = rankSql(q, '"n"');
    const position = fromTop ? `"n" - ${rank}` : `${rank} - 1`;
    return big(`(SELECT "durationMs" FROM "Execution" ${indexed(DURATION_INDEX)} WHERE "stateMachineArn" = ${p(machine.stateMachineArn)} AND "durationMs" IS NOT NULL AND ${inWindow()}
        ORDER BY "durationMs" ${fromTop ? 'DESC' : 'ASC'} LIMIT 1
        OFFSET COALESCE((SELECT CASE WHEN "n" = 0 THEN 0 ELSE ${position} END FROM "known" WHERE "m" = ${text(machine.stateMachineArn)}), 0))`);
  };
  const percentileRow = (machine: { stateMachineArn: string }) =>
    `SELECT 'p', ${text(machine.stateMachineArn)}, ${nullInt}, ${nullInt}, ${PERCENTILES.map((name) => percentileCell(machine, name)).join(', ')}, ${nullInt}, ${nullInt}, ${nullInt}, ${nullText}`;
  // SQLite, given the machine's statuses (a DISTINCT along (stateMachineArn, status): a few index
  // seeks), reads one (machine, status, startDate) range per status in status order. Left to
  // itself, with statistics of few machines, it skip-scans the index ignoring the machine's
  // equality and sorts the window for the GROUP BY (3× slower).
  const statusesOf = (machine: { stateMachineArn: string }) =>
    dialect.backend === 'sqlite' ? `"status" IN (SELECT DISTINCT "status" FROM "Execution" WHERE "stateMachineArn" = ${p(machine.stateMachineArn)}) AND ` : '';
  // Per status (streamed along Execution_compare_status_idx, in status order: no sort).
  const statusRows = (machine: { stateMachineArn: string }) => `
    SELECT 's' AS "kind", ${text(machine.stateMachineArn)} AS "m", ${nullInt} AS "k", ${big('COUNT(*)')} AS "n", ${nullInt} AS "a",
           ${big(`SUM(CASE WHEN "durationMs" <= ${step} THEN 1 ELSE ("durationMs" + ${int(EXPRESS_DURATION_STEP_MS - 1)}) / ${step} END)`)} AS "b",
           ${nullInt} AS "c",
           ${big('COUNT("transitions")')} AS "e", ${big('COUNT(CASE WHEN "partial" THEN "transitions" END)')} AS "f",
           ${big('SUM("transitions")')} AS "g", "status" AS "t"
    FROM "Execution" ${indexed(STATUS_INDEX)} WHERE "stateMachineArn" = ${p(machine.stateMachineArn)} AND ${statusesOf(machine)}${inWindow()}
    GROUP BY "status"`;
  // The durations past Express's 5-minute limit: the top of the duration index, usually short.
  const overLimitRow = (machine: { stateMachineArn: string }) => `
    SELECT 'x', ${text(machine.stateMachineArn)}, ${nullInt}, ${big(`(SELECT COUNT(*) FROM "Execution" ${indexed(DURATION_INDEX)}
      WHERE "stateMachineArn" = ${p(machine.stateMachineArn)} AND "durationMs" > ${int(EXPRESS_MAX_DURATION_MS)} AND ${inWindow()})`)},
      ${nullInt}, ${nullInt}, ${nullInt}, ${nullInt}, ${nullInt}, ${nullInt}, ${nullText}`;
  // The busiest whole minute and the clipped last one (one machine per GROUP BY: the sort or hash
  // is on the minute number alone).
  const minuteRow = (machine: { stateMachineArn: string }) => `
    SELECT 'm', ${text(machine.stateMachineArn)}, ${nullInt}, ${nullInt}, ${big(`MAX(CASE WHEN "minute" < ${lastMinuteOf()} THEN "started" END)`)},
           ${big(`MAX(CASE WHEN "minute" = ${lastMinuteOf()} THEN "started" END)`)}, ${nullInt}, ${nullInt}, ${nullInt}, ${nullInt}, ${nullText}
    FROM (SELECT ${minuteOf()} AS "minute", COUNT(*) AS "started" FROM "Execution" WHERE "stateMachineArn" = ${p(machine.stateMachineArn)} AND ${inWindow()} GROUP BY 1) "minutes"`;
  // Columns: kind, machine, k (histogram bucket), n, a, b, c, e, f, g, t (status); see the top.
  const sql = `
    WITH "hist" AS MATERIALIZED (
      ${bucketCounts.join('\n      UNION ALL ')}
    ),
    -- BIGINT: PostgreSQL's SUM of BIGINT is NUMERIC, whose division in rankSql is not integer division.
    "known" AS MATERIALIZED (SELECT "m", ${big(`SUM("n")`)} AS "n" FROM "hist" GROUP BY "m")
    ${machines.map((machine) => statusRows(machine)).join('\n    UNION ALL ')}
    UNION ALL
    SELECT 'h', "m", ${big('"h"')}, ${big('"n"')}, ${nullInt}, ${nullInt}, ${nullInt}, ${nullInt}, ${nullInt}, ${nullInt}, ${nullText} FROM "hist" WHERE "n" > 0
    ${machines.map((machine) => `UNION ALL ${overLimitRow(machine)}`).join('\n    ')}
    ${machines.map((machine) => `UNION ALL ${minuteRow(machine)}`).join('\n    ')}
    ${machines.map((machine) => `UNION ALL ${percentileRow(machine)}`).join('\n    ')}`;
  type Row = Record<string, unknown>;
  // PostgreSQL: without JIT. The statement's estimated cost passes jit_above_cost from ~100,000
  // executions on, and compiling its few hundred expressions took 2.2 s of a 3.5 s run (the query
  // itself ~1 s); SET LOCAL needs a transaction (one snapshot, as the single statement is).
  const rows =
    dialect.backend === 'postgres'
      ? await withWriteTransaction(store, async (db) => {
          await db.$executeRawUnsafe('SET LOCAL jit = off');
          return db.$queryRawUnsafe<Row[]>(sql, ...params);
        })
      : await client.$queryRawUnsafe<Row[]>(sql, ...params);

  const figures = new Map(machines.map((m) => [m.stateMachineArn, emptyFigures()]));
  const memoryMb = billedMemoryMb(EXPRESS_MEMORY_ESTIMATE_MB);
  for (const row of rows) {
    const f = figures.get(String(row.m));
    if (f === undefined) continue;
    switch (row.kind) {
      case 's': {
        // Per status; the billing and derived-history sums add up over the statuses.
        const n = toNumber(row.n) ?? 0;
        f.counts[String(row.t)] = n;
        f.started += n;
        const billedMs = (toNumber(row.b) ?? 0) * EXPRESS_DURATION_STEP_MS;
        f.billing.billedMs += billedMs;
        f.billing.billedMbMs += billedMs * memoryMb;
        f.transitions.executions += toNumber(row.e) ?? 0;
        f.transitions.partialExecutions += toNumber(row.f) ?? 0;
        f.transitions.total += toNumber(row.g) ?? 0;
        break;
      }
      case 'h': {
        // The known durations, bucket by bucket: they are also the executions billed.
        const n = toNumber(row.n) ?? 0;
        f.histogram.set(toNumber(row.k) ?? 0, n);
        f.billing.executions += n;
        break;
      }
      case 'x':
        f.billing.overExpressLimit = toNumber(row.n) ?? 0;
        break;
      case 'm':
        f.busiestMinute = toNumber(row.a) ?? 0;
        f.clippedMinute = toNumber(row.b) ?? 0;
        break;
      case 'p':
        f.durationMs = { p50: toNumber(row.a), p95: toNumber(row.b), p99: toNumber(row.c) };
        break;
    }
  }
  return compareItems(
    machines.map((machine) => {
      const f = figures.get(machine.stateMachineArn) ?? emptyFigures();
      const { counts, durationMs, histogram, transitions, billing } = f;
      return {
        machine: { ...machine, region: regionOf(machine.stateMachineArn) },
        figures: { counts, durationMs, histogram, transitions, billing, throughputPerMinute: throughputPerMinute(throughputBuckets(window, f)) },
      };
    }),
  );
}
