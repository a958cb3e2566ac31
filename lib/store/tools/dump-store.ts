// Every row of every table as plain JSON (dates as ISO strings, BigInt as numbers), in key
// order: what tests compare to prove that a repeated save changed nothing. HistoryEvent is the
// stored events one row each, decoded from the HistoryEventChunk rows (lib/store/events), with
// the columns the per-event table had (raw: the stored text, byte for byte): how the events are
// chunked depends on the batches they arrived in, what they are does not.
import { readDecodedEvents } from '../events/chunk-store.ts';
import { internalsOf } from '../db/internals.ts';
import type { Store } from '../types.ts';

export type DumpedRow = Record<string, string | number | boolean | null>;
export type StoreDump = Record<'Source' | 'StateMachine' | 'DefinitionRevision' | 'Execution' | 'HistoryEvent' | 'StateRun', DumpedRow[]>;

export async function dumpStore(store: Store): Promise<StoreDump> {
  const { client } = internalsOf(store);
  const [Source, StateMachine, DefinitionRevision, Execution, HistoryEvent, StateRun] = await Promise.all([
    client.source.findMany({ orderBy: { id: 'asc' } }),
    client.stateMachine.findMany({ orderBy: { stateMachineArn: 'asc' } }),
    client.definitionRevision.findMany({ orderBy: [{ stateMachineArn: 'asc' }, { revisionId: 'asc' }] }),
    client.execution.findMany({ orderBy: { executionArn: 'asc' } }),
    dumpEvents(store),
    client.stateRun.findMany({ orderBy: [{ executionArn: 'asc' }, { ordinal: 'asc' }] }),
  ]);
  const plain = (rows: object[]): DumpedRow[] =>
    rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? Number(v) : (v as DumpedRow[string])]),
      ),
    );
  return {
    Source: plain(Source),
    StateMachine: plain(StateMachine),
    DefinitionRevision: plain(DefinitionRevision),
    Execution: plain(Execution),
    HistoryEvent,
    StateRun: plain(StateRun),
  };
}

async function dumpEvents(store: Store): Promise<DumpedRow[]> {
  const { client } = internalsOf(store);
  const arns = (await client.historyEventChunk.findMany({ distinct: ['executionArn'], select: { executionArn: true }, orderBy: { executionArn: 'asc' } })).map((r) => r.executionArn);
  const rows: DumpedRow[] = [];
  for (let start = 0; start < arns.length; start += 100) {
    const byArn = await readDecodedEvents(store, arns.slice(start, start + 100), true);
    for (const [executionArn, events] of [...byArn].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const sorted = [...events].sort((a, b) => a.eventKey - b.eventKey);
      for (const event of sorted) {
        rows.push({
          executionArn,
          eventKey: event.eventKey,
          id: event.id,
          type: event.type,
          previousEventId: event.previousEventId,
          timestamp: event.timestamp === null ? null : new Date(event.timestamp).toISOString(),
          details: event.detailsText,
          raw: event.rawText,
          position: event.position,
        });
      }
    }
  }
  return rows;
}
