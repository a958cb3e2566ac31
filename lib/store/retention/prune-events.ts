// Retention: deletes the stored history events (HistoryEventChunk rows) of finished executions that no rule keeps, in small
// batches (one short transaction each), and stamps Execution.eventsPrunedAt. The execution row,
// its StateRun rows, rollups, links and cluster columns stay: lists, aggregates, failure clusters
// and alerts read those, never the events.
//
// What is never pruned:
//  - an execution that is not terminal (RUNNING, PENDING_REDRIVE): its history still grows;
//  - a Standard execution whose history is not complete and that the source still returns: it is
//    in the poller's backlog, which would read the whole history again (and again after every
//    prune). Expired ones (the source no longer returns them) and Express ones (read from logs,
//    never re-fetched by ARN) are pruned once terminal;
//  - an undated execution (no startDate): its age is unknown and it has no place among the newest;
//  - a row without events (listed only).
// A pruned execution that comes back to the backlog (a redrive changes its status) is read whole
// from the source again by the poller (its stored head has no events), and the save clears the
// stamp (lib/store/ingest/save-execution-history.ts).
import { EXECUTION_STATUSES, isTerminal } from '../../history/statuses.ts';
import { internalsOf, type Dialect, type RawDb } from '../db/internals.ts';
import { q, toDate, toNumber } from '../db/sql.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';
import type { Store } from '../types.ts';

/** One state machine's rules (lib/config RetentionRule); null: the rule does not limit it. */
export interface RetentionRule {
  /** Events of executions that ended more than this many days ago may go. */
  eventsDays: number | null;
  /** The newest N executions (by startDate) of the machine keep theirs. */
  keepNewest: number | null;
}

/** What a pass prunes by (lib/config RetentionSettings has this shape). */
export interface RetentionPolicy {
  defaults: RetentionRule;
  /** By state machine ARN or name; an ARN wins over a name. */
  stateMachines: Readonly<Record<string, RetentionRule>>;
  /** Executions per transaction. */
  batchExecutions: number;
  /** Events per transaction at most (an execution with more is deleted alone). */
  batchEvents: number;
}

export interface PruneBatchOptions {
  /** The pass's clock: ages are measured from it and eventsPrunedAt is set to it. */
  now: Date;
  /** Checked before every batch: false stops the pass (the lease was lost, the poller stops). */
  shouldContinue?: () => Promise<boolean> | boolean;
  /** Awaited between two batches, so that other writers (ingestion) get the database. */
  pause?: () => Promise<void>;
}

export interface PruneResult {
  /** Executions whose events were deleted. */
  executions: number;
  events: number;
  batches: number;
  /** False when shouldContinue stopped the pass before it was done. */
  finished: boolean;
}

const MS_PER_DAY = 86_400_000;
const TERMINAL_LIST = EXECUTION_STATUSES.filter((s) => isTerminal(s))
  .map((s) => `'${s}'`)
  .join(', ');

/** The rule of one state machine: its ARN's override, else its name's, else the defaults. */
export function retentionRuleFor(policy: RetentionPolicy, stateMachineArn: string, name: string): RetentionRule {
  return policy.stateMachines[stateMachineArn] ?? policy.stateMachines[name] ?? policy.defaults;
}

/** One pass over every state machine: prunes what the policy lets go, batch by batch. */
export async function pruneExpiredEvents(store: Store, policy: RetentionPolicy, options: PruneBatchOptions): Promise<PruneResult> {
  const { client } = internalsOf(store);
  const machines = await client.stateMachine.findMany({ select: { stateMachineArn: true, name: true, type: true }, orderBy: { stateMachineArn: 'asc' } });
  const result: PruneResult = { executions: 0, events: 0, batches: 0, finished: true };
  for (const machine of machines) {
    const rule = retentionRuleFor(policy, machine.stateMachineArn, machine.name);
    if (rule.eventsDays === null && rule.keepNewest === null) continue;
    const scope = await machineScope(store, machine.stateMachineArn, machine.type === 'EXPRESS', rule, options.now);
    if (scope === null) continue;
    for (;;) {
      if (options.shouldContinue && !(await options.shouldContinue())) {
        result.finished = false;
        return result;
      }
      const batch = await pruneBatch(store, scope, policy, options.now);
      if (batch === null) break;
      result.executions += batch.executions;
      result.events += batch.events;
      result.batches += 1;
      if (!batch.more) break;
      await options.pause?.();
    }
  }
  return result;
}

interface MachineScope {
  stateMachineArn: string;
  express: boolean;
  /** Prunable only when it ended before this (the age rule). */
  endedBefore: Date | null;
  /** Prunable only when (startDate, executionArn) sorts before this (the newest-N rule). */
  olderThan: { startDate: Date; executionArn: string } | null;
}

/** The bounds of one machine's prunable executions; null when a rule keeps them all. */
async function machineScope(store: Store, stateMachineArn: string, express: boolean, rule: RetentionRule, now: Date): Promise<MachineScope | null> {
  const { client, dialect } = internalsOf(store);
  let olderThan: MachineScope['olderThan'] = null;
  if (rule.keepNewest !== null) {
    // The keepNewest-th newest dated execution (the listing index, an OFFSET walk of N entries):
    // everything strictly older than it is beyond the newest N. Fewer than N: all are kept.
    const rows = await client.$queryRawUnsafe<Array<{ startDate: unknown; executionArn: string }>>(
      `SELECT ${q('startDate')}, ${q('executionArn')} FROM ${q('Execution')}
       WHERE ${q('stateMachineArn')} = ${dialect.param(1)} AND ${q('startDate')} IS NOT NULL
       ORDER BY ${q('startDate')} DESC, ${q('executionArn')} DESC LIMIT 1 OFFSET ${Math.trunc(rule.keepNewest) - 1}`,
      stateMachineArn,
    );
    const row = rows[0];
    const start = toDate(row?.startDate);
    if (row === undefined || start === null) return null;
    olderThan = { startDate: start, executionArn: String(row.executionArn) };
  }
  const endedBefore = rule.eventsDays === null ? null : new Date(now.getTime() - rule.eventsDays * MS_PER_DAY);
  return { stateMachineArn, express, endedBefore, olderThan };
}

/** The WHERE clause of a machine's prunable executions, and its arguments (from `first`). */
function prunableWhere(dialect: Dialect, scope: MachineScope, first: number): { sql: string; args: unknown[] } {
  const args: unknown[] = [scope.stateMachineArn];
  const p = (value: unknown, date = false): string => {
    args.push(value);
    const i = first + args.length - 1;
    return date ? dialect.dateParam(i) : dialect.param(i);
  };
  const yes = dialect.backend === 'postgres' ? 'true' : '1';
  const where = [
    `${q('stateMachineArn')} = ${dialect.param(first)}`,
    `${q('eventsPrunedAt')} IS NULL`,
    `${q('startDate')} IS NOT NULL`,
    `${q('status')} IN (${TERMINAL_LIST})`,
    `${q('eventCount')} > 0`,
  ];
  if (!scope.express) where.push(`(${q('historyComplete')} = ${yes} OR ${q('expired')} = ${yes})`);
  if (scope.endedBefore !== null) {
    // startDate ≤ stopDate, so the startDate bound is implied by the end bound: it narrows the index range.
    where.push(`${q('startDate')} < ${p(scope.endedBefore, true)}`, `COALESCE(${q('stopDate')}, ${q('startDate')}) < ${p(scope.endedBefore, true)}`);
  }
  if (scope.olderThan !== null) {
    const start = scope.olderThan.startDate;
    where.push(
      `(${q('startDate')} < ${p(start, true)} OR (${q('startDate')} = ${p(start, true)} AND ${q('executionArn')} < ${p(scope.olderThan.executionArn)}))`,
    );
  }
  return { sql: where.join(' AND '), args };
}

/**
 * One transaction: the oldest prunable executions of the machine (the [stateMachineArn,
 * eventsPrunedAt, startDate] index: pruned ones are out of the range), up to batchExecutions and
 * batchEvents; stamped first (re-checking the conditions under the row lock, so an execution
 * redriven since the read keeps its events), then their events deleted.
 */
async function pruneBatch(store: Store, scope: MachineScope, policy: RetentionPolicy, now: Date): Promise<{ executions: number; events: number; more: boolean } | null> {
  const { client, dialect } = internalsOf(store);
  const where = prunableWhere(dialect, scope, 1);
  const limit = Math.max(1, Math.trunc(policy.batchExecutions));
  const rows = await client.$queryRawUnsafe<Array<{ executionArn: string; eventCount: unknown }>>(
    `SELECT ${q('executionArn')}, ${q('eventCount')} FROM ${q('Execution')} WHERE ${where.sql}
     ORDER BY ${q('startDate')}, ${q('executionArn')} LIMIT ${limit}`,
    ...where.args,
  );
  if (rows.length === 0) return null;
  // Keep the transaction small: stop adding executions once the events would exceed batchEvents.
  const chosen: string[] = [];
  let events = 0;
  for (const row of rows) {
    const n = toNumber(row.eventCount) ?? 0;
    if (chosen.length > 0 && events + n > policy.batchEvents) break;
    chosen.push(String(row.executionArn));
    events += n;
  }
  const done = await withWriteTransaction(store, async (tx) => stampAndDelete(tx, dialect, scope, chosen, now));
  // More may follow a full read or one cut short by batchEvents; a short read was the last.
  return { ...done, more: rows.length === limit || chosen.length < rows.length };
}

async function stampAndDelete(tx: RawDb, dialect: Dialect, scope: MachineScope, arns: readonly string[], now: Date): Promise<{ executions: number; events: number }> {
  const stampAt = 1;
  const updatedAt = 2;
  const marks = arns.map((_, i) => dialect.param(3 + i)).join(', ');
  const where = prunableWhere(dialect, scope, 3 + arns.length);
  const stamped = await tx.$queryRawUnsafe<Array<{ executionArn: string }>>(
    `UPDATE ${q('Execution')} SET ${q('eventsPrunedAt')} = ${dialect.dateParam(stampAt)}, ${q('updatedAt')} = ${dialect.dateParam(updatedAt)}
     WHERE ${q('executionArn')} IN (${marks}) AND ${where.sql} RETURNING ${q('executionArn')}`,
    now,
    now,
    ...arns,
    ...where.args,
  );
  if (stamped.length === 0) return { executions: 0, events: 0 };
  const kept = stamped.map((row) => String(row.executionArn));
  const deleted = await tx.$queryRawUnsafe<Array<{ eventCount: unknown }>>(
    `DELETE FROM ${q('HistoryEventChunk')} WHERE ${q('executionArn')} IN (${kept.map((_, i) => dialect.param(i + 1)).join(', ')}) RETURNING ${q('eventCount')}`,
    ...kept,
  );
  const events = deleted.reduce((sum, row) => sum + (toNumber(row.eventCount) ?? 0), 0);
  return { executions: kept.length, events };
}
