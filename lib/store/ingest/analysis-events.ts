// History events as the analyzer reads them: id, previousEventId, type, timestamp, details and
// position, decoded from the execution's HistoryEventChunk rows (lib/store/events: each field
// derived from the event's raw text unless the chunk keeps it apart); the returned events carry
// `raw: null` (the analyzer never reads it).
import type { HistoryEvent } from '../../history/types.ts';
import { readHistoryEvents } from '../events/chunk-store.ts';
import type { Store } from '../types.ts';

/**
 * The events of each of `executionArns` (position order; `raw` is null), keyed by ARN. An ARN
 * with no stored events is absent from the map.
 */
export async function readAnalysisEvents(store: Store, executionArns: readonly string[]): Promise<Map<string, HistoryEvent[]>> {
  return readHistoryEvents(store, executionArns, false);
}
