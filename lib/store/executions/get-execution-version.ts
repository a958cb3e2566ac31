import { internalsOf } from '../db/internals.ts';
import type { Store } from '../types.ts';

/**
 * A cheap fingerprint of a stored execution (one indexed row, no events): changes whenever its
 * row or its event count changes. Lets readers reuse work derived from the events (the execution
 * page caches its analysis with it). null when the execution is not stored.
 */
export async function getExecutionVersion(store: Store, executionArn: string): Promise<string | null> {
  const { client } = internalsOf(store);
  const row = await client.execution.findUnique({
    where: { executionArn },
    select: { updatedAt: true, eventCount: true, status: true, revisionId: true, stateMachine: { select: { currentRevisionId: true } } },
  });
  if (row === null) return null;
  return `${row.updatedAt.toISOString()}|${row.eventCount}|${row.status}|${row.revisionId ?? ''}|${row.stateMachine.currentRevisionId ?? ''}`;
}
