// Every row of every table as plain JSON (dates as ISO strings, BigInt as numbers), in key
// order: what tests compare to prove that a repeated save changed nothing.
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
    client.historyEvent.findMany({ orderBy: [{ executionArn: 'asc' }, { eventKey: 'asc' }] }),
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
    HistoryEvent: plain(HistoryEvent),
    StateRun: plain(StateRun),
  };
}
