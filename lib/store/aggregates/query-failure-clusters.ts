// Failure clusters of a window (DESIGN.md §2.5 GET /api/failure-clusters), in SQL over the derived
// Execution columns (failedStateName, failureError, causePattern, clusterId, root cause) that
// lib/ingest writes. What each figure means is defined by lib/metrics failureClusters;
// tests/integration/store/failure-clusters.test.ts checks this query against it on SQLite and
// PostgreSQL.
//
// One statement (one snapshot of the data):
//   m     the FAILED and TIMED_OUT executions with startDate in [from, to), of one machine or all
//         (the (stateMachineArn, status, startDate) or (status, startDate) index range); a row
//         with no clusterId (nothing derived from events yet, or written before the cluster
//         columns) is grouped under 'unanalysed:' || stateMachineArn, its machine's
//         unanalysedClusterKey, which only JavaScript can hash;
//   then one UNION ALL of row kinds over m: 'c' a cluster's count / first and last seen / key,
//   'r' its revisions, 'k' its root causes, 's' its newest members, 'p' its sparkline points
//   (the point index rides in t1 as text so that the UNION's column types stay put).
// The ordering of clusters, root causes and revisions is lib/metrics' comparators, applied here
// to the few grouped rows (a window has as many clusters as distinct failures, not executions).
import {
  FAILURE_STATUSES,
  SAMPLE_SIZE,
  SPARKLINE_POINTS,
  checkWindow,
  compareClusters,
  compareNullableText,
  compareRootCauses,
  sparklineSliceMs,
  unanalysedClusterKey,
  type FailureCluster,
  type FailureClusterKey,
} from '../../metrics/index.ts';
import { internalsOf, type Dialect } from '../db/internals.ts';
import { toDate, toNumber } from '../db/sql.ts';
import type { Store } from '../types.ts';
import { epochMsSql, int } from './query-execution-series.ts';

export interface FailureClustersQuery {
  /** One machine's clusters; absent: across all state machines. */
  stateMachineArn?: string;
  /** Window start, inclusive (on Execution.startDate). */
  from: Date;
  /** Window end, exclusive. */
  to: Date;
  /** The largest `limit` clusters (default all). */
  limit?: number;
}

export interface FailureClustersResult {
  items: FailureCluster[];
  /** Failed + timed-out executions of the window: the sum of every cluster's count (before `limit`). */
  failures: number;
  /** Number of clusters before `limit`. */
  clusters: number;
  /** Width of a sparkline point in ms; point i covers [from + i·sliceMs, from + (i+1)·sliceMs). */
  sparklineSliceMs: number;
}

const UNANALYSED_PREFIX = 'unanalysed:';

/** Code-unit order for a text expression: PostgreSQL's default collation is the locale's. */
function binary(dialect: Dialect, expression: string): string {
  return dialect.backend === 'postgres' ? `${expression} COLLATE "C"` : expression;
}

export async function queryFailureClusters(store: Store, query: FailureClustersQuery): Promise<FailureClustersResult> {
  const window = { from: query.from.getTime(), to: query.to.getTime() };
  checkWindow(window);
  const slice = sparklineSliceMs(window);
  const { client, dialect } = internalsOf(store);
  const P = (i: number) => dialect.param(i);
  const D = (i: number) => dialect.dateParam(i);
  const params: unknown[] = [query.from, query.to];
  let machine = '';
  if (query.stateMachineArn !== undefined) {
    params.push(query.stateMachineArn);
    machine = `AND "stateMachineArn" = ${P(3)}`;
  }
  // The status words are constants of lib/metrics (lib/history's vocabulary), not input.
  const statuses = FAILURE_STATUSES.map((status) => `'${status}'`).join(', ');
  const cast = dialect.backend === 'postgres' ? (sql: string) => `CAST(${sql} AS BIGINT)` : (sql: string) => sql;
  const sql = `
    WITH "m" AS (
      SELECT "executionArn", "stateMachineArn", "startDate", "revisionId",
             "failedStateName", "failureError", "causePattern", "rootCauseStateName", "rootCauseError",
             COALESCE("clusterId", '${UNANALYSED_PREFIX}' || "stateMachineArn") AS "cid"
      FROM "Execution"
      WHERE "status" IN (${statuses}) AND "startDate" >= ${D(1)} AND "startDate" < ${D(2)} ${machine}
    ),
    "ranked" AS (
      SELECT "cid", "executionArn", "startDate",
             ROW_NUMBER() OVER (PARTITION BY "cid" ORDER BY "startDate" DESC, ${binary(dialect, '"executionArn"')} DESC) AS "rn"
      FROM "m"
    )
    SELECT 'c' AS "kind", "cid", MIN("stateMachineArn") AS "t1", MIN("failedStateName") AS "t2",
           MIN("failureError") AS "t3", MIN("causePattern") AS "t4", ${cast('COUNT(*)')} AS "n",
           MIN("startDate") AS "d1", MAX("startDate") AS "d2"
    FROM "m" GROUP BY "cid"
    UNION ALL
    SELECT 'r', "cid", "revisionId", NULL, NULL, NULL, NULL, MIN("startDate"), NULL
    FROM "m" WHERE "revisionId" IS NOT NULL GROUP BY "cid", "revisionId"
    UNION ALL
    SELECT 'k', "cid", "rootCauseStateName", "rootCauseError", NULL, NULL, ${cast('COUNT(*)')}, NULL, NULL
    FROM "m" WHERE "rootCauseStateName" IS NOT NULL GROUP BY "cid", "rootCauseStateName", "rootCauseError"
    UNION ALL
    SELECT 's', "cid", "executionArn", NULL, NULL, NULL, NULL, "startDate", NULL
    FROM "ranked" WHERE "rn" <= ${int(SAMPLE_SIZE)}
    UNION ALL
    SELECT 'p', "cid", CAST("point" AS TEXT), NULL, NULL, NULL, ${cast('COUNT(*)')}, NULL, NULL
    FROM (SELECT "cid", (${epochMsSql(dialect, '"startDate"')} - ${int(window.from)}) / ${int(slice)} AS "point" FROM "m") "points"
    GROUP BY "cid", "point"`;
  const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, ...params);

  const byCid = new Map<string, FailureCluster>();
  const revisionFirst = new Map<string, Array<[string, number]>>();
  const samples = new Map<string, Array<[string, number]>>();
  for (const row of rows) {
    if (row.kind !== 'c') continue;
    const cid = String(row.cid);
    const key: FailureClusterKey = cid.startsWith(UNANALYSED_PREFIX)
      ? unanalysedClusterKey(cid.slice(UNANALYSED_PREFIX.length))
      : { id: cid, stateMachineArn: String(row.t1), stateName: text(row.t2), error: text(row.t3), causePattern: text(row.t4) ?? '' };
    byCid.set(cid, {
      ...key,
      count: toNumber(row.n) ?? 0,
      firstSeen: ms(row.d1),
      lastSeen: ms(row.d2),
      revisions: [],
      rootCauses: [],
      sampleExecutionArns: [],
      sparkline: new Array<number>(SPARKLINE_POINTS).fill(0),
    });
  }
  for (const row of rows) {
    const cluster = byCid.get(String(row.cid));
    if (cluster === undefined) continue;
    const cid = String(row.cid);
    if (row.kind === 'r') push(revisionFirst, cid, [String(row.t1), ms(row.d1)]);
    else if (row.kind === 'k') cluster.rootCauses.push({ stateName: String(row.t1), error: text(row.t2), count: toNumber(row.n) ?? 0 });
    else if (row.kind === 's') push(samples, cid, [String(row.t1), ms(row.d1)]);
    else if (row.kind === 'p') {
      const point = toNumber(row.t1) ?? -1;
      if (point >= 0 && point < SPARKLINE_POINTS) cluster.sparkline[point] = toNumber(row.n) ?? 0;
    }
  }
  let failures = 0;
  for (const [cid, cluster] of byCid) {
    failures += cluster.count;
    cluster.rootCauses.sort(compareRootCauses);
    cluster.revisions = (revisionFirst.get(cid) ?? []).sort((a, b) => a[1] - b[1] || compareNullableText(a[0], b[0])).map(([revisionId]) => revisionId);
    cluster.sampleExecutionArns = (samples.get(cid) ?? []).sort((a, b) => b[1] - a[1] || compareNullableText(b[0], a[0])).map(([arn]) => arn);
  }
  const all = [...byCid.values()].sort(compareClusters);
  const items = query.limit !== undefined ? all.slice(0, query.limit) : all;
  return { items, failures, clusters: all.length, sparklineSliceMs: slice };
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function ms(value: unknown): number {
  return toDate(value)?.getTime() ?? Number.NaN;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
