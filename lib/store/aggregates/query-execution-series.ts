// A state machine's executions over time, in SQL (DESIGN.md §2.5 GET /api/state-machines/{arn}/series;
// §1: aggregates are SQL, not loops over executions). What each figure means is defined by
// lib/metrics executionSeries and revisionMarks; tests/integration/store/series*.test.ts check
// these queries against them on SQLite and PostgreSQL.
//
// Two statements, one per part:
//   series     sel    the machine's executions with startDate in [from, to) — the
//                     Execution_stateMachineArn_startDate_idx range — each with its bucket index
//                     (epoch ms of startDate − first bucket start) / bucketMs, integer division on
//                     both backends (never negative: startDate >= from >= first bucket start);
//              counts started and per-status counts per bucket;
//              ranked the executions with a known durationMs, numbered by duration within their bucket;
//              pct    nearest rank ⌈q·n⌉ (nearest-rank-sql.ts), like queryStateStats;
//              then the buckets without executions are filled in (a loop over buckets, not executions).
//   revisions  per DefinitionRevision of the machine, firstSeen = COALESCE(the earliest startDate
//              of its executions — one probe of the (stateMachineArn, revisionId, startDate)
//              index —, createdAt), kept when < to.
// Epoch ms of a startDate: SQLite stores DateTime as ISO-8601 text ('2024-01-02T03:04:05.678+00:00',
// prisma/schema.prisma), read exactly with strftime('%s') (whole seconds) plus the rounded
// milliseconds of strftime('%f'); PostgreSQL's timestamp(3) (UTC) through EXTRACT(EPOCH …).
import {
  SERIES_STATUS_COUNTS,
  bucketStart,
  checkWindow,
  compareRevisionMarks,
  emptySeriesBucket,
  seriesBucketStarts,
  type RevisionMark,
  type SeriesBucket,
  type SeriesStatusCount,
} from '../../metrics/index.ts';
import { durationPercentilesSql } from './nearest-rank-sql.ts';
import { internalsOf, type Dialect } from '../db/internals.ts';
import { toDate, toNumber } from '../db/sql.ts';
import type { Store } from '../types.ts';

export interface ExecutionSeriesQuery {
  stateMachineArn: string;
  /** Window start, inclusive (on Execution.startDate). */
  from: Date;
  /** Window end, exclusive. */
  to: Date;
  /** Bucket size in ms (buckets are aligned to multiples of it since the epoch, UTC). */
  bucketMs: number;
}

export interface ExecutionSeries {
  /** Every bucket of the window, ascending; `start` in epoch ms. */
  items: SeriesBucket[];
  /** The machine's definition revisions first seen before `to`, by firstSeen (epoch ms). */
  revisions: RevisionMark[];
}


/** Epoch milliseconds (an integer) of a DateTime column. */
export function epochMsSql(dialect: Dialect, column: string): string {
  return dialect.backend === 'postgres'
    ? `CAST(ROUND(EXTRACT(EPOCH FROM ${column}) * 1000) AS BIGINT)`
    : // Julian days as a double resolve 0.04 ms at today's dates, so rounding gives the exact ms;
      // 3.5× faster than two strftime calls per row.
      `CAST(ROUND((julianday(${column}) - 2440587.5) * 86400000) AS INTEGER)`;
}

/** An integer spliced into SQL: only safe integers computed here, never input text. */
export function int(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
  return String(value);
}

const PERCENTILE_COLUMNS = ['p50', 'p95', 'p99'] as const;

export async function queryExecutionSeries(store: Store, query: ExecutionSeriesQuery): Promise<ExecutionSeries> {
  const window = { from: query.from.getTime(), to: query.to.getTime() };
  checkWindow(window);
  const starts = seriesBucketStarts(window, query.bucketMs);
  const [items, revisions] = await Promise.all([
    starts.length === 0 ? Promise.resolve([]) : seriesItems(store, query, starts),
    revisionMarksOf(store, query),
  ]);
  return { items, revisions };
}

async function seriesItems(store: Store, query: ExecutionSeriesQuery, starts: number[]): Promise<SeriesBucket[]> {
  const { client, dialect } = internalsOf(store);
  const P = (i: number) => dialect.param(i);
  const D = (i: number) => dialect.dateParam(i);
  const first = bucketStart(query.from.getTime(), query.bucketMs);
  const fields = Object.keys(SERIES_STATUS_COUNTS) as SeriesStatusCount[];
  // The status words are constants of lib/metrics (typed by lib/history's vocabulary), not input.
  const statusCounts = fields.map((field) => `SUM(CASE WHEN "status" = '${SERIES_STATUS_COUNTS[field]}' THEN 1 ELSE 0 END) AS "${field}"`).join(',\n             ');
  const percentiles = durationPercentilesSql(PERCENTILE_COLUMNS, ',\n             ');
  const sql = `
    WITH "sel" AS MATERIALIZED (
      SELECT "status", "durationMs", (${epochMsSql(dialect, '"startDate"')} - ${int(first)}) / ${int(query.bucketMs)} AS "b"
      FROM "Execution"
      WHERE "stateMachineArn" = ${P(1)} AND "startDate" >= ${D(2)} AND "startDate" < ${D(3)}
    ),
    "counts" AS (
      SELECT "b", COUNT(*) AS "started",
             ${statusCounts}
      FROM "sel" GROUP BY "b"
    ),
    "ranked" AS (
      SELECT "b", "durationMs",
             ROW_NUMBER() OVER (PARTITION BY "b" ORDER BY "durationMs") AS "rn",
             COUNT(*) OVER (PARTITION BY "b") AS "n"
      FROM "sel" WHERE "durationMs" IS NOT NULL
    ),
    "pct" AS (
      SELECT "b",
             ${percentiles}
      FROM "ranked" GROUP BY "b"
    )
    SELECT c.*, p."p50", p."p95", p."p99"
    FROM "counts" c LEFT JOIN "pct" p ON p."b" = c."b"`;
  const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, query.stateMachineArn, query.from, query.to);
  const items = starts.map(emptySeriesBucket);
  for (const row of rows) {
    const item = items[toNumber(row.b) ?? -1];
    if (item === undefined) continue; // cannot happen: every selected startDate is in a bucket
    item.started = toNumber(row.started) ?? 0;
    for (const field of fields) item[field] = toNumber(row[field]) ?? 0;
    item.durationMs = { p50: toNumber(row.p50), p95: toNumber(row.p95), p99: toNumber(row.p99) };
  }
  return items;
}

async function revisionMarksOf(store: Store, query: ExecutionSeriesQuery): Promise<RevisionMark[]> {
  const { client, dialect } = internalsOf(store);
  const P = (i: number) => dialect.param(i);
  const D = (i: number) => dialect.dateParam(i);
  // Per revision of the machine (few), the first start of an execution that ran it: a MIN over
  // the (stateMachineArn, revisionId, startDate) index, one probe each, whatever the number of
  // executions. MIN over SQLite's ISO text is chronological (one format, one offset); NULL start
  // dates are skipped.
  const sql = `
    SELECT "revisionId", "firstSeen" FROM (
      SELECT r."revisionId",
             COALESCE(
               (SELECT MIN(e."startDate") FROM "Execution" e
                WHERE e."stateMachineArn" = r."stateMachineArn" AND e."revisionId" = r."revisionId"),
               r."createdAt") AS "firstSeen"
      FROM "DefinitionRevision" r
      WHERE r."stateMachineArn" = ${P(1)}
    ) "marks"
    WHERE "firstSeen" < ${D(2)}`;
  const rows = await client.$queryRawUnsafe<Array<{ revisionId: unknown; firstSeen: unknown }>>(sql, query.stateMachineArn, query.to);
  const marks: RevisionMark[] = [];
  for (const row of rows) {
    const firstSeen = toDate(row.firstSeen);
    if (typeof row.revisionId === 'string' && firstSeen !== null) marks.push({ revisionId: row.revisionId, firstSeen: firstSeen.getTime() });
  }
  return marks.sort(compareRevisionMarks);
}
