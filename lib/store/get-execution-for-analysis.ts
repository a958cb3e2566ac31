import type { HistoryEvent } from '../history/types.ts';
import { storedExecutionOf } from './execution-row.ts';
import { internalsOf } from './internals.ts';
import { q } from './sql.ts';
import type { StoredExecutionHistory, Store } from './types.ts';

/**
 * Like getExecution, for readers that analyse the events: only the columns the analyzer reads
 * (id, previousEventId, type, timestamp, details), never the `raw` copy, whose read and parse
 * were about half the cost of a 25,000-event history. `raw` is null on every event returned.
 * The events are read through the driver adapter the client is connected through (as the
 * write transactions are): Prisma's row mapping of 25,000 rows cost more than the query itself.
 */
export async function getExecutionForAnalysis(store: Store, executionArn: string): Promise<StoredExecutionHistory | null> {
  const { client, dialect, adapter } = internalsOf(store);
  const row = await client.execution.findUnique({
    where: { executionArn },
    include: { stateMachine: { select: { currentRevisionId: true } } },
  });
  if (row === null) return null;
  const revisionId = row.revisionId ?? row.stateMachine.currentRevisionId;
  const [events, revision] = await Promise.all([
    adapter().queryRaw({
      sql: `SELECT ${COLUMNS.map(q).join(', ')} FROM ${q('HistoryEvent')} WHERE ${q('executionArn')} = ${dialect.param(1)} ORDER BY ${q('position')}, ${q('eventKey')}`,
      args: [executionArn],
      argTypes: [{ scalarType: 'string', arity: 'scalar' }],
    }),
    revisionId === null
      ? null
      : client.definitionRevision.findUnique({
          where: { stateMachineArn_revisionId: { stateMachineArn: row.stateMachineArn, revisionId } },
          select: { definition: true },
        }),
  ]);
  const execution = storedExecutionOf(row);
  const rows = events.rows;
  const out: HistoryEvent[] = new Array<HistoryEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as unknown[];
    const details = row[4];
    out[i] = {
      id: intOrNull(row[0]),
      previousEventId: intOrNull(row[1]),
      type: String(row[2]),
      timestamp: epochMs(row[3]),
      details: typeof details !== 'string' || details === '{}' ? {} : (JSON.parse(details) as Record<string, unknown>),
      position: intOrNull(row[5]) ?? i,
      raw: null,
    };
  }
  return { execution, events: out, definition: revision?.definition ?? null };
}

const COLUMNS = ['id', 'previousEventId', 'type', 'timestamp', 'details', 'position'] as const;

/** The adapters return integer columns as numbers or decimal strings (int64-safe). */
function intOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** DateTime columns come back as ISO-8601 text (`…+00:00`), a Date, or epoch ms. */
function epochMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
  const text = String(value);
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? null : ms;
}
