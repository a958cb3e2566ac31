// History events as the analyzer reads them: id, previousEventId, type, timestamp, details and
// position. The store keeps each event once (HistoryEvent.details is null where the details are
// raw's own), so the details come from `raw` (detailsOfRaw) unless a row holds its own; the
// returned events still carry `raw: null` (the analyzer never reads it). Read through the driver
// adapter the client is connected through: Prisma's row mapping of 25,000 rows cost more than the
// query itself.
import { detailsOfRaw } from '../../history/parse-history.ts';
import type { HistoryEvent } from '../../history/types.ts';
import { internalsOf } from '../db/internals.ts';
import { q } from '../db/sql.ts';
import type { Store } from '../types.ts';

const COLUMNS = ['executionArn', 'id', 'previousEventId', 'type', 'timestamp', 'details', 'position', 'raw'] as const;

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
    const type = String(row[3]);
    current.push({
      id: intOrNull(row[1]),
      previousEventId: intOrNull(row[2]),
      type,
      timestamp: epochMs(row[4]),
      details: detailsOf(row[5], row[7], type),
      position: intOrNull(row[6]) ?? current.length,
      raw: null,
    });
  }
  return byArn;
}

/** The row's own details text, else raw's details (the raw text parsed; `{}` without one). */
function detailsOf(details: unknown, raw: unknown, type: string): Record<string, unknown> {
  if (typeof details === 'string') return details === '{}' ? {} : (JSON.parse(details) as Record<string, unknown>);
  return typeof raw === 'string' ? detailsOfRaw(JSON.parse(raw) as unknown, type) : {};
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
