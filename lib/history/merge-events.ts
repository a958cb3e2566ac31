// The one merge of stored and incoming history events (poller pages, CloudWatch Logs records
// arriving late or twice, re-imported files). Events are identified by id; an event without one
// (masked in recordings) cannot be matched, so it is taken only while nothing is stored.
import type { HistoryEvent } from './types.ts';

export interface MergedEvents {
  /** Stored and new events together, in position order. */
  events: HistoryEvent[];
  /** The incoming events that were not stored yet, with their positions set. */
  added: HistoryEvent[];
}

/**
 * Positions (the store's read order) are stable across merges:
 *  - an event with an id sits at id - 1, whatever order or batch it arrives in, so a gap that a
 *    late CloudWatch Logs record fills later never moves an event already stored;
 *  - in a history where some ids are masked, positions are the order of the file as parsed
 *    (such histories arrive whole: they come from recordings, never from a source).
 * `stored` must be in position order (as the store returns it); `incoming` in parse order.
 */
export function mergeEvents(stored: readonly HistoryEvent[], incoming: readonly HistoryEvent[]): MergedEvents {
  const known = new Set<number>();
  for (const event of stored) if (event.id !== null) known.add(event.id);
  const fresh = new Set<number>();
  const added: HistoryEvent[] = [];
  for (const event of incoming) {
    if (event.id === null) {
      if (stored.length === 0) added.push(event);
    } else if (!known.has(event.id) && !fresh.has(event.id)) {
      fresh.add(event.id);
      added.push(event);
    }
  }
  if (added.length === 0) return { events: [...stored], added: [] };

  const masked = stored.some((event) => event.id === null) || added.some((event) => event.id === null);
  if (masked) {
    // Only reachable on a first save (masked events are never added to a stored history) or when
    // a stored masked history gains id'd events: append in arrival order after what is stored.
    const offset = stored.reduce((max, event) => Math.max(max, event.position + 1), 0);
    const placed = added.map((event, i) => withPosition(event, offset + i));
    return { events: [...stored, ...placed], added: placed };
  }
  const placed = added.map((event) => withPosition(event, (event.id as number) - 1));
  const events = [...stored, ...placed].sort((a, b) => (a.id as number) - (b.id as number));
  return { events, added: placed };
}

function withPosition(event: HistoryEvent, position: number): HistoryEvent {
  return event.position === position ? event : { ...event, position };
}
