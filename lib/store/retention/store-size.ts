// How big the store is (GET /api/health with a session): executions, events and bytes. Asked
// every few seconds by the home page, so the figures are the cheap ones and are reused for
// SIZE_TTL_MS: on PostgreSQL the planner's row estimates (pg_class.reltuples, kept by ANALYZE /
// autovacuum) and the relations' sizes; on SQLite exact counts and the pages of the
// HistoryEventChunk table and its key index (dbstat). Events are the sum of the chunks' eventCount
// on both backends (one row per ~100 events, so the sum is cheap and exact).
import { internalsOf } from '../db/internals.ts';
import { toNumber } from '../db/sql.ts';
import type { Store } from '../types.ts';

export interface StoreSize {
  executions: number;
  events: number;
  /** Executions whose events retention deleted. */
  prunedExecutions: number;
  /** Bytes of the HistoryEventChunk table with its indexes (and TOAST); null when the backend cannot say. */
  eventBytes: number | null;
  /** eventBytes / events; null without either. */
  bytesPerEvent: number | null;
  /** The whole database file (SQLite) or database (PostgreSQL), bytes. */
  totalBytes: number | null;
  /** True when executions/events are the planner's estimates (PostgreSQL), not counts. */
  estimated: boolean;
  /** When the figures were read, ISO-8601. */
  measuredAt: string;
}

const SIZE_TTL_MS = 30_000;
const cache = new WeakMap<Store, { at: number; size: Promise<StoreSize> }>();

/** The store's size, read at most every 30 s per store. */
export function readStoreSize(store: Store, now: number = Date.now()): Promise<StoreSize> {
  const hit = cache.get(store);
  if (hit && now - hit.at < SIZE_TTL_MS) return hit.size;
  const size = measure(store);
  cache.set(store, { at: now, size });
  size.catch(() => cache.delete(store));
  return size;
}

async function measure(store: Store): Promise<StoreSize> {
  const { client, dialect } = internalsOf(store);
  const prunedExecutions = await client.execution.count({ where: { eventsPrunedAt: { not: null } } });
  if (dialect.backend === 'postgres') {
    const rows = await client.$queryRawUnsafe<Array<{ relname: string; reltuples: unknown; bytes: unknown }>>(
      `SELECT c.relname::text AS relname, c.reltuples::float8 AS reltuples, pg_total_relation_size(c.oid)::bigint AS bytes FROM pg_class c
       WHERE c.relname IN ('Execution', 'HistoryEventChunk') AND c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace`,
    );
    const total = await client.$queryRawUnsafe<Array<{ bytes: unknown }>>(`SELECT pg_database_size(current_database())::bigint AS bytes`);
    const of = (name: string) => rows.find((r) => r.relname === name);
    // reltuples is -1 before the first ANALYZE: count then (a new, small table).
    const n = toNumber(of('Execution')?.reltuples) ?? -1;
    const executions = n >= 0 ? { n: Math.round(n), estimated: true } : { n: await client.execution.count(), estimated: false };
    const events = await eventTotal(store);
    const eventBytes = toNumber(of('HistoryEventChunk')?.bytes);
    return figures(executions.n, events, prunedExecutions, eventBytes, toNumber(total[0]?.bytes), executions.estimated);
  }
  const [executions, events] = await Promise.all([client.execution.count(), eventTotal(store)]);
  let eventBytes: number | null = null;
  try {
    // The table and its automatic index (the composite primary key).
    const rows = await client.$queryRawUnsafe<Array<{ bytes: unknown }>>(
      `SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name = 'HistoryEventChunk' OR name LIKE 'sqlite_autoindex_HistoryEventChunk_%'`,
    );
    eventBytes = toNumber(rows[0]?.bytes);
  } catch {
    eventBytes = null; // SQLite built without the dbstat table
  }
  const pages = await client.$queryRawUnsafe<Array<{ n: unknown }>>(`SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()`);
  return figures(executions, events, prunedExecutions, eventBytes, toNumber(pages[0]?.n), false);
}

async function eventTotal(store: Store): Promise<number> {
  const sum = await internalsOf(store).client.historyEventChunk.aggregate({ _sum: { eventCount: true } });
  return sum._sum.eventCount ?? 0;
}

function figures(executions: number, events: number, prunedExecutions: number, eventBytes: number | null, totalBytes: number | null, estimated: boolean): StoreSize {
  return {
    executions,
    events,
    prunedExecutions,
    eventBytes,
    bytesPerEvent: eventBytes !== null && events > 0 ? Math.round(eventBytes / events) : null,
    totalBytes,
    estimated,
    measuredAt: new Date().toISOString(),
  };
}
