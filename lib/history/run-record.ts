// Internal, mutable bookkeeping for one StateRun while linkEvents walks the history. Positions
// (`…Pos`) index the chronologically ordered event array; -1 means "none".
import type { KindInfo } from './event-kind.ts';
import type { TaskAttemptStatus } from './statuses.ts';
import type { HistoryEvent } from './types.ts';

/** How a run ended. */
export const Close = {
  /** Still open when the history ends. */
  None: 0,
  /** By its *StateExited. */
  Exited: 1,
  /** By TaskStateAborted / WaitStateAborted / MapStateAborted / ParallelStateAborted. */
  Aborted: 2,
  /** Open when a terminal Execution* event ended the execution (or one redrive attempt). */
  Terminal: 3,
  /** A Fail state: it has no Exited event; it ends at the first event that follows from it. */
  FailEnded: 4,
  /**
   * Still open when its Map/Parallel closed (only where events are missing, e.g. the masked
   * recordings): it ended with the container, at the container's closing event.
   */
  WithContainer: 5,
} as const;
export type Close = (typeof Close)[keyof typeof Close];

export interface AttemptRecord {
  scheduledPos: number;
  closedPos: number;
  status: TaskAttemptStatus;
  backoffMs: number | null;
}

export interface RunRecord {
  index: number;
  stateName: string;
  stateType: string;
  enteredPos: number;
  /** Enclosing Map/Parallel run, -1 at top level. */
  parent: number;
  /** Iteration index inside the parent Map, -1 when not in a Map iteration (or unknown). */
  iterIdx: number;
  mapIndex: number[];
  depth: number;
  branchIndex: number | null;
  redriveAttempt: number;
  /** Entered through a masked (null-id) or dangling event: placed by order, not by linkage. */
  masked: boolean;
  open: boolean;
  close: Close;
  /** The *StateExited / *Aborted event that closed it. */
  closePos: number;
  /** The event durationMs is measured to (closing, Fail consumer or terminal event). */
  endPos: number;
  /** *Scheduled events owned by the run. */
  scheduled: number;
  failureCount: number;
  lastFailurePos: number;
  /** Last failure event of the run that carries `error` or `cause`. */
  errorPos: number;
  /** Last event that restarted work after a failure: *Scheduled, or a second Map/ParallelStateStarted. */
  lastRetryPos: number;
  startedCount: number;
  lastStartedPos: number;
  lastIterationIndex: number;
  /** Close.WithContainer: the container exited without an unresolved failure of its own. */
  containerOk: boolean;
  /** Terminal event whose failure this run raised (failure.stateName run), else -1. */
  forcedPos: number;
  attempts: AttemptRecord[];
}

/** Shared read-only view of a linked history, for traceFailure and the result builder. */
export interface LinkedView {
  events: HistoryEvent[];
  kinds: KindInfo[];
  /** Owning run of each event (-1: execution-level or unplaced). */
  owner: Int32Array;
  runs: RunRecord[];
  /** Position of the event an event's previousEventId names; -1 for 0/null, -2 when it names no earlier event. */
  prevPos: Int32Array;
}

export function isContainerType(type: string): boolean {
  return type === 'Map' || type === 'Parallel';
}

/**
 * Nearest open run from `start` outwards (start, its parent, ...) matching type/name. This is
 * the "nearest open *StateEntered reached through previousEventId" of DESIGN.md §2.2, memoised:
 * the chain of an event passes through its owner's events, then the parent's.
 */
export function nearestOpen(runs: RunRecord[], start: number, type: string | null, name: string | null): number {
  for (let r = start; r >= 0; ) {
    const run = runs[r] as RunRecord;
    if (run.open && (type === null || run.stateType === type) && (name === null || run.stateName === name)) return r;
    r = run.parent;
  }
  return -1;
}

/** True when `r` is `ancestor` or nested (at any depth) inside it. */
export function isWithin(runs: RunRecord[], r: number, ancestor: number): boolean {
  for (let x = r; x >= 0; x = (runs[x] as RunRecord).parent) if (x === ancestor) return true;
  return false;
}
