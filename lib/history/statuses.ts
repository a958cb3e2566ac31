// The status vocabulary, defined once (DESIGN.md §2.2–2.3): AWS's ExecutionStatus, the outcome of
// one StateRun, and a graph node's status (a run status, or NOT_STARTED). Everything else — the
// analyzer, the graph overlay, the page, the poller, the store's SQL — takes the words, the
// terminal/failure rules and the severity order from here instead of spelling them out.
//
// The two vocabularies share their words on purpose (SUCCEEDED, FAILED, ABORTED, RUNNING mean the
// same for an execution and a run), so `isTerminal` and `isFailure` answer for either.

/** AWS ExecutionStatus, in AWS's order (the ListExecutions `statusFilter` enum). */
export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/**
 * An execution's status as the analyzer derives it from events (§2.2 `status`): a history never
 * says PENDING_REDRIVE (an ExecutionRedriven event reads as RUNNING).
 */
export type AnalyzedExecutionStatus = Exclude<ExecutionStatus, 'PENDING_REDRIVE'>;

/** One Task attempt's outcome, in the execution's words (TaskTimedOut → TIMED_OUT). */
export type TaskAttemptStatus = AnalyzedExecutionStatus;

/** Outcome of one StateRun (§2.2 `runs[].status`); CAUGHT = the run's own Catch sent the error elsewhere. */
export const STATE_RUN_STATUSES = ['SUCCEEDED', 'FAILED', 'CAUGHT', 'ABORTED', 'RUNNING'] as const;
export type StateRunStatus = (typeof STATE_RUN_STATUSES)[number];

/** A graph node's status when no run counts for it (§2.3 `data-status`). */
export const NOT_STARTED = 'NOT_STARTED';
/** A graph node's status: its run's status, else NOT_STARTED. */
export const NODE_STATUSES = [...STATE_RUN_STATUSES, NOT_STARTED] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

/** Every status word of either vocabulary. */
export type AnyStatus = ExecutionStatus | NodeStatus;

// Maps and Sets, not object literals: statuses read from rows or URLs are untrusted strings
// ("constructor" is `in` every object).

/** Higher = worse (§2.3): FAILED > CAUGHT > ABORTED > RUNNING > SUCCEEDED > NOT_STARTED. */
const RUN_SEVERITY: Readonly<Record<NodeStatus, number>> = { NOT_STARTED: 0, SUCCEEDED: 1, RUNNING: 2, ABORTED: 3, CAUGHT: 4, FAILED: 5 };
const RUN_RANK: ReadonlyMap<string, number> = new Map(Object.entries(RUN_SEVERITY));

/**
 * Higher = worse, for lists and summaries of executions: FAILED > TIMED_OUT > ABORTED >
 * PENDING_REDRIVE > RUNNING > SUCCEEDED (a pending redrive is a failure not yet retried).
 */
const EXECUTION_SEVERITY: Readonly<Record<ExecutionStatus, number>> = { SUCCEEDED: 1, RUNNING: 2, PENDING_REDRIVE: 3, ABORTED: 4, TIMED_OUT: 5, FAILED: 6 };

/** Run and node statuses, worst first. */
export const SEVERITY_ORDER: readonly NodeStatus[] = [...NODE_STATUSES].sort((a, b) => RUN_SEVERITY[b] - RUN_SEVERITY[a]);
/** Execution statuses, worst first. */
export const EXECUTION_SEVERITY_ORDER: readonly ExecutionStatus[] = [...EXECUTION_STATUSES].sort((a, b) => EXECUTION_SEVERITY[b] - EXECUTION_SEVERITY[a]);

const TERMINAL: ReadonlySet<string> = new Set<AnyStatus>(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'CAUGHT']);
const ENDS_WITH_ERROR: ReadonlySet<string> = new Set<AnyStatus>(['FAILED', 'TIMED_OUT']);
const RUN_SET: ReadonlySet<string> = new Set(STATE_RUN_STATUSES);

export function isStateRunStatus(value: unknown): value is StateRunStatus {
  return typeof value === 'string' && RUN_SET.has(value);
}

/**
 * Has ended: SUCCEEDED, FAILED, TIMED_OUT, ABORTED (executions and runs) and CAUGHT (runs).
 * RUNNING, PENDING_REDRIVE (a redrive will run it again), NOT_STARTED and unknown words have not.
 */
export function isTerminal(status: AnyStatus | (string & {})): boolean {
  return TERMINAL.has(status);
}

/**
 * Ended without success: FAILED, TIMED_OUT, ABORTED, and for a run CAUGHT (it raised an error that
 * its Catch took elsewhere). What "failures" means for the home page, the poller's fetch priority
 * and the Map iteration picker's groups.
 */
export function isFailure(status: AnyStatus | (string & {})): boolean {
  return status !== 'SUCCEEDED' && TERMINAL.has(status);
}

/**
 * Ended with an error of its own: FAILED or TIMED_OUT. For an execution these are the statuses
 * with a §2.2 `failure` (an ABORTED execution has none); for a Task attempt, those with error/cause.
 */
export function endsWithError(status: AnyStatus | (string & {})): boolean {
  return ENDS_WITH_ERROR.has(status);
}

/** Severity of a run or node status (higher = worse); 0 for NOT_STARTED and unknown words. */
export function severity(status: NodeStatus | (string & {})): number {
  return RUN_RANK.get(status) ?? 0;
}

/** The worse of two statuses; ties keep `a`. `a` may be null (nothing yet). */
export function worseStatus<S extends NodeStatus>(a: S | null, b: S): S {
  return a === null || severity(b) > severity(a) ? b : a;
}

