// ExecutionLink rows (DESIGN.md §2.9): derived from one execution's events by lib/history
// executionLinks, replaced as a whole for that execution whenever ingest or reanalyze derives it
// (so they are rebuildable like StateRun rows), and read both ways.
import { internalsOf } from '../db/internals.ts';
import { insertRows, q } from '../db/sql.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';
import type { Store } from '../types.ts';

export type StoredLinkKind = 'MAP_RUN' | 'STARTED_EXECUTION' | 'STARTED_BY';

export interface ExecutionLinkInput {
  kind: StoredLinkKind;
  targetArn: string;
  stateName: string | null;
  runIndex: number | null;
  eventId: number | null;
}

export interface StoredExecutionLink extends ExecutionLinkInput {
  fromExecutionArn: string;
  analyzerVersion: number;
}

const COLUMNS = ['fromExecutionArn', 'kind', 'targetArn', 'stateName', 'runIndex', 'eventId', 'analyzerVersion'] as const;
/** Executions per DELETE statement (well under either backend's parameter limit). */
const DELETE_CHUNK = 500;

/** Replaces the links of each execution with the given ones (one transaction). */
export async function saveExecutionLinks(
  store: Store,
  items: ReadonlyArray<{ executionArn: string; links: readonly ExecutionLinkInput[] }>,
  analyzerVersion: number,
): Promise<void> {
  if (items.length === 0) return;
  const { dialect } = internalsOf(store);
  await withWriteTransaction(store, async (db) => {
    for (let i = 0; i < items.length; i += DELETE_CHUNK) {
      const chunk = items.slice(i, i + DELETE_CHUNK);
      const marks = chunk.map((_, k) => dialect.param(k + 1)).join(', ');
      await db.$executeRawUnsafe(`DELETE FROM ${q('ExecutionLink')} WHERE ${q('fromExecutionArn')} IN (${marks})`, ...chunk.map((c) => c.executionArn));
    }
    const rows = items.flatMap((item) =>
      item.links.map((l) => [item.executionArn, l.kind, l.targetArn, l.stateName, l.runIndex, l.eventId, analyzerVersion] as const),
    );
    await insertRows(db, dialect, 'ExecutionLink', COLUMNS, rows, `ON CONFLICT DO NOTHING`);
  });
}

/** Links an execution's own events establish (`outgoing`) and those other executions' events name it in (`incoming`). */
export async function listExecutionLinks(store: Store, executionArn: string): Promise<{ outgoing: StoredExecutionLink[]; incoming: StoredExecutionLink[] }> {
  const { client } = internalsOf(store);
  const [outgoing, incoming] = await Promise.all([
    client.executionLink.findMany({ where: { fromExecutionArn: executionArn }, orderBy: [{ eventId: 'asc' }, { targetArn: 'asc' }] }),
    client.executionLink.findMany({ where: { targetArn: executionArn }, orderBy: [{ fromExecutionArn: 'asc' }] }),
  ]);
  const shape = (r: (typeof outgoing)[number]): StoredExecutionLink => ({
    fromExecutionArn: r.fromExecutionArn,
    kind: r.kind as StoredLinkKind,
    targetArn: r.targetArn,
    stateName: r.stateName,
    runIndex: r.runIndex,
    eventId: r.eventId,
    analyzerVersion: r.analyzerVersion,
  });
  return { outgoing: outgoing.map(shape), incoming: incoming.map(shape) };
}
