import { detailsOfRaw } from '../../history/parse-history.ts';
import type { HistoryEvent } from '../../history/types.ts';
import { storedExecutionOf } from './execution-row.ts';
import { internalsOf } from '../db/internals.ts';
import type { StoredExecutionHistory, Store } from '../types.ts';

/** The stored execution with its events (position order, raw parsed back, details derived from it unless stored apart) and definition; null if unknown. */
export async function getExecution(store: Store, executionArn: string): Promise<StoredExecutionHistory | null> {
  const { client } = internalsOf(store);
  const row = await client.execution.findUnique({
    where: { executionArn },
    include: { stateMachine: { select: { currentRevisionId: true } } },
  });
  if (row === null) return null;
  const [events, definition] = await Promise.all([
    client.historyEvent.findMany({ where: { executionArn }, orderBy: [{ position: 'asc' }, { eventKey: 'asc' }] }),
    findDefinition(store, row.stateMachineArn, row.revisionId ?? row.stateMachine.currentRevisionId),
  ]);
  const execution = storedExecutionOf(row);
  return {
    execution,
    events: events.map((event): HistoryEvent => {
      const raw = JSON.parse(event.raw) as unknown;
      return {
        id: event.id,
        previousEventId: event.previousEventId,
        type: event.type,
        timestamp: event.timestamp?.getTime() ?? null,
        // null: the details are raw's own (stored once); text only where an ingest path gave others.
        details: event.details === null ? detailsOfRaw(raw, event.type) : (JSON.parse(event.details) as Record<string, unknown>),
        position: event.position,
        raw,
      };
    }),
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
