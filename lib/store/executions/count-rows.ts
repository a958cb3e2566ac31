import { internalsOf } from '../db/internals.ts';
import { countChunkEvents } from '../events/chunk-store.ts';
import type { StoreCounts, Store } from '../types.ts';

/** Number of history events stored for one execution (the sum of its chunks' eventCount). */
export async function countStoredEvents(store: Store, executionArn: string): Promise<number> {
  const { client, dialect } = internalsOf(store);
  return countChunkEvents(client, dialect, executionArn);
}

/** Rows per table (tests, `steplens` diagnostics). */
export async function countRows(store: Store): Promise<StoreCounts> {
  const { client } = internalsOf(store);
  const [sources, stateMachines, revisions, executions, events, runs] = await Promise.all([
    client.source.count(),
    client.stateMachine.count(),
    client.definitionRevision.count(),
    client.execution.count(),
    client.historyEventChunk.aggregate({ _sum: { eventCount: true } }).then((r) => r._sum.eventCount ?? 0),
    client.stateRun.count(),
  ]);
  return { sources, stateMachines, revisions, executions, events, runs };
}
