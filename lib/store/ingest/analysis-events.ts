// History events as the analyzer reads them: id, previousEventId, type, timestamp, details and
// position — never the `raw` copy (its read and parse were about half the cost of analysing a
// stored history). Read through the driver adapter the client is connected through: Prisma's
// row mapping of 25,000 rows cost more than the query itself.
import type { HistoryEvent } from '../../history/types.ts';
import { internalsOf } from '../db/internals.ts';
import { q } from '../db/sql.ts';
import type { Store } from '../types.ts';

const COLUMNS = ['executionArn', 'id', 'previousEventId', 'type', 'timestamp', 'details', 'position'] as const;

/**
 * The events of each of `executionArns` (position order; `raw` is null), keyed by ARN. An ARN
 * with no stored events is absent from the map.
 */
export async function readAnalysisEvents(store: Store, executionArns: readonly string[]): Promise<Map<string, HistoryEvent[]>> {
  const byArn = new Map<string, HistoryEvent[]>();
  if (executionArns.length === 0) return byArn;
  const { dialect, adapter } = internalsOf(store);
  const placeholders = executionArns.map((_, i) => dialect.param(i + 1)).join(', ');
  const result = await adapter().queryRaw({
    sql: `SELECT ${COLUMNS.map(q).join(', ')} FROM ${q('HistoryEvent')} WHERE ${q('executionArn')} IN (${placeholders}) ORDER BY ${q('executionArn')}, ${q('position')}, ${q('eventKey')}`,
    args: [...executionArns],
    argTypes: executionArns.map(() => ({ scalarType: 'string' as const, arity: 'scalar' as const })),
  });
  let current: HistoryEvent[] = [];
  let currentArn: string | null = null;
  for (const row of result.rows as unknown[][]) {
    const arn = String(row[0]);
    if (arn !== currentArn) {
      currentArn = arn;
      byArn.set(arn, (current = []));
    }
    const details = row[5];
    current.push({
      id: intOrNull(row[1]),
      previousEventId: intOrNull(row[2]),
      type: String(row[3]),
      timestamp: epochMs(row[4]),
      details: typeof details !== 'string' || details === '{}' ? {} : (JSON.parse(details) as Record<string, unknown>),
      position: intOrNull(row[6]) ?? current.length,
      raw: null,
    });
  }
  return byArn;
}

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
