// What each HistoryEventType means to the analyzer. One table lookup per event keeps the
// main loop of linkEvents free of string matching (it must run at >1M events/s).
import { HISTORY_EVENT_TYPES } from './history-event-types.ts';

// Plain numeric constants rather than a TS enum: erasable syntax, and a number compare in the hot loop.
export const Kind = {
  /** *StateEntered: opens a run. */
  Entered: 0,
  /** *StateExited: closes the run of the same name. */
  Exited: 1,
  /** TaskStateAborted, WaitStateAborted, MapStateAborted, ParallelStateAborted: closes a run of `runType`. */
  StateAborted: 2,
  /** TaskScheduled, LambdaFunctionScheduled, ActivityScheduled: one attempt of a Task run. */
  Scheduled: 3,
  /** TaskStarted, TaskSubmitted, LambdaFunctionStarted, ActivityStarted. */
  AttemptProgress: 4,
  /** TaskSucceeded, LambdaFunctionSucceeded, ActivitySucceeded. */
  AttemptSucceeded: 5,
  /** Failures that end one attempt of a Task run (…Failed, …TimedOut, …StartFailed, ...). */
  AttemptFailed: 6,
  /** MapStateStarted, ParallelStateStarted: a (re)start of the container; a second one is a Retry. */
  ContainerStarted: 7,
  /** MapStateSucceeded, ParallelStateSucceeded. */
  ContainerSucceeded: 8,
  /** MapStateFailed, ParallelStateFailed: the container's own failure (no error details). */
  ContainerFailed: 9,
  MapIterationStarted: 10,
  MapIterationSucceeded: 11,
  MapIterationFailed: 12,
  MapIterationAborted: 13,
  MapRunStarted: 14,
  MapRunSucceeded: 15,
  /** MapRunFailed carries error/cause (e.g. States.ItemReaderFailed). */
  MapRunFailed: 16,
  MapRunAborted: 17,
  MapRunRedriven: 18,
  /** EvaluationFailed: JSONata/JSONPath evaluation error; `details.state` names the state. */
  EvaluationFailed: 19,
  ExecutionStarted: 20,
  ExecutionSucceeded: 21,
  ExecutionFailed: 22,
  ExecutionTimedOut: 23,
  ExecutionAborted: 24,
  ExecutionRedriven: 25,
  Unknown: 26,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export interface KindInfo {
  kind: Kind;
  /**
   * The state type of the run this event opens, closes or belongs to (Task, Map, Parallel, Wait,
   * ...); null for execution-level events and events that may belong to any run.
   */
  runType: string | null;
  /** Counts as the run's own failure (DESIGN.md §2.2 `failure` list, plus the container failures). */
  failure: boolean;
  /** The failure ends an attempt of a Task run with TIMED_OUT rather than FAILED. */
  timedOut: boolean;
}

const UNKNOWN: KindInfo = { kind: Kind.Unknown, runType: null, failure: false, timedOut: false };

function classify(type: string): KindInfo {
  const info = (kind: Kind, runType: string | null, failure = false, timedOut = false): KindInfo => ({
    kind,
    runType,
    failure,
    timedOut,
  });
  const entered = /^(\w+)StateEntered$/.exec(type);
  if (entered) return info(Kind.Entered, entered[1] ?? null, type === 'FailStateEntered');
  const exited = /^(\w+)StateExited$/.exec(type);
  if (exited) return info(Kind.Exited, exited[1] ?? null);
  const aborted = /^(Task|Wait|Map|Parallel)StateAborted$/.exec(type);
  if (aborted) return info(Kind.StateAborted, aborted[1] ?? null);
  const taskLike = /^(Task|LambdaFunction|Activity)(\w+)$/.exec(type);
  if (taskLike) {
    switch (taskLike[2]) {
      case 'Scheduled':
        return info(Kind.Scheduled, 'Task');
      case 'Started':
      case 'Submitted':
        return info(Kind.AttemptProgress, 'Task');
      case 'Succeeded':
        return info(Kind.AttemptSucceeded, 'Task');
      case 'TimedOut':
        return info(Kind.AttemptFailed, 'Task', true, true);
      case 'Failed':
      case 'StartFailed':
      case 'SubmitFailed':
      case 'ScheduleFailed':
        return info(Kind.AttemptFailed, 'Task', true);
    }
  }
  switch (type) {
    case 'MapStateStarted':
      return info(Kind.ContainerStarted, 'Map');
    case 'ParallelStateStarted':
      return info(Kind.ContainerStarted, 'Parallel');
    case 'MapStateSucceeded':
      return info(Kind.ContainerSucceeded, 'Map');
    case 'ParallelStateSucceeded':
      return info(Kind.ContainerSucceeded, 'Parallel');
    case 'MapStateFailed':
      return info(Kind.ContainerFailed, 'Map', true);
    case 'ParallelStateFailed':
      return info(Kind.ContainerFailed, 'Parallel', true);
    case 'MapIterationStarted':
      return info(Kind.MapIterationStarted, 'Map');
    case 'MapIterationSucceeded':
      return info(Kind.MapIterationSucceeded, 'Map');
    case 'MapIterationFailed':
      return info(Kind.MapIterationFailed, 'Map', true);
    case 'MapIterationAborted':
      return info(Kind.MapIterationAborted, 'Map');
    case 'MapRunStarted':
      return info(Kind.MapRunStarted, 'Map');
    case 'MapRunSucceeded':
      return info(Kind.MapRunSucceeded, 'Map');
    case 'MapRunFailed':
      return info(Kind.MapRunFailed, 'Map', true);
    case 'MapRunAborted':
      return info(Kind.MapRunAborted, 'Map');
    case 'MapRunRedriven':
      return info(Kind.MapRunRedriven, 'Map');
    case 'EvaluationFailed':
      return info(Kind.EvaluationFailed, null, true);
    case 'ExecutionStarted':
      return info(Kind.ExecutionStarted, null);
    case 'ExecutionSucceeded':
      return info(Kind.ExecutionSucceeded, null);
    case 'ExecutionFailed':
      return info(Kind.ExecutionFailed, null);
    case 'ExecutionTimedOut':
      return info(Kind.ExecutionTimedOut, null);
    case 'ExecutionAborted':
      return info(Kind.ExecutionAborted, null);
    case 'ExecutionRedriven':
      return info(Kind.ExecutionRedriven, null);
  }
  return UNKNOWN;
}

const TABLE = new Map<string, KindInfo>(HISTORY_EVENT_TYPES.map((t) => [t, classify(t)]));

/** Classification of a HistoryEventType; Kind.Unknown for anything outside the 62 API types. */
export function eventKind(type: string): KindInfo {
  return TABLE.get(type) ?? UNKNOWN;
}
