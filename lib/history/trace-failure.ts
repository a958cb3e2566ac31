// Where an execution's error was raised (DESIGN.md §2.2 `failure.stateName`): walk back from
// the terminal ExecutionFailed/TimedOut along previousEventId to the innermost run whose own
// failure event caused it. Called by linkEvents at the terminal event, while the runs' `open`
// flags still describe the moment the execution ended.
import { Kind } from './event-kind.ts';
import { isWithin, nearestOpen, type LinkedView, type RunRecord } from './run-record.ts';

export interface TracedFailure {
  /** Index of the run that raised the error; -1 when none (execution-level, or the run is not in the history). */
  run: number;
  stateName: string | null;
}

const NONE: TracedFailure = { run: -1, stateName: null };

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function ofRun(view: LinkedView, run: number): TracedFailure {
  // A run whose Entered event had no name is kept with stateName '': not a usable state name.
  return run >= 0 ? { run, stateName: (view.runs[run] as RunRecord).stateName || null } : NONE;
}

/** The run an EvaluationFailed names in `details.state` (its owner when the names agree). */
function evaluationFailure(view: LinkedView, pos: number): TracedFailure {
  const state = str(view.events[pos]?.details.state);
  const owner = view.owner[pos] ?? -1;
  if (owner >= 0 && (state === null || (view.runs[owner] as RunRecord).stateName === state)) return ofRun(view, owner);
  if (state === null) return NONE;
  for (let r = view.runs.length - 1; r >= 0; r--) if ((view.runs[r] as RunRecord).stateName === state) return { run: r, stateName: state };
  return { run: -1, stateName: state };
}

/** A failure event that ends the search: a Task-like failure, a Fail state, an EvaluationFailed. */
function isLeafFailure(view: LinkedView, pos: number): boolean {
  const k = view.kinds[pos];
  if (!k) return false;
  return k.kind === Kind.AttemptFailed || k.kind === Kind.EvaluationFailed || (k.kind === Kind.Entered && k.failure);
}

function leafFailure(view: LinkedView, pos: number): TracedFailure {
  return view.kinds[pos]?.kind === Kind.EvaluationFailed ? evaluationFailure(view, pos) : ofRun(view, view.owner[pos] ?? -1);
}

/** Innermost (deepest, then latest entered) run still open; the §2.2 fallback when no failure event exists. */
function innermostOpen(view: LinkedView, within: number): number {
  let best = -1;
  for (let r = view.runs.length - 1; r >= 0; r--) {
    const run = view.runs[r] as RunRecord;
    if (!run.open || (within >= 0 && !isWithin(view.runs, r, within))) continue;
    if (best < 0 || run.depth > (view.runs[best] as RunRecord).depth) best = r;
  }
  return best;
}

/**
 * Fallback when the walk cannot follow previousEventId (masked or missing events): the latest
 * failure event of the current attempt (inside `within` when given), else the innermost open run.
 */
function byOrder(view: LinkedView, terminal: number, segmentStart: number, within: number): TracedFailure {
  for (let pos = terminal - 1; pos >= segmentStart; pos--) {
    if (!isLeafFailure(view, pos)) continue;
    const owner = view.owner[pos] ?? -1;
    if (within >= 0 && (owner < 0 || !isWithin(view.runs, owner, within))) continue;
    return leafFailure(view, pos);
  }
  const open = innermostOpen(view, within);
  return ofRun(view, open >= 0 ? open : within);
}

export function traceFailure(view: LinkedView, terminal: number, segmentStart: number): TracedFailure {
  const { kinds, owner, prevPos, runs } = view;
  let candidate = -1;
  let pos = prevPos[terminal] ?? -1;
  if (pos === -1) {
    // previousEventId 0: nothing to follow; an execution-level error unless a run is open.
    return ofRun(view, innermostOpen(view, -1));
  }
  // Each step moves to a strictly earlier position, so the walk ends.
  while (pos >= 0) {
    const k = kinds[pos];
    if (!k) break;
    if (isLeafFailure(view, pos)) return leafFailure(view, pos);
    if (k.kind === Kind.ContainerFailed || k.kind === Kind.MapIterationFailed || k.kind === Kind.MapRunFailed) {
      // A Map/Parallel failure: remember it, then follow it into the iteration/branch that failed.
      const o = owner[pos] ?? -1;
      if (o >= 0) candidate = o;
      pos = prevPos[pos] ?? -1;
      continue;
    }
    const o = owner[pos] ?? -1;
    if (candidate < 0) {
      // No failure event (e.g. States.Runtime while processing a state's input or output):
      // the innermost run still open at the terminal event, along this event's chain.
      const open = nearestOpen(runs, o, null, null);
      return ofRun(view, open >= 0 ? open : innermostOpen(view, -1));
    }
    // Reached a plain event while tracing a container failure: inside the container it is the
    // run that failed without a failure event of its own (or a TaskStateAborted of the failing
    // Task); at the container itself (Distributed Map: MapRunFailed -> MapRunStarted) it is the container.
    if (o >= 0 && o !== candidate && isWithin(runs, o, candidate)) return ofRun(view, o);
    return ofRun(view, candidate);
  }
  if (pos === -1) return ofRun(view, candidate >= 0 ? candidate : innermostOpen(view, -1));
  // previousEventId names an event that is not in the history (masked recording, ERROR-level logs).
  return byOrder(view, terminal, segmentStart, candidate);
}
