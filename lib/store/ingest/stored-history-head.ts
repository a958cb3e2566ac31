import { internalsOf } from '../db/internals.ts';
import { q, toBool, toNumber } from '../db/sql.ts';
import type { Store } from '../types.ts';

/** What the Standard fetch needs to know before reading a history page: no events are read. */
export interface StoredHistoryHead {
  status: string;
  historyComplete: boolean;
  revisionId: string | null;
  partial: boolean;
  expired: boolean;
  /** Highest stored event id (0 when none). */
  maxEventId: number;
}

export async function getStoredHistoryHead(store: Store, executionArn: string): Promise<StoredHistoryHead | null> {
  const { client, dialect } = internalsOf(store);
  const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(
    `SELECT ${q('status')} AS status, ${q('historyComplete')} AS complete, ${q('revisionId')} AS revision, ${q('partial')} AS partial, ${q('expired')} AS expired,
       (SELECT MAX(${q('maxKey')}) FROM ${q('HistoryEventChunk')} WHERE ${q('executionArn')} = ${dialect.param(1)}) AS "maxId"
     FROM ${q('Execution')} WHERE ${q('executionArn')} = ${dialect.param(2)}`,
    executionArn,
    executionArn,
  );
  const row = rows[0];
  if (row === undefined) return null;
  return {
    status: String(row.status),
    historyComplete: toBool(row.complete),
    revisionId: typeof row.revision === 'string' ? row.revision : null,
    partial: toBool(row.partial),
    expired: toBool(row.expired),
    // An event's key is its id (masked events have negative keys): the largest key is the largest id.
    maxEventId: Math.max(0, toNumber(row.maxId) ?? 0),
  };
}
