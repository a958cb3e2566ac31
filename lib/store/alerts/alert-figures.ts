// What the alert rules are evaluated over (lib/alerts evaluateAlerts), computed in SQL once per
// evaluation, whatever the number of rules: the rules only decide which figures are asked for.
//   ended      FAILED / TIMED_OUT executions that stopped at or after `endedSince` (the
//              (status, stopDate) index, one range per status), with their derived failure
//              (only executions whose history was analysed: the failing state and error come from
//              it), the failing run (the last FAILED run of the failing state: the page's
//              ?state=&run= link), the size of their failure cluster over the last 24 h, and the
//              rules that already fired for them (AlertDelivery (subject, rule) index).
//   windows    per window length and state machine, over the executions started in
//              [now − window, now): counts by status (failure rate = lib/metrics failureRate) and
//              the nearest-rank p95 of the known durations (nearest-rank-sql.ts, as on the health
//              page), plus the newest failure of the window (for the message).
//   running    RUNNING executions that started before now − `runningLongerThanMs`.
//   clusters   per new-cluster window: failure clusters with a member started in
//              [now − window, now) and none before (the clusterId index answers "none before"
//              with one probe), their size in the window, newest member and the rules that fired.
import { FAILURE_STATUSES } from '../../metrics/index.ts';
import { durationPercentilesSql } from '../aggregates/nearest-rank-sql.ts';
import { internalsOf, type Dialect } from '../db/internals.ts';
import { toDate, toNumber } from '../db/sql.ts';
import type { Store } from '../types.ts';

/** Cluster sizes in deliveries count the cluster's members started in this last span, ms. */
export const CLUSTER_SIZE_SPAN_MS = 24 * 3_600_000;

export interface AlertFiguresRequest {
  now: Date;
  /** Execution-ended rules: failures that stopped at or after this; null: none asked. */
  endedSince: Date | null;
  /** Window rules: the distinct window lengths, ms. */
  windowsMs: readonly number[];
  /** Running-longer rules: the smallest limit, ms; null: none asked. */
  runningLongerThanMs: number | null;
  /** New-cluster rules: the distinct window lengths, ms. */
  newClusterWindowsMs: readonly number[];
}

/** The run of the failing state the link opens (StateRun.ordinal and its Map iterations). */
export interface FailingRun {
  ordinal: number;
  mapIndex: number[];
}

export interface EndedFailure {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  status: string;
  /** Epoch ms. */
  stopDate: number;
  error: string | null;
  cause: string | null;
  /** The failing state (analysis.failure.stateName); null for an execution-level error. */
  stateName: string | null;
  clusterId: string | null;
  /** Members of its failure cluster started in the last CLUSTER_SIZE_SPAN_MS. */
  clusterSize: number | null;
  failingRun: FailingRun | null;
  /** Names of the rules that already have a delivery for this execution. */
  firedRules: string[];
}

export interface FailureSample {
  executionArn: string;
  stateName: string | null;
  error: string | null;
  cause: string | null;
}

export interface MachineWindowFigures {
  stateMachineArn: string;
  stateMachineName: string;
  /** Executions started in the window, by status. */
  counts: Record<string, number>;
  /** Executions of the window with a known duration. */
  knownDurations: number;
  /** Nearest-rank p95 of those durations, ms; null when none is known. */
  p95Ms: number | null;
  /** The window's newest failure (by stop date), if any. */
  latestFailure: FailureSample | null;
}

export interface RunningExecution {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  /** Epoch ms. */
  startDate: number;
}

export interface NewCluster {
  clusterId: string;
  stateMachineArn: string;
  stateMachineName: string;
  stateName: string | null;
  error: string | null;
  causePattern: string | null;
  /** Members started in the window (all of them: the cluster has none before). */
  count: number;
  /** Epoch ms of its first member's start. */
  firstSeen: number;
  /** The newest member, for the message and the link. */
  sample: FailureSample & { failingRun: FailingRun | null };
  firedRules: string[];
}

export interface AlertFigures {
  /** Epoch ms the figures are for. */
  now: number;
  ended: EndedFailure[];
  windows: Array<{ windowMs: number; machines: MachineWindowFigures[] }>;
  running: RunningExecution[];
  newClusters: Array<{ windowMs: number; clusters: NewCluster[] }>;
}

const STATUS_LIST = FAILURE_STATUSES.map((status) => `'${status}'`).join(', ');

function aggregateText(dialect: Dialect, column: string): string {
  return dialect.backend === 'postgres' ? `string_agg(${column}, '|')` : `group_concat(${column}, '|')`;
}

/** SQL for the rules that fired for the subject column `subject` ('|'-joined; rule names cannot hold '|'). */
function firedRulesSql(dialect: Dialect, subject: string): string {
  return `(SELECT ${aggregateText(dialect, 'd."rule"')} FROM "AlertDelivery" d WHERE d."subject" = ${subject})`;
}

/** The last FAILED run of the failing state: ordinal and Map iterations (two probes of the StateRun key). */
function failingRunSql(execution: string, stateName: string, column: 'ordinal' | 'mapIndex'): string {
  return `(SELECT r."${column}" FROM "StateRun" r WHERE r."executionArn" = ${execution} AND r."stateName" = ${stateName} AND r."status" = 'FAILED' ORDER BY r."ordinal" DESC LIMIT 1)`;
}

export async function queryAlertFigures(store: Store, request: AlertFiguresRequest): Promise<AlertFigures> {
  const now = request.now.getTime();
  const [ended, windows, running, newClusters] = await Promise.all([
    request.endedSince === null ? Promise.resolve([]) : endedFailures(store, request.endedSince, request.now),
    Promise.all([...new Set(request.windowsMs)].map(async (windowMs) => ({ windowMs, machines: await windowFigures(store, new Date(now - windowMs), request.now) }))),
    request.runningLongerThanMs === null ? Promise.resolve([]) : runningSince(store, new Date(now - request.runningLongerThanMs)),
    Promise.all([...new Set(request.newClusterWindowsMs)].map(async (windowMs) => ({ windowMs, clusters: await newClustersSince(store, new Date(now - windowMs), request.now) }))),
  ]);
  return { now, ended, windows, running, newClusters };
}

async function endedFailures(store: Store, since: Date, now: Date): Promise<EndedFailure[]> {
  const { client, dialect } = internalsOf(store);
  const D = (i: number) => dialect.dateParam(i);
  // analyzerVersion IS NOT NULL: the history was analysed (a listed-only row has no failing state yet;
  // it becomes a candidate once ingest derives it, within the lookback).
  // The candidates first (MATERIALIZED: their few rows, not the table, drive the rest); the rules
  // that fired for them by one join on the AlertDelivery (subject, rule) index, which keeps a
  // good plan even before the planner has statistics of a fast-growing delivery table.
  const sql = `
    WITH "cand" AS MATERIALIZED (
      SELECT e."executionArn", e."stateMachineArn", e."status", e."stopDate", e."error", e."cause", e."failedStateName", e."clusterId"
      FROM "Execution" e
      WHERE e."status" IN (${STATUS_LIST}) AND e."stopDate" >= ${D(1)} AND e."analyzerVersion" IS NOT NULL
    ),
    "fired" AS (
      SELECT d."subject", ${aggregateText(dialect, 'd."rule"')} AS "rules" FROM "AlertDelivery" d JOIN "cand" c ON d."subject" = c."executionArn" GROUP BY d."subject"
    )
    SELECT c.*, m."name" AS "machineName",
           CASE WHEN c."clusterId" IS NULL THEN NULL ELSE
             (SELECT COUNT(*) FROM "Execution" x WHERE x."clusterId" = c."clusterId" AND x."startDate" >= ${D(2)}) END AS "clusterSize",
           ${failingRunSql('c."executionArn"', 'c."failedStateName"', 'ordinal')} AS "runOrdinal",
           ${failingRunSql('c."executionArn"', 'c."failedStateName"', 'mapIndex')} AS "runMapIndex",
           f."rules" AS "firedRules"
    FROM "cand" c
    JOIN "StateMachine" m ON m."stateMachineArn" = c."stateMachineArn"
    LEFT JOIN "fired" f ON f."subject" = c."executionArn"
    ORDER BY c."stopDate", c."executionArn"`;
  // Parameters in the order they appear (SQLite's "?" are positional).
  const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, since, new Date(now.getTime() - CLUSTER_SIZE_SPAN_MS));
  return rows.map((row) => ({
    executionArn: String(row.executionArn),
    stateMachineArn: String(row.stateMachineArn),
    stateMachineName: String(row.machineName),
    status: String(row.status),
    stopDate: toDate(row.stopDate)?.getTime() ?? 0,
    error: textOrNull(row.error),
    cause: textOrNull(row.cause),
    stateName: textOrNull(row.failedStateName),
    clusterId: textOrNull(row.clusterId),
    clusterSize: toNumber(row.clusterSize),
    failingRun: failingRunOf(row.runOrdinal, row.runMapIndex),
    firedRules: splitRules(row.firedRules),
  }));
}

async function windowFigures(store: Store, from: Date, to: Date): Promise<MachineWindowFigures[]> {
  const { client, dialect } = internalsOf(store);
  const D = (i: number) => dialect.dateParam(i);
  const sql = `
    WITH "sel" AS MATERIALIZED (
      SELECT "stateMachineArn", "status", "durationMs" FROM "Execution"
      WHERE "startDate" >= ${D(1)} AND "startDate" < ${D(2)}
    ),
    "counts" AS (
      SELECT "stateMachineArn", "status", COUNT(*) AS "n" FROM "sel" GROUP BY "stateMachineArn", "status"
    ),
    "ranked" AS (
      SELECT "stateMachineArn", "durationMs",
             ROW_NUMBER() OVER (PARTITION BY "stateMachineArn" ORDER BY "durationMs") AS "rn",
             COUNT(*) OVER (PARTITION BY "stateMachineArn") AS "n"
      FROM "sel" WHERE "durationMs" IS NOT NULL
    ),
    "pct" AS (
      SELECT "stateMachineArn", MAX("n") AS "known", ${durationPercentilesSql(['p95'])} FROM "ranked" GROUP BY "stateMachineArn"
    )
    SELECT c."stateMachineArn", c."status", c."n", p."known", p."p95", m."name" AS "machineName"
    FROM "counts" c
    JOIN "StateMachine" m ON m."stateMachineArn" = c."stateMachineArn"
    LEFT JOIN "pct" p ON p."stateMachineArn" = c."stateMachineArn"`;
  const latestSql = `
    SELECT "stateMachineArn", "executionArn", "failedStateName", "error", "cause" FROM (
      SELECT "stateMachineArn", "executionArn", "failedStateName", "error", "cause",
             ROW_NUMBER() OVER (PARTITION BY "stateMachineArn" ORDER BY "stopDate" DESC, "executionArn" DESC) AS "rn"
      FROM "Execution"
      WHERE "status" IN (${STATUS_LIST}) AND "startDate" >= ${D(1)} AND "startDate" < ${D(2)}
    ) "f" WHERE "rn" = 1`;
  const [rows, latest] = await Promise.all([
    client.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, from, to),
    client.$queryRawUnsafe<Array<Record<string, unknown>>>(latestSql, from, to),
  ]);
  const byMachine = new Map<string, MachineWindowFigures>();
  for (const row of rows) {
    const arn = String(row.stateMachineArn);
    let figures = byMachine.get(arn);
    if (figures === undefined) {
      figures = { stateMachineArn: arn, stateMachineName: String(row.machineName), counts: {}, knownDurations: toNumber(row.known) ?? 0, p95Ms: toNumber(row.p95), latestFailure: null };
      byMachine.set(arn, figures);
    }
    figures.counts[String(row.status)] = toNumber(row.n) ?? 0;
  }
  for (const row of latest) {
    const figures = byMachine.get(String(row.stateMachineArn));
    if (figures) figures.latestFailure = { executionArn: String(row.executionArn), stateName: textOrNull(row.failedStateName), error: textOrNull(row.error), cause: textOrNull(row.cause) };
  }
  return [...byMachine.values()].sort((a, b) => (a.stateMachineArn < b.stateMachineArn ? -1 : 1));
}

async function runningSince(store: Store, startedBefore: Date): Promise<RunningExecution[]> {
  const { client, dialect } = internalsOf(store);
  const sql = `
    SELECT e."executionArn", e."stateMachineArn", m."name" AS "machineName", e."startDate"
    FROM "Execution" e JOIN "StateMachine" m ON m."stateMachineArn" = e."stateMachineArn"
    WHERE e."status" = 'RUNNING' AND e."startDate" < ${dialect.dateParam(1)} AND e."expired" = ${dialect.backend === 'postgres' ? 'false' : '0'}
    ORDER BY e."startDate", e."executionArn"`;
  const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, startedBefore);
  return rows.map((row) => ({
    executionArn: String(row.executionArn),
    stateMachineArn: String(row.stateMachineArn),
    stateMachineName: String(row.machineName),
    startDate: toDate(row.startDate)?.getTime() ?? 0,
  }));
}

async function newClustersSince(store: Store, from: Date, to: Date): Promise<NewCluster[]> {
  const { client, dialect } = internalsOf(store);
  const D = (i: number) => dialect.dateParam(i);
  const sql = `
    WITH "recent" AS MATERIALIZED (
      SELECT "executionArn", "stateMachineArn", "clusterId", "failedStateName", "failureError", "causePattern", "error", "cause", "startDate", "stopDate"
      FROM "Execution"
      WHERE "status" IN (${STATUS_LIST}) AND "startDate" >= ${D(1)} AND "startDate" < ${D(2)} AND "clusterId" IS NOT NULL
    ),
    "fresh" AS (
      SELECT "clusterId", COUNT(*) AS "n", MIN("startDate") AS "firstSeen" FROM "recent" r
      WHERE NOT EXISTS (SELECT 1 FROM "Execution" o WHERE o."clusterId" = r."clusterId" AND o."startDate" < ${D(3)})
      GROUP BY "clusterId"
    ),
    "newest" AS (
      SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r."clusterId" ORDER BY r."startDate" DESC, r."executionArn" DESC) AS "rn" FROM "recent" r
      WHERE r."clusterId" IN (SELECT "clusterId" FROM "fresh")
    )
    SELECT f."clusterId", f."n", f."firstSeen", s."executionArn", s."stateMachineArn", m."name" AS "machineName",
           s."failedStateName", s."failureError", s."causePattern", s."error", s."cause",
           ${failingRunSql('s."executionArn"', 's."failedStateName"', 'ordinal')} AS "runOrdinal",
           ${failingRunSql('s."executionArn"', 's."failedStateName"', 'mapIndex')} AS "runMapIndex",
           ${firedRulesSql(dialect, 'f."clusterId"')} AS "firedRules"
    FROM "fresh" f
    JOIN "newest" s ON s."clusterId" = f."clusterId" AND s."rn" = 1
    JOIN "StateMachine" m ON m."stateMachineArn" = s."stateMachineArn"
    ORDER BY f."firstSeen", f."clusterId"`;
  // Parameters in the order they appear (SQLite's "?" are positional).
  const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, from, to, from);
  return rows.map((row) => ({
    clusterId: String(row.clusterId),
    stateMachineArn: String(row.stateMachineArn),
    stateMachineName: String(row.machineName),
    stateName: textOrNull(row.failedStateName),
    error: textOrNull(row.failureError),
    causePattern: textOrNull(row.causePattern),
    count: toNumber(row.n) ?? 0,
    firstSeen: toDate(row.firstSeen)?.getTime() ?? 0,
    sample: {
      executionArn: String(row.executionArn),
      stateName: textOrNull(row.failedStateName),
      error: textOrNull(row.error),
      cause: textOrNull(row.cause),
      failingRun: failingRunOf(row.runOrdinal, row.runMapIndex),
    },
    firedRules: splitRules(row.firedRules),
  }));
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function splitRules(value: unknown): string[] {
  return typeof value === 'string' && value !== '' ? [...new Set(value.split('|'))] : [];
}

function failingRunOf(ordinal: unknown, mapIndex: unknown): FailingRun | null {
  const n = toNumber(ordinal);
  if (n === null) return null;
  let iterations: number[] = [];
  try {
    const parsed: unknown = typeof mapIndex === 'string' ? JSON.parse(mapIndex) : [];
    if (Array.isArray(parsed)) iterations = parsed.filter((i): i is number => typeof i === 'number');
  } catch {
    iterations = [];
  }
  return { ordinal: n, mapIndex: iterations };
}
