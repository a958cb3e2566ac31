// Execution rows → the public shapes. One mapping for the typed client's rows and for raw SQL
// rows (whose dates and counts arrive as strings, numbers or bigints depending on the driver).
import { toIso, toNumber } from '../db/sql.ts';
import type { ExecutionListItem, StoredExecution } from '../types.ts';

/** The Execution columns of a list item, as either kind of row carries them. */
export interface ExecutionListRow {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: unknown;
  stopDate: unknown;
  durationMs: unknown;
  error: string | null;
  cause: string | null;
  redriveCount: unknown;
}

export interface ExecutionDetailRow extends ExecutionListRow {
  input: string | null;
  output: string | null;
  eventCount: number;
  historyComplete: boolean;
  partial: boolean;
  revisionId: string | null;
  expired: boolean;
  analyzerVersion: number | null;
  updatedAt: Date;
  eventsPrunedAt: Date | null;
}

export function executionListItemOf(row: ExecutionListRow): ExecutionListItem {
  return {
    executionArn: row.executionArn,
    stateMachineArn: row.stateMachineArn,
    name: row.name,
    status: row.status,
    startDate: toIso(row.startDate),
    stopDate: toIso(row.stopDate),
    durationMs: toNumber(row.durationMs),
    error: row.error,
    cause: row.cause,
    redriveCount: toNumber(row.redriveCount) ?? 0,
  };
}

export function storedExecutionOf(row: ExecutionDetailRow): StoredExecution {
  return {
    ...executionListItemOf(row),
    input: row.input,
    output: row.output,
    eventCount: row.eventCount,
    historyComplete: row.historyComplete,
    partial: row.partial,
    revisionId: row.revisionId,
    expired: row.expired,
    analyzerVersion: row.analyzerVersion,
    updatedAt: row.updatedAt.toISOString(),
    eventsPrunedAt: row.eventsPrunedAt?.toISOString() ?? null,
  };
}
