// Errors as Step Functions names them. A StatesError is raised while a state runs (by a task, a
// Fail state, a bad path, an expression); the runner turns it into a StateFailure once it knows
// which history event the failure hangs off (the event later events point back to).

export class StatesError extends Error {
  readonly error: string;
  readonly errorCause: string | undefined;
  constructor(error: string, cause?: string) {
    super(cause === undefined ? error : `${error}: ${cause}`);
    this.name = 'StatesError';
    this.error = error;
    this.errorCause = cause;
  }
}

/**
 * A failure leaving a state. `eventId` is the event that the next events of the enclosing thread
 * must name as previousEventId (TaskFailed, FailStateEntered, EvaluationFailed, MapStateFailed, or
 * the last event before a States.Runtime error, which has no event of its own).
 */
export class StateFailure extends Error {
  readonly error: string;
  readonly errorCause: string | undefined;
  readonly eventId: number;
  constructor(error: string, cause: string | undefined, eventId: number) {
    super(cause === undefined ? error : `${error}: ${cause}`);
    this.name = 'StateFailure';
    this.error = error;
    this.errorCause = cause;
    this.eventId = eventId;
  }
}

/** Thrown inside a thread (Map iteration, Parallel branch) that was cancelled: it must stop quietly. */
export class ThreadAborted extends Error {
  constructor() {
    // Raised and swallowed in bulk whenever lanes end (every execution's end aborts its lanes):
    // its stack is never shown, and capturing one was a tenth of the interpreter's time.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super('thread aborted');
    Error.stackTraceLimit = limit;
    this.name = 'ThreadAborted';
  }
}

/** States.Runtime with AWS's prefix naming the state and the event it was entered at. */
export function runtimeError(stateName: string, enteredId: number, message: string): StatesError {
  return new StatesError('States.Runtime', stateMessage(stateName, enteredId, message));
}

export function stateMessage(stateName: string, enteredId: number, message: string): string {
  return `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredId}). ${message}`;
}

/** Error object a Catch hands on (ResultPath / $states.errorOutput). Cause is left out when absent. */
export function errorOutput(error: string, cause: string | undefined): Record<string, string> {
  return cause === undefined ? { Error: error } : { Error: error, Cause: cause };
}
