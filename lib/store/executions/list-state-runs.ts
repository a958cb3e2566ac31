import type { StateRun, StateRunStatus } from '../../history/types.ts';
import { internalsOf } from '../db/internals.ts';
import { toNumber } from '../db/sql.ts';
import type { Store } from '../types.ts';

/** The stored (derived) runs of one execution, in ordinal order. */
export async function listStateRuns(store: Store, executionArn: string): Promise<StateRun[]> {
  const { client } = internalsOf(store);
  const rows = await client.stateRun.findMany({ where: { executionArn }, orderBy: { ordinal: 'asc' } });
  return rows.map((row) => ({
    stateName: row.stateName,
    stateType: row.stateType,
    status: row.status as StateRunStatus,
    attempts: row.attempts,
    mapIndex: JSON.parse(row.mapIndex) as number[],
    enteredEventId: row.enteredEventId,
    exitedEventId: row.exitedEventId,
    durationMs: toNumber(row.durationMs),
    error: row.error,
    cause: row.cause,
  }));
}
