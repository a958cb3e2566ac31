// Assigns event ids and timestamps and hands events to the server. Once the execution has ended
// (or a thread was cancelled) nothing more may be written: late callbacks of cancelled work must
// not add events after ExecutionFailed/Aborted.
import type { EmittedEvent, EmulatorClock } from '../engine-contract.ts';

/**
 * Event types are built as `${type}StateEntered` etc.: a fresh string per event, kept for as long
 * as the history is. Stored events share one copy of each type instead.
 */
const TYPES = new Map<string, string>();
function internType(type: string): string {
  const known = TYPES.get(type);
  if (known !== undefined) return known;
  if (TYPES.size < 1000) TYPES.set(type, type);
  return type;
}

export class EventLog {
  private nextId: number;
  closed = false;
  constructor(
    private readonly sink: (event: EmittedEvent) => void,
    private readonly clock: EmulatorClock,
    firstId = 1,
  ) {
    this.nextId = firstId;
  }

  get lastId(): number {
    return this.nextId - 1;
  }

  add(type: string, previousEventId: number, details?: Record<string, unknown>): number {
    const id = this.nextId;
    this.nextId += 1;
    const event: EmittedEvent = { id, previousEventId, type: internType(type), timestamp: this.clock.now() };
    if (details !== undefined) event.details = details;
    this.sink(event);
    return id;
  }
}
