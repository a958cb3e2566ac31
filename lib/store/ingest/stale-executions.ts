// Which executions' derived rows another analyzer version wrote (lib/ingest/reanalyze.ts).
// Both queries run on the (analyzerVersion, executionArn) index: counting or finding nothing
// stale in a store of 100,000 executions is an index probe, not a table scan. Rows with a null
// version derive nothing from events (the poller listed them; no history stored yet): never
// stale, never rebuilt — rebuilding them from zero events would overwrite what the source said.
// Nor are executions whose events retention pruned (eventsPrunedAt set, lib/store/retention):
// they keep the rows their last analysis wrote, since nothing is left to derive new ones from.
import { internalsOf } from '../db/internals.ts';
import { q, toDate, toNumber } from '../db/sql.ts';
import type { Store } from '../types.ts';

export interface StaleQuery {
  /** The current ANALYZER_VERSION: rows with any other version are stale. */
  version: number;
  /** Every execution, whatever its version (`reanalyze --all`). */
  all?: boolean;
  /** Keyset cursor: only executionArn > after. */
  after?: string | null;
  limit: number;
}

/** What reanalyze needs of a stale execution besides its events. */
export interface StaleExecution {
  executionArn: string;
  stateMachineArn: string;
  /** The revision it ran, when known (its definition is read through findDefinition). */
  revisionId: string | null;
  /** The stored startDate: the fallback for a history without ExecutionStarted. */
  startDate: Date | null;
}

/** Executions that still have their events (a row filter on the version index's range). */
const NOT_PRUNED = `${q('eventsPrunedAt')} IS NULL`;

/** Up to `limit` stale executions in ascending executionArn order. */
export async function listStaleExecutions(store: Store, query: StaleQuery): Promise<StaleExecution[]> {
  const { client, dialect } = internalsOf(store);
  const where: string[] = [];
  const args: unknown[] = [];
  if (!query.all) {
    // Two ranges instead of <>, so both use the index (a downgrade makes newer rows stale too).
    args.push(query.version, query.version);
    where.push(`(${q('analyzerVersion')} < ${dialect.param(args.length - 1)} OR ${q('analyzerVersion')} > ${dialect.param(args.length)})`);
  } else {
    where.push(`${q('analyzerVersion')} IS NOT NULL`);
  }
  where.push(NOT_PRUNED);
  if (query.after) {
    args.push(query.after);
    where.push(`${q('executionArn')} > ${dialect.param(args.length)}`);
  }
  args.push(query.limit);
  const columns = ['executionArn', 'stateMachineArn', 'revisionId', 'startDate'].map(q).join(', ');
  const sql = `SELECT ${columns} FROM ${q('Execution')}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${q('executionArn')} LIMIT ${dialect.param(args.length)}`;
  const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, ...args);
  return rows.map((row) => ({
    executionArn: String(row.executionArn),
    stateMachineArn: String(row.stateMachineArn),
    revisionId: typeof row.revisionId === 'string' ? row.revisionId : null,
    startDate: toDate(row.startDate),
  }));
}

/** Executions whose derived rows another analyzer version wrote (an index range count: /api/health asks every few seconds). */
export async function countStaleExecutions(store: Store, version: number): Promise<number> {
  const { client, dialect } = internalsOf(store);
  const rows = await client.$queryRawUnsafe<Array<{ n: unknown }>>(
    `SELECT COUNT(*) AS n FROM ${q('Execution')} WHERE (${q('analyzerVersion')} < ${dialect.param(1)} OR ${q('analyzerVersion')} > ${dialect.param(2)}) AND ${NOT_PRUNED}`,
    version,
    version,
  );
  return toNumber(rows[0]?.n) ?? 0;
}

/** Executions with derived rows (any version) and their events: what `reanalyze --all` goes through. */
export async function countAnalyzedExecutions(store: Store): Promise<number> {
  const { client } = internalsOf(store);
  const rows = await client.$queryRawUnsafe<Array<{ n: unknown }>>(`SELECT COUNT(*) AS n FROM ${q('Execution')} WHERE ${q('analyzerVersion')} IS NOT NULL AND ${NOT_PRUNED}`);
  return toNumber(rows[0]?.n) ?? 0;
}
