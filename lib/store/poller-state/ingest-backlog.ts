// The poller's backlog: executions without a complete history that the source may still return.
import { EXECUTION_STATUSES, isFailure, isTerminal, type ExecutionStatus } from '../../history/statuses.ts';
import { internalsOf } from '../db/internals.ts';
import { toBool, toDate, toNumber } from '../db/sql.ts';
import type { Store } from '../types.ts';

export interface BacklogExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: Date | null;
  stopDate: Date | null;
  redriveCount: number;
  eventCount: number;
}

export interface KnownExecution {
  executionArn: string;
  status: string;
  historyComplete: boolean;
  expired: boolean;
  redriveCount: number;
  eventCount: number;
}

/** A status constant as an SQL string literal; the vocabulary's words are [A-Z_] only, so nothing needs escaping. */
function statusLiteral(status: ExecutionStatus): string {
  if (!/^[A-Z_]+$/.test(status)) throw new Error(`not a status word: ${status}`);
  return `'${status}'`;
}

// Failures first (what users open), then unfinished executions (RUNNING, PENDING_REDRIVE), then
// the rest; newest first within. Generated from the vocabulary's constants, never from input.
const PRIORITY = `CASE "status" ${EXECUTION_STATUSES.filter((s) => isFailure(s) || !isTerminal(s))
  .map((s) => `WHEN ${statusLiteral(s)} THEN ${isFailure(s) ? 0 : 1}`)
  .join(' ')} ELSE 2 END`;

/** Up to `limit` backlog executions of these state machines, in fetch priority order. */
export async function listIngestBacklog(store: Store, stateMachineArns: readonly string[], limit: number): Promise<BacklogExecution[]> {
  if (stateMachineArns.length === 0) return [];
  const { client, dialect } = internalsOf(store);
  const p = dialect.param;
  const no = dialect.backend === 'postgres' ? 'false' : '0';
  const arns = stateMachineArns.map((_, i) => p(i + 1)).join(', ');
  const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(
    `SELECT "executionArn", "stateMachineArn", "name", "status", "startDate", "stopDate", "redriveCount", "eventCount"
     FROM "Execution" WHERE "historyComplete" = ${no} AND "expired" = ${no} AND "stateMachineArn" IN (${arns})
     ORDER BY ${PRIORITY}, "startDate" DESC, "executionArn" DESC LIMIT ${Math.max(1, Math.trunc(limit))}`,
    ...stateMachineArns,
  );
  return rows.map((r) => ({
    executionArn: String(r.executionArn),
    stateMachineArn: String(r.stateMachineArn),
    name: String(r.name),
    status: String(r.status),
    startDate: toDate(r.startDate),
    stopDate: toDate(r.stopDate),
    redriveCount: toNumber(r.redriveCount) ?? 0,
    eventCount: toNumber(r.eventCount) ?? 0,
  }));
}

/** Number of backlog executions (all state machines when none are given). */
export async function countIngestBacklog(store: Store, stateMachineArns?: readonly string[]): Promise<number> {
  const { client } = internalsOf(store);
  return client.execution.count({
    where: { historyComplete: false, expired: false, ...(stateMachineArns ? { stateMachineArn: { in: [...stateMachineArns] } } : {}) },
  });
}

/** What the store knows of these executions (absent ones are missing from the map). */
export async function findKnownExecutions(store: Store, executionArns: readonly string[]): Promise<Map<string, KnownExecution>> {
  const { client, dialect } = internalsOf(store);
  const out = new Map<string, KnownExecution>();
  const chunk = Math.min(500, dialect.maxParams);
  for (let i = 0; i < executionArns.length; i += chunk) {
    const part = executionArns.slice(i, i + chunk);
    const marks = part.map((_, k) => dialect.param(k + 1)).join(', ');
    const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT "executionArn", "status", "historyComplete", "expired", "redriveCount", "eventCount" FROM "Execution" WHERE "executionArn" IN (${marks})`,
      ...part,
    );
    for (const r of rows) {
      out.set(String(r.executionArn), {
        executionArn: String(r.executionArn),
        status: String(r.status),
        historyComplete: toBool(r.historyComplete),
        expired: toBool(r.expired),
        redriveCount: toNumber(r.redriveCount) ?? 0,
        eventCount: toNumber(r.eventCount) ?? 0,
      });
    }
  }
  return out;
}

/** The source no longer has this execution (retention): keep everything, flag it, leave the backlog. */
export async function markExecutionExpired(store: Store, executionArn: string): Promise<boolean> {
  const { client } = internalsOf(store);
  const result = await client.execution.updateMany({ where: { executionArn, expired: false }, data: { expired: true, updatedAt: new Date() } });
  return result.count > 0;
}
