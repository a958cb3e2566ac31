import { readHistoryEvents } from '../events/chunk-store.ts';
import { storedExecutionOf } from './execution-row.ts';
import { internalsOf } from '../db/internals.ts';
import type { StoredExecutionHistory, Store } from '../types.ts';

/** The stored execution with its events (position order, raw parsed back, the other fields derived from it unless stored apart: lib/store/events) and definition; null if unknown. */
export async function getExecution(store: Store, executionArn: string): Promise<StoredExecutionHistory | null> {
  const { client } = internalsOf(store);
  const row = await client.execution.findUnique({
    where: { executionArn },
    include: { stateMachine: { select: { currentRevisionId: true } } },
  });
  if (row === null) return null;
  const [events, definition] = await Promise.all([
    readHistoryEvents(store, [executionArn], true),
    findDefinition(store, row.stateMachineArn, row.revisionId ?? row.stateMachine.currentRevisionId),
  ]);
  const execution = storedExecutionOf(row);
  return {
    execution,
    events: events.get(executionArn) ?? [],
    definition,
  };
}

async function findDefinition(store: Store, stateMachineArn: string, revisionId: string | null): Promise<string | null> {
  if (revisionId === null) return null;
  const { client } = internalsOf(store);
  const revision = await client.definitionRevision.findUnique({
    where: { stateMachineArn_revisionId: { stateMachineArn, revisionId } },
    select: { definition: true },
  });
  return revision?.definition ?? null;
}
