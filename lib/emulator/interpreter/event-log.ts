// Assigns event ids and timestamps and hands events to the server. Once the execution has ended
// (or a thread was cancelled) nothing more may be written: late callbacks of cancelled work must
// not add events after ExecutionFailed/Aborted.
import type { EmittedEvent, EmulatorClock } from '../engine-contract.ts';

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
    const event: EmittedEvent = { id, previousEventId, type, timestamp: this.clock.now() };
    if (details !== undefined) event.details = details;
    this.sink(event);
    return id;
  }
}
