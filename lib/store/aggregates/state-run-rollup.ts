// The per-state hourly rollup (StateRunRollup): per (machine, state, UTC hour of the execution's
// startDate, lib/metrics rollupBucket of the duration, -1 when unknown) the runs and their
// outcome counts. It is what queryStateStats reads for the whole hours of a big window.
//
// Kept exactly in step with StateRun by its two writers (saveExecutionHistory and
// saveDerivedRows): inside their transaction, after the execution row is locked and before its
// runs are deleted, they read the old runs' contribution (each run carries the startDate and
// bucket it was counted under), and applyStateRunRollupDelta adds the new runs' minus the old.
// Derived data: rebuildStateRunRollups recomputes StateRun.startDate / durationBucket and the
// whole table from StateRun and Execution (the migration that created the table ran the same
// statements to fill it).
import { ROLLUP_EDGES_MS, STATUS_COUNTS, rollupBucket, type StatusCount } from '../../metrics/index.ts';
import type { Dialect, RawDb } from '../db/internals.ts';
import { internalsOf } from '../db/internals.ts';
import { insertRows, toDate, toNumber } from '../db/sql.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';
import type { Store } from '../types.ts';

const HOUR_MS = 3_600_000;

/** What one run contributes to the rollup. */
export interface RollupRun {
  stateMachineArn: string;
  stateName: string;
  status: string;
  attempts: number;
  /** rollupBucket of the duration; null when unknown. */
  durationBucket: number | null;
  /** The execution's startDate the run was counted under; null: in no rollup. */
  startDate: Date | null;
}

/** The durationBucket column value of a run's duration (ms). */
export function durationBucketOf(durationMs: number | null): number | null {
  return durationMs === null || !Number.isFinite(durationMs) ? null : rollupBucket(durationMs);
}

export const ROLLUP_COLUMNS = ['stateMachineArn', 'stateName', 'hourStart', 'bucket', 'runs', 'failed', 'caught', 'aborted', 'attempts', 'retriedRuns'] as const;
const COUNTED = ['runs', 'failed', 'caught', 'aborted', 'attempts', 'retriedRuns'] as const;
type Counted = (typeof COUNTED)[number];

/** The old runs of these executions as the rollup counted them (read before they are deleted). */
export async function readRollupRuns(db: RawDb, dialect: Dialect, executionArns: readonly string[]): Promise<RollupRun[]> {
  const out: RollupRun[] = [];
  const chunk = Math.max(1, dialect.maxParams - 10);
  for (let start = 0; start < executionArns.length; start += chunk) {
    const arns = executionArns.slice(start, start + chunk);
    const rows = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT "stateMachineArn", "stateName", "status", "attempts", "durationBucket", "startDate" FROM "StateRun"
       WHERE "executionArn" IN (${arns.map((_, i) => dialect.param(i + 1)).join(', ')}) AND "startDate" IS NOT NULL`,
      ...arns,
    );
    for (const row of rows) {
      out.push({
        stateMachineArn: String(row.stateMachineArn),
        stateName: String(row.stateName),
        status: String(row.status),
        attempts: toNumber(row.attempts) ?? 0,
        durationBucket: toNumber(row.durationBucket),
        startDate: toDate(row.startDate),
      });
    }
  }
  return out;
}

/** Adds `added` and takes away `removed` (runs without a startDate count nowhere); drops emptied rows. */
export async function applyStateRunRollupDelta(db: RawDb, dialect: Dialect, removed: readonly RollupRun[], added: readonly RollupRun[]): Promise<void> {
  const delta = new Map<string, { key: [string, string, Date, number]; counts: Record<Counted, number> }>();
  const count = (run: RollupRun, sign: 1 | -1) => {
    if (run.startDate === null || !Number.isFinite(run.startDate.getTime())) return;
    const hour = Math.floor(run.startDate.getTime() / HOUR_MS) * HOUR_MS;
    const bucket = run.durationBucket ?? -1;
    const id = JSON.stringify([run.stateMachineArn, run.stateName, hour, bucket]);
    let entry = delta.get(id);
    if (entry === undefined) {
      entry = { key: [run.stateMachineArn, run.stateName, new Date(hour), bucket], counts: { runs: 0, failed: 0, caught: 0, aborted: 0, attempts: 0, retriedRuns: 0 } };
      delta.set(id, entry);
    }
    const c = entry.counts;
    c.runs += sign;
    for (const field of Object.keys(STATUS_COUNTS) as StatusCount[]) if (run.status === STATUS_COUNTS[field]) c[field] += sign;
    c.attempts += sign * run.attempts;
    if (run.attempts > 1) c.retriedRuns += sign;
  };
  for (const run of removed) count(run, -1);
  for (const run of added) count(run, 1);
  const rows = [...delta.values()].filter(({ counts }) => COUNTED.some((field) => counts[field] !== 0)).map(({ key, counts }) => [...key, ...COUNTED.map((field) => counts[field])]);
  if (rows.length === 0) return;
  await insertRows(
    db,
    dialect,
    'StateRunRollup',
    ROLLUP_COLUMNS,
    rows,
    `ON CONFLICT ("stateMachineArn", "hourStart", "stateName", "bucket") DO UPDATE SET ${COUNTED.map((field) => `"${field}" = "StateRunRollup"."${field}" + excluded."${field}"`).join(', ')}`,
  );
  // A group whose last run moved away is removed (its counts are all 0 then).
  const machines = [...new Set(rows.map((row) => row[0] as string))];
  const hours = [...new Set(rows.map((row) => (row[2] as Date).getTime()))].map((ms) => new Date(ms));
  const p = (i: number) => dialect.param(i);
  const d = (i: number) => dialect.dateParam(i);
  await db.$executeRawUnsafe(
    `DELETE FROM "StateRunRollup" WHERE "runs" = 0 AND "stateMachineArn" IN (${machines.map((_, i) => p(i + 1)).join(', ')})
       AND "hourStart" IN (${hours.map((_, i) => d(machines.length + i + 1)).join(', ')})`,
    ...machines,
    ...hours,
  );
}

/** SQL for the UTC hour start of a date column, in the backend's stored date form. */
export function hourStartSql(dialect: Dialect, column: string): string {
  // SQLite stores dates as 'YYYY-MM-DDTHH:MM:SS.mmm+00:00' (the driver adapter's form).
  return dialect.backend === 'postgres' ? `date_trunc('hour', ${column})` : `(substr(${column}, 1, 13) || ':00:00.000+00:00')`;
}

/** SQL for lib/metrics rollupBucket of an integer ms column (null stays null), one WHEN per edge. */
export function durationBucketSql(column: string): string {
  const whens = ROLLUP_EDGES_MS.map((edge, i) => `WHEN ${column} < ${edge} THEN ${i}`).join(' ');
  return `CASE WHEN ${column} IS NULL THEN NULL ${whens} ELSE ${ROLLUP_EDGES_MS.length} END`;
}

/** The statements that rebuild StateRun's rollup columns and the whole StateRunRollup table. */
export function rebuildStateRunRollupsSql(dialect: Dialect): string[] {
  const statusSums = (Object.keys(STATUS_COUNTS) as StatusCount[]).map((field) => `SUM(CASE WHEN "status" = '${STATUS_COUNTS[field]}' THEN 1 ELSE 0 END)`);
  return [
    `UPDATE "StateRun" SET "startDate" = (SELECT e."startDate" FROM "Execution" e WHERE e."executionArn" = "StateRun"."executionArn"), "durationBucket" = ${durationBucketSql('"durationMs"')}`,
    `DELETE FROM "StateRunRollup"`,
    `INSERT INTO "StateRunRollup" (${ROLLUP_COLUMNS.map((c) => `"${c}"`).join(', ')})
     SELECT "stateMachineArn", "stateName", ${hourStartSql(dialect, '"startDate"')}, COALESCE("durationBucket", -1), COUNT(*), ${statusSums.join(', ')},
            SUM("attempts"), SUM(CASE WHEN "attempts" > 1 THEN 1 ELSE 0 END)
     FROM "StateRun" WHERE "startDate" IS NOT NULL
     GROUP BY "stateMachineArn", "stateName", ${hourStartSql(dialect, '"startDate"')}, COALESCE("durationBucket", -1)`,
  ];
}

/** Recomputes the rollup from StateRun and Execution, in one transaction. */
export async function rebuildStateRunRollups(store: Store): Promise<void> {
  const { dialect } = internalsOf(store);
  await withWriteTransaction(store, async (tx) => {
    for (const sql of rebuildStateRunRollupsSql(dialect)) await tx.$executeRawUnsafe(sql);
  });
}
