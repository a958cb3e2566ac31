import { parseDefinition } from '../../asl/index.ts';
import { linkEvents } from '../../history/link-events.ts';
import { getExecutionForAnalysis, getExecutionVersion, type Store, type StoredExecution } from '../../store/index.ts';
import { displayRedaction, redactStoredHistory } from '../display-redaction.ts';
import { prunedHistoryNote } from './pruned-history.ts';

// GET /api/executions/{arn}/events?cursor=&limit=: the history in pages, for the event table.
// The detail (§2.3) stays free of raw events so it stays small for 25,000-event histories.

export const EVENTS_DEFAULT_LIMIT = 5_000;
export const EVENTS_MAX_LIMIT = 25_000;

export interface ExecutionEventItem {
  /** Position in chronological order (0-based); the cursor is the next position. */
  position: number;
  id: number | null;
  previousEventId: number | null;
  type: string;
  /** ISO-8601 UTC, null when not recorded. */
  timestamp: string | null;
  /** Index in analysis.runs of the run that owns the event; null for execution-level events. */
  runIndex: number | null;
  /** Name of that run's state (or the event's own `name`), null for execution-level events. */
  stateName: string | null;
  details: Record<string, unknown>;
}

export interface ExecutionEventsPage {
  items: ExecutionEventItem[];
  nextCursor: string | null;
  total: number;
  /** Retention deleted the events (ISO-8601), with the line to show instead of an empty table; absent while stored. */
  prunedAt?: string;
  note?: string;
}

/** All items of an execution, reused while its stored version is unchanged (paging re-reads nothing). */
const itemsCache = new Map<string, { version: string; store: Store; items: ExecutionEventItem[]; pruned: StoredExecution | null }>();
const ITEMS_CACHE_SIZE = 4;

async function allItems(store: Store, executionArn: string): Promise<{ items: ExecutionEventItem[]; pruned: StoredExecution | null } | null> {
  // Redacted before anything is taken from the events (README "Redaction"); cached per rules too.
  const rules = displayRedaction();
  const stamp = await getExecutionVersion(store, executionArn);
  if (stamp === null) return null;
  const version = `${stamp}|${rules?.fingerprint ?? ''}`;
  const cached = itemsCache.get(executionArn);
  if (cached && cached.version === version && cached.store === store) return { items: cached.items, pruned: cached.pruned };
  const read = await getExecutionForAnalysis(store, executionArn);
  if (!read) return null;
  const stored = redactStoredHistory(read, rules);
  const linked = linkEvents(stored.events, parseDefinition(stored.definition).definition ?? undefined);
  const items = stored.events.map((event, pos): ExecutionEventItem => {
    const owner = linked.owner[pos] ?? -1;
    const ownName = typeof event.details.name === 'string' ? event.details.name : null;
    return {
      position: pos,
      id: event.id,
      previousEventId: event.previousEventId,
      type: event.type,
      timestamp: event.timestamp === null ? null : new Date(event.timestamp).toISOString(),
      runIndex: owner >= 0 ? owner : null,
      stateName: owner >= 0 ? (linked.runs[owner]?.stateName ?? ownName) : ownName,
      details: event.details,
    };
  });
  const pruned = read.execution.eventsPrunedAt !== null ? read.execution : null;
  itemsCache.set(executionArn, { version, store, items, pruned });
  while (itemsCache.size > ITEMS_CACHE_SIZE) itemsCache.delete(itemsCache.keys().next().value as string);
  return { items, pruned };
}

export async function getExecutionEvents(
  store: Store,
  executionArn: string,
  options: { cursor?: string | null; limit?: number | null } = {},
): Promise<ExecutionEventsPage | null> {
  const read = await allItems(store, executionArn);
  if (!read) return null;
  const all = read.items;
  const start = Math.max(0, Number.parseInt(options.cursor ?? '0', 10) || 0);
  const limit = Math.min(EVENTS_MAX_LIMIT, Math.max(1, options.limit ?? EVENTS_DEFAULT_LIMIT));
  const items = all.slice(start, start + limit);
  const next = start + items.length;
  const note = read.pruned ? prunedHistoryNote(read.pruned) : null;
  return { items, nextCursor: next < all.length ? String(next) : null, total: all.length, ...(read.pruned?.eventsPrunedAt && note ? { prunedAt: read.pruned.eventsPrunedAt, note } : {}) };
}
