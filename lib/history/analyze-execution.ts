// History events -> ExecutionAnalysis: the `steplens analyze` contract (DESIGN.md §2.2), plus
// the extras the UI needs (per-run attempts with backoff, input/output, branch, redrive attempt).
import { causeValue, payloadText } from './decode-payload.ts';
import { Kind } from './event-kind.ts';
import { executionStatus } from './execution-status.ts';
import { linkEvents, type LinkedHistory } from './link-events.ts';
import { rootCause } from './root-cause.ts';
import { Close, isContainerType, type AttemptRecord, type RunRecord } from './run-record.ts';
import { endsWithError } from './statuses.ts';
import type {
  AnalyzedExecutionStatus,
  AnalyzeOptions,
  ErrorInfo,
  ExecutionAnalysis,
  ExecutionFailure,
  HistoryEvent,
  StateRun,
  StateRunStatus,
  TaskAttempt,
} from './types.ts';

const NO_ERROR: ErrorInfo = { error: null, cause: null };

function errorOf(event: HistoryEvent | undefined): ErrorInfo {
  if (!event) return NO_ERROR;
  return { error: payloadText(event.details.error), cause: causeValue(event.details.cause) };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function duration(from: number | null, to: number | null): number | null {
  // Whole ms: AWS timestamps have ms precision, and the store keeps durations as BigInt ms.
  return from === null || to === null ? null : Math.round(to - from);
}

function seconds(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * The *Started and TaskSubmitted positions below each *Scheduled (by previousEventId:
 * Scheduled → Started → Submitted), built in one pass, only when some attempt is still open.
 */
function progressBelow(linked: LinkedHistory): Map<number, { started: number; submitted: number }> {
  const { events, kinds, prevPos } = linked;
  const below = new Map<number, { started: number; submitted: number }>();
  const startedOf = new Map<number, number>();
  for (let i = 0; i < events.length; i++) {
    if (kinds[i]?.kind !== Kind.AttemptProgress) continue;
    const p = prevPos[i] ?? -1;
    if (p < 0) continue;
    if ((events[i] as HistoryEvent).type === 'TaskSubmitted') {
      // Below TaskStarted normally; some recordings link it to the TaskScheduled itself.
      const scheduled = startedOf.get(p) ?? (kinds[p]?.kind === Kind.Scheduled ? p : -1);
      if (scheduled < 0) continue;
      const entry = below.get(scheduled) ?? { started: -1, submitted: -1 };
      entry.submitted = i;
      below.set(scheduled, entry);
    } else if (kinds[p]?.kind === Kind.Scheduled) {
      startedOf.set(i, p);
      const entry = below.get(p) ?? { started: -1, submitted: -1 };
      entry.started = i;
      below.set(p, entry);
    }
  }
  return below;
}

function taskAttempts(linked: LinkedHistory, attempts: AttemptRecord[], below: () => Map<number, { started: number; submitted: number }>): TaskAttempt[] {
  const { events, kinds } = linked;
  return attempts.map((a, k): TaskAttempt => {
    const scheduled = a.scheduledPos >= 0 ? events[a.scheduledPos] : undefined;
    const closed = a.closedPos >= 0 ? events[a.closedPos] : undefined;
    const sd = scheduled?.details ?? {};
    const cd = closed?.details ?? {};
    const failed = endsWithError(a.status);
    const closedByTask = closed !== undefined && kinds[a.closedPos]?.kind !== Kind.StateAborted;
    return {
      attempt: k + 1,
      scheduledEventId: scheduled?.id ?? null,
      closedEventId: closed?.id ?? null,
      status: a.status,
      scheduledAt: scheduled?.timestamp ?? null,
      closedAt: closed?.timestamp ?? null,
      backoffMs: a.backoffMs,
      resource: str(sd.resource) ?? (closedByTask ? str(cd.resource) : null),
      resourceType: str(sd.resourceType) ?? (closedByTask ? str(cd.resourceType) : null),
      // TaskScheduled.parameters is the resolved request; Lambda/Activity put it in `input`.
      parameters: sd.parameters ?? sd.input ?? null,
      result: a.status === 'SUCCEEDED' ? (cd.output ?? null) : null,
      error: failed ? payloadText(cd.error) : null,
      cause: failed ? payloadText(cd.cause) : null,
      ...waitingFields(events, scheduled, a, below),
    };
  });
}

/** Timeouts of any attempt; for an open one, when it started, was submitted, and by which worker. */
function waitingFields(events: HistoryEvent[], scheduled: HistoryEvent | undefined, a: AttemptRecord, below: () => Map<number, { started: number; submitted: number }>): Partial<TaskAttempt> {
  const out: Partial<TaskAttempt> = {};
  const sd = scheduled?.details ?? {};
  if (scheduled?.type === 'ActivityScheduled') out.waitsOn = 'activity';
  else if (scheduled?.type === 'TaskScheduled' && typeof sd.resource === 'string' && sd.resource.endsWith('.waitForTaskToken')) out.waitsOn = 'callback';
  const timeout = seconds(sd.timeoutInSeconds);
  const heartbeat = seconds(sd.heartbeatInSeconds);
  if (timeout !== null) out.timeoutSeconds = timeout;
  if (heartbeat !== null) out.heartbeatSeconds = heartbeat;
  if (a.closedPos >= 0 || a.scheduledPos < 0) return out;
  const progress = below().get(a.scheduledPos);
  const started = progress && progress.started >= 0 ? events[progress.started] : undefined;
  const submitted = progress && progress.submitted >= 0 ? events[progress.submitted] : undefined;
  out.startedAt = started?.timestamp ?? null;
  out.submittedAt = submitted?.timestamp ?? null;
  out.workerName = started?.type === 'ActivityStarted' ? str(started.details.workerName) : null;
  return out;
}

/**
 * An error is "unresolved" when no retry followed the run's last failure: then an Exited means
 * its Catch took it (CAUGHT), an abort or the execution's end means it FAILED. Masked recordings
 * sort branch events by type, so for masked runs order means nothing and counts decide.
 */
function unresolvedFailure(run: RunRecord): boolean {
  if (run.masked) return run.failureCount > 0 && (run.scheduled === 0 || run.failureCount >= run.scheduled);
  return run.lastFailurePos > run.lastRetryPos;
}

function runStatus(run: RunRecord, unresolved: boolean, execution: AnalyzedExecutionStatus): StateRunStatus {
  if (run.forcedPos >= 0 || run.stateType === 'Fail') return 'FAILED';
  switch (run.close) {
    case Close.Exited:
      return unresolved ? 'CAUGHT' : 'SUCCEEDED';
    case Close.Aborted:
    case Close.Terminal:
    case Close.FailEnded:
      return unresolved ? 'FAILED' : 'ABORTED';
    case Close.WithContainer:
      return unresolved ? 'FAILED' : run.containerOk ? 'SUCCEEDED' : 'ABORTED';
    default:
      return execution === 'RUNNING' ? 'RUNNING' : 'ABORTED';
  }
}

function buildRuns(linked: LinkedHistory, execution: AnalyzedExecutionStatus): StateRun[] {
  const { runs, events } = linked;
  const n = runs.length;
  const statuses = new Array<StateRunStatus>(n);
  const errors = new Array<ErrorInfo>(n);
  const children = new Map<number, number[]>();
  for (const run of runs) {
    if (run.parent < 0) continue;
    const list = children.get(run.parent);
    if (list) list.push(run.index);
    else children.set(run.parent, [run.index]);
  }

  // Children are entered after their container, so a reverse pass sees every child first.
  for (let r = n - 1; r >= 0; r--) {
    const run = runs[r] as RunRecord;
    let unresolved = unresolvedFailure(run);
    let failedChild = -1;
    if (isContainerType(run.stateType)) {
      for (const c of children.get(r) ?? []) {
        if ((runs[c] as RunRecord).enteredPos > run.lastStartedPos && statuses[c] === 'FAILED') failedChild = c;
      }
      // The masked recordings drop ParallelStateFailed with the branch events: a failed masked
      // branch in the last attempt is then the only evidence that the Parallel failed.
      if (!unresolved && failedChild >= 0 && (runs[failedChild] as RunRecord).masked) unresolved = true;
    }
    const status = runStatus(run, unresolved, execution);
    statuses[r] = status;

    let error = NO_ERROR;
    if (status === 'FAILED' || status === 'CAUGHT' || (status === 'RUNNING' && unresolved)) {
      if (run.errorPos >= 0 && run.errorPos > run.lastRetryPos) error = errorOf(events[run.errorPos]);
      // MapStateFailed/ParallelStateFailed carry no error: the container raised its child's error.
      else if (failedChild >= 0 && (errors[failedChild] as ErrorInfo).error !== null) error = errors[failedChild] as ErrorInfo;
      // No failure event of its own (e.g. States.Runtime): the error the execution reported.
      else if (run.forcedPos >= 0) error = errorOf(events[run.forcedPos]);
      else if (run.errorPos >= 0) error = errorOf(events[run.errorPos]);
    } else if (status !== 'SUCCEEDED' && run.errorPos >= 0) {
      // §2.2: error/cause are those of the run's last failure event unless the run succeeded;
      // an ABORTED or still RUNNING run may have failed before (a retried attempt).
      error = errorOf(events[run.errorPos]);
    }
    errors[r] = error;
  }

  // Built on first need: only an open attempt looks below its *Scheduled event.
  let progress: Map<number, { started: number; submitted: number }> | null = null;
  const below = () => (progress ??= progressBelow(linked));
  const out = new Array<StateRun>(n);
  for (let r = 0; r < n; r++) {
    const run = runs[r] as RunRecord;
    const entered = events[run.enteredPos] as HistoryEvent;
    const closing = run.closePos >= 0 ? events[run.closePos] : undefined;
    const end = run.endPos >= 0 ? events[run.endPos] : undefined;
    const enteredAt = entered.timestamp;
    const exitedAt = end?.timestamp ?? null;
    const { error, cause } = errors[r] as ErrorInfo;
    out[r] = {
      stateName: run.stateName,
      stateType: run.stateType,
      status: statuses[r] as StateRunStatus,
      attempts: run.stateType === 'Task' ? run.scheduled : 0,
      mapIndex: run.mapIndex,
      enteredEventId: entered.id,
      exitedEventId: closing?.id ?? null,
      durationMs: end ? duration(enteredAt, exitedAt) : null,
      error,
      cause,
      parentRunIndex: run.parent >= 0 ? run.parent : null,
      depth: run.depth,
      branchIndex: run.branchIndex,
      redriveAttempt: run.redriveAttempt,
      enteredAt,
      exitedAt,
      input: entered.details.input ?? null,
      output: run.close === Close.Exited ? (closing?.details.output ?? null) : null,
      taskAttempts: taskAttempts(linked, run.attempts, below),
    };
  }
  return out;
}

/**
 * Analyses one execution's events (chronological, as parseHistory returns them).
 * `options.definition` (ASL) adds Parallel branch indexes and helps place masked events.
 */
export function analyzeExecution(events: HistoryEvent[], options: AnalyzeOptions = {}): ExecutionAnalysis {
  const linked = linkEvents(events, options.definition);
  const { status } = executionStatus(events);
  let failure: ExecutionFailure | null = null;
  if (endsWithError(status)) {
    const last = linked.terminals[linked.terminals.length - 1];
    if (last) {
      // The traced run itself, so the page need not look it up by name (names repeat across
      // iterations, branches and redrives). Runs are built 1:1 from linked.runs.
      const run = last.failure?.run ?? -1;
      failure = { ...errorOf(events[last.pos]), stateName: last.failure?.stateName ?? null, runIndex: run >= 0 && run < linked.runs.length ? run : null };
    }
  }
  const runs = buildRuns(linked, status);
  if (failure) {
    // Only when there is one: a failure not reached through a Catch keeps the §2.2 keys alone
    // (read an absent rootCause as null).
    const root = rootCause(linked, runs, failure.runIndex);
    if (root) failure.rootCause = root;
  }
  return {
    status,
    eventCount: events.length,
    failure,
    warnings: linked.warnings.toArray(),
    runs,
  };
}
