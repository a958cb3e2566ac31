import { internalsOf } from '../db/internals.ts';
import type { StoreCounts, Store } from '../types.ts';

/** Number of HistoryEvent rows stored for one execution. */
export async function countStoredEvents(store: Store, executionArn: string): Promise<number> {
  return internalsOf(store).client.historyEvent.count({ where: { executionArn } });
}

/** Rows per table (tests, `steplens` diagnostics). */
export async function countRows(store: Store): Promise<StoreCounts> {
  const { client } = internalsOf(store);
  const [sources, stateMachines, revisions, executions, events, runs] = await Promise.all([
    client.source.count(),
    client.stateMachine.count(),
    client.definitionRevision.count(),
    client.execution.count(),
    client.historyEvent.count(),
    client.stateRun.count(),
  ]);
  return { sources, stateMachines, revisions, executions, events, runs };
}
