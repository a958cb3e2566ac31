import { storedExecutionOf } from './execution-row.ts';
import { readAnalysisEvents } from '../ingest/analysis-events.ts';
import { findDefinition } from '../ingest/find-definition.ts';
import { internalsOf } from '../db/internals.ts';
import type { StoredExecutionHistory, Store } from '../types.ts';

/**
 * Like getExecution, for readers that analyse the events: `raw` is null on every event returned
 * (the details are read from it where the row keeps none; see ingest/analysis-events.ts). The
 * definition is the revision's the execution ran, else the state machine's current one.
 */
export async function getExecutionForAnalysis(store: Store, executionArn: string): Promise<StoredExecutionHistory | null> {
  const { client } = internalsOf(store);
  const row = await client.execution.findUnique({ where: { executionArn } });
  if (row === null) return null;
  const [events, definition] = await Promise.all([
    readAnalysisEvents(store, [executionArn]),
    findDefinition(store, row.stateMachineArn, row.revisionId),
  ]);
  return { execution: storedExecutionOf(row), events: events.get(executionArn) ?? [], definition };
}
