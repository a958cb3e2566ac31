// Aggregates for the executions list (counts by status in a filter scope) and the home page
// (per state machine: recent success rate, last failure, executions per hour).
import { EXECUTION_STATUSES, isFailure, isTerminal } from '../../history/statuses.ts';
import { internalsOf } from '../db/internals.ts';
import { toIso, toNumber } from '../db/sql.ts';
import type { Store } from '../types.ts';
import { executionFilterWhere, sqlParams, type ExecutionScope } from './execution-filter-sql.ts';
import { resolveClusterScope } from './resolve-cluster-scope.ts';
import { NAME_SEARCH, planSearch } from './search-index.ts';

export type StatusCounts = Record<string, number>;

/** Counting through the name index pays per candidate; above this many a scan of the scope is cheaper. */
const COUNT_CANDIDATES = 100_000;

/**
 * Executions per status in the scope of `query`, ignoring status, text, sort and cursor (the
 * chips show what each status would give). One GROUP BY over the scope's index range, with the
 * same WHERE clauses as listExecutions (executionFilterWhere); on SQLite a name filter `q` of 3
 * or more characters first narrows the rows to the search index's candidates (search-index.ts),
 * on PostgreSQL its ILIKE is served by the pg_trgm indexes.
 */
export async function countExecutionsByStatus(store: Store, query: ExecutionScope): Promise<StatusCounts> {
  const { client, dialect } = internalsOf(store);
  const bind = sqlParams(dialect);
  const q = query.q?.trim() ? query.q.trim() : null;
  const plan = q !== null && dialect.backend === 'sqlite' ? await planSearch(store, NAME_SEARCH, q) : null;
  // The candidates' placeholder comes first: SQLite's are positional.
  const from =
    plan !== null && plan.estimate <= COUNT_CANDIDATES
      ? `(SELECT rowid AS r FROM "${plan.table}" WHERE "${plan.table}" MATCH ${bind.p(plan.match)}) AS c CROSS JOIN "Execution" ON "Execution".rowid = c.r`
      : '"Execution"';
  const where = ['1 = 1', ...executionFilterWhere(dialect, bind, await resolveClusterScope(store, query))].join(' AND ');
  const rows = await client.$queryRawUnsafe<Array<{ status: string; n: unknown }>>(`SELECT "status", COUNT(*) AS n FROM ${from} WHERE ${where} GROUP BY "status"`, ...bind.params);
  const counts: StatusCounts = {};
  for (const row of rows) counts[row.status] = toNumber(row.n) ?? 0;
  return counts;
}

export interface LastFailure {
  executionArn: string;
  name: string;
  status: string;
  startDate: string | null;
  stopDate: string | null;
  error: string | null;
  cause: string | null;
}

export interface StateMachineStats {
  /** Statuses of the last RECENT_EXECUTIONS executions (by startDate). */
  recent: StatusCounts;
  /** SUCCEEDED / terminal among those, or null when none is terminal. */
  successRate: number | null;
  lastFailure: LastFailure | null;
  /** Executions started in each of the 24 hours before `now`, oldest hour first. */
  perHour: number[];
}

export const RECENT_EXECUTIONS = 100;
// Bound as parameters of the per-status index scans below (FAILED, TIMED_OUT, ABORTED).
const FAILURE_STATUSES = EXECUTION_STATUSES.filter(isFailure);
const HOUR = 3_600_000;

/** Up to n rows: dated ones by the index, topped up with undated ones. */
async function datedThenUndated<T>(query: (dated: boolean, n: number) => Promise<T[]>, n: number): Promise<T[]> {
  const dated = await query(true, n);
  return dated.length >= n ? dated : dated.concat(await query(false, n - dated.length));
}

/** Per state machine: a few index range scans each (stateMachineArn + status + startDate). */
export async function stateMachineStats(store: Store, stateMachineArns: readonly string[], now = new Date()): Promise<Record<string, StateMachineStats>> {
  const { client, dialect } = internalsOf(store);
  const P = (i: number) => dialect.param(i);
  const D = (i: number) => dialect.dateParam(i);
  const hourStart = Math.floor(now.getTime() / HOUR) * HOUR - 23 * HOUR;
  const hourExpr = dialect.backend === 'postgres' ? `to_char("startDate", 'YYYY-MM-DD"T"HH24')` : `substr("startDate", 1, 13)`;
  const out: Record<string, StateMachineStats> = {};
  await Promise.all(
    stateMachineArns.map(async (arn) => {
      const [recentRows, failures, hours] = await Promise.all([
        // Dated executions first, then (recordings with masked timestamps) undated ones.
        datedThenUndated((dated, n) =>
          client.$queryRawUnsafe<Array<{ status: string }>>(
            `SELECT "status" FROM "Execution" WHERE "stateMachineArn" = ${P(1)} AND ${dated ? '"startDate" IS NOT NULL ORDER BY "startDate" DESC, "executionArn" DESC' : '"startDate" IS NULL ORDER BY "executionArn" DESC'} LIMIT ${n}`,
            arn,
          ),
        RECENT_EXECUTIONS),
        Promise.all(
          FAILURE_STATUSES.map((status) =>
            datedThenUndated((dated, n) =>
              client.$queryRawUnsafe<Array<Record<string, unknown>>>(
                `SELECT "executionArn", "name", "status", "startDate", "stopDate", "error", "cause" FROM "Execution" WHERE "stateMachineArn" = ${P(1)} AND "status" = ${P(2)} AND ${dated ? '"startDate" IS NOT NULL ORDER BY "startDate" DESC, "executionArn" DESC' : '"startDate" IS NULL ORDER BY "executionArn" DESC'} LIMIT ${n}`,
                arn,
                status,
              ),
            1),
          ),
        ),
        client.$queryRawUnsafe<Array<{ hour: string; n: unknown }>>(
          `SELECT ${hourExpr} AS hour, COUNT(*) AS n FROM "Execution" WHERE "stateMachineArn" = ${P(1)} AND "startDate" >= ${D(2)} GROUP BY ${hourExpr}`,
          arn,
          new Date(hourStart),
        ),
      ]);
      const recent: StatusCounts = {};
      for (const row of recentRows) recent[row.status] = (recent[row.status] ?? 0) + 1;
      const terminal = recentRows.filter((row) => isTerminal(row.status)).length;
      const succeeded = recent.SUCCEEDED ?? 0;
      const lastFailure =
        failures
          .flat()
          .map(
            (row): LastFailure => ({
              executionArn: String(row.executionArn),
              name: String(row.name),
              status: String(row.status),
              startDate: toIso(row.startDate),
              stopDate: toIso(row.stopDate),
              error: typeof row.error === 'string' ? row.error : null,
              cause: typeof row.cause === 'string' ? row.cause : null,
            }),
          )
          // Newest dated failure first; undated ones (masked timestamps) only when none is dated.
          .sort((a, b) => ((a.startDate ?? '') < (b.startDate ?? '') ? 1 : (a.startDate ?? '') > (b.startDate ?? '') ? -1 : a.executionArn < b.executionArn ? 1 : -1))[0] ?? null;
      const perHour = new Array<number>(24).fill(0);
      for (const row of hours) {
        const at = Date.parse(`${row.hour}:00:00Z`);
        const index = Math.round((at - hourStart) / HOUR);
        if (index >= 0 && index < 24) perHour[index] = (perHour[index] ?? 0) + (toNumber(row.n) ?? 0);
      }
      out[arn] = { recent, successRate: terminal === 0 ? null : succeeded / terminal, lastFailure, perHour };
    }),
  );
  return out;
}

/** Stored executions and how many have their full history (backfill progress on /health). */
export async function countIngestProgress(store: Store): Promise<{ executions: number; historyComplete: number }> {
  const { client } = internalsOf(store);
  const rows = await client.$queryRawUnsafe<Array<{ historyComplete: unknown; n: unknown }>>(
    `SELECT "historyComplete", COUNT(*) AS n FROM "Execution" WHERE "expired" = false GROUP BY "historyComplete"`,
  );
  let executions = 0;
  let historyComplete = 0;
  for (const row of rows) {
    const n = toNumber(row.n) ?? 0;
    executions += n;
    if (row.historyComplete === true || row.historyComplete === 1 || row.historyComplete === 1n) historyComplete += n;
  }
  return { executions, historyComplete };
}
