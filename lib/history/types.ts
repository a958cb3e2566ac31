// Shared vocabulary of lib/history. Names follow AWS's own (HistoryEventType,
// ExecutionStatus, previousEventId); StateRun and ExecutionAnalysis are ours
// (see DESIGN.md §1 and the `steplens analyze` contract in §2.2).

import type { AnalyzedExecutionStatus, StateRunStatus, TaskAttemptStatus } from './statuses.ts';

// The status words live in statuses.ts (with isTerminal, isFailure and the severity order).
export type { AnalyzedExecutionStatus, AnyStatus, ExecutionStatus, NodeStatus, StateRunStatus, TaskAttemptStatus } from './statuses.ts';

/**
 * One history event, normalised from any accepted input form (GetExecutionHistory JSON from
 * AWS CLI v1/v2 or the SDK, or a CloudWatch Logs record). `raw` keeps the event exactly as it
 * was received: that is what the store persists, so nothing is lost by normalising.
 */
export interface HistoryEvent {
  /** Event id; null when the recording masked it (`"id": [0]`) or it was unparseable. */
  id: number | null;
  /** null when absent or unparseable; 0 for the first events of an execution. */
  previousEventId: number | null;
  /** A HistoryEventType, or whatever string the source sent (unknown types are kept). */
  type: string;
  /** Epoch milliseconds; null when missing or unparseable (e.g. the corpus's "timestamp" placeholder). */
  timestamp: number | null;
  /**
   * Contents of the `<type>EventDetails` object (API form) or `details` (CloudWatch Logs form),
   * unwrapped; `{}` when the event has none. Values are as received (input/output may be JSON
   * strings or already-parsed JSON).
   */
  details: Record<string, unknown>;
  /** Position of the event in chronological order (0-based), after any reordering. */
  position: number;
  /** The event exactly as received. */
  raw: unknown;
}

/**
 * A `cause` exactly as the history carried it. AWS sends a string; recordings and some tools
 * hand over the JSON inside it already parsed (an object). The analysis passes it on unchanged
 * so a consumer compares like with like; `causeText` gives the string form for display.
 */
export type CauseValue = string | number | boolean | Record<string, unknown> | unknown[] | null;

/** An error raised inside a run or by the execution: both fields exactly as AWS reported them. */
export interface ErrorInfo {
  error: string | null;
  cause: CauseValue;
}

/** One attempt of a Task-like run: a *Scheduled event and what followed it. */
export interface TaskAttempt {
  /** 1-based attempt number within the run. */
  attempt: number;
  scheduledEventId: number | null;
  /** TaskSucceeded/TaskFailed/TaskTimedOut/... event that ended the attempt; null while open. */
  closedEventId: number | null;
  status: TaskAttemptStatus;
  scheduledAt: number | null;
  closedAt: number | null;
  /** Wait between the previous attempt's failure and this attempt's scheduling (Retry backoff), ms. */
  backoffMs: number | null;
  resource: string | null;
  resourceType: string | null;
  /** The resolved request sent to the integration (TaskScheduled.parameters / Lambda input). */
  parameters: unknown;
  /** The raw result of the integration (Task/Lambda/ActivitySucceeded.output). */
  result: unknown;
  error: string | null;
  cause: string | null;
  // ---- What a waiting task shows (issue 13 item 6); absent when the events do not say ----
  /** An ActivityScheduled attempt ('activity'), or a `.waitForTaskToken` TaskScheduled ('callback'). */
  waitsOn?: 'activity' | 'callback';
  /** The *Scheduled event's timeoutInSeconds / heartbeatInSeconds (the state's TimeoutSeconds / HeartbeatSeconds, resolved). */
  timeoutSeconds?: number | null;
  heartbeatSeconds?: number | null;
  /** Epoch ms of the attempt's *Started event (an activity: when a worker took it); open attempts only. */
  startedAt?: number | null;
  /** Epoch ms of its TaskSubmitted (a `.waitForTaskToken` call handed out its token); open attempts only. */
  submittedAt?: number | null;
  /** ActivityStarted's workerName (GetActivityTask's), open attempts only. */
  workerName?: string | null;
}

/** One entry into a state: one iteration of an inline Map, one Parallel branch, one redrive attempt. */
export interface StateRun {
  stateName: string;
  /** Task, Pass, Choice, Wait, Succeed, Fail, Map, Parallel (from the *StateEntered type). */
  stateType: string;
  status: StateRunStatus;
  /** *Scheduled events of the run (Task/LambdaFunction/Activity); 0 for other state types. */
  attempts: number;
  /** Indexes of the enclosing inline Map iterations, outermost first. */
  mapIndex: number[];
  enteredEventId: number | null;
  exitedEventId: number | null;
  durationMs: number | null;
  error: string | null;
  cause: CauseValue;
  // ---- Beyond the §2.2 contract (extra keys are allowed in the JSON output) ----
  /** Index (in `ExecutionAnalysis.runs`) of the enclosing Map/Parallel run; null at top level. */
  parentRunIndex?: number | null;
  /** Nesting depth: enclosing Map iterations and Parallel branches (0 at top level; parentRunIndex's depth + 1). */
  depth?: number;
  /** Branch of the innermost enclosing Parallel (from the definition's `Branches`); null when unknown. */
  branchIndex?: number | null;
  /** Number of ExecutionRedriven events before this run was entered (0 = original attempt). */
  redriveAttempt?: number;
  /** Epoch ms of the *StateEntered event; null when missing. */
  enteredAt?: number | null;
  /** Epoch ms of the event that ended the run (the one durationMs is measured to); null while open. */
  exitedAt?: number | null;
  /** StateEntered `input`, exactly as received (JSON string or parsed value); see decodePayload. */
  input?: unknown;
  /** StateExited `output`, exactly as received; undefined when the run did not exit. */
  output?: unknown;
  /** One entry per *Scheduled (or a failure without one) of a Task-like run; [] for other runs. */
  taskAttempts?: TaskAttempt[];
}

/** Where the execution's error was raised (DESIGN.md §2.2 `failure`). */
export interface ExecutionFailure extends ErrorInfo {
  stateName: string | null;
  /**
   * Beyond §2.2: index (in `ExecutionAnalysis.runs`) of the run that raised the error — the
   * innermost one the `stateName` rule picks, not a search by name; null when no run of the
   * history did (an execution-level error, or an EvaluationFailed naming a state never entered).
   */
  runIndex: number | null;
  /**
   * Beyond §2.2 (§2.5 `rootCauses`): where the failing run was reached through a Catch, the run
   * that first raised the error. Absent when it was not (the failure itself is the root):
   * read an absent key as null. analyzeExecution never sets it to null, so that the §2.2
   * `failure` object of a failure without a Catch stays exactly {error, cause, stateName, runIndex}.
   */
  rootCause?: RootCause | null;
}

/** A run named by its state and its index in `ExecutionAnalysis.runs`. */
export interface RunRef {
  stateName: string;
  runIndex: number;
}

/** The error behind a failure that was reached through a Catch (`failure.rootCause`). */
export interface RootCause extends ErrorInfo {
  /** The state that first raised the error (innermost run of a failed Map iteration / Parallel branch). */
  stateName: string;
  /** Index of that run in `ExecutionAnalysis.runs`. */
  runIndex: number;
  /** Its enclosing inline Map iterations, outermost first. */
  mapIndex: number[];
  /** Branch of its innermost enclosing Parallel; null when unknown or not in a Parallel. */
  branchIndex: number | null;
  /** 1-based number of the Task attempt that raised it (the last failed one); null for other state types. */
  attempt: number | null;
  /** The run whose Catch took the error (for an error from a Map iteration / Parallel branch: the Map/Parallel). */
  caughtBy: RunRef;
  /** Runs from the catching run to the failing run (failure.runIndex), in the order the error travelled. */
  path: RunRef[];
}

export interface ExecutionAnalysis {
  status: AnalyzedExecutionStatus;
  eventCount: number;
  failure: ExecutionFailure | null;
  /** Human-readable notes about odd events that were kept (unknown types, missing fields, ...). */
  warnings: string[];
  runs: StateRun[];
}

/** Which wire form the history came in (DESIGN.md §2.2 input forms). */
export type HistoryForm = 'api' | 'cloudwatch-logs';

/** Result of parseHistory: normalised events in chronological order. */
export interface ParsedHistory {
  events: HistoryEvent[];
  form: HistoryForm;
  /** From CloudWatch Logs records (`execution_arn`) or a wrapper object; null when unknown. */
  executionArn: string | null;
  /** Notes about odd elements that were kept or dropped. */
  warnings: string[];
  /** The wrapper object's `definition` (corpus files, exports), when the input has one. */
  definition?: unknown;
}

/** Options of analyzeExecution. */
export interface AnalyzeOptions {
  /** The ASL definition (object or JSON string): gives Parallel branch indexes and places masked events. */
  definition?: unknown;
}

/** Execution-level facts for list views (DESIGN.md §2.3 execution items), derived from events alone. */
export interface ExecutionSummary {
  status: AnalyzedExecutionStatus;
  /** Epoch ms of ExecutionStarted; null when missing. */
  startDate: number | null;
  /** Epoch ms of the last terminal event; null while running. */
  stopDate: number | null;
  /** ExecutionStarted input, exactly as received (JSON string or parsed value). */
  input: unknown;
  /** ExecutionSucceeded output, exactly as received; null unless succeeded. */
  output: unknown;
  error: string | null;
  cause: string | null;
  /** Number of redrives (ExecutionRedriven events, or the logs' redrive_count). */
  redriveCount: number;
  executionArn: string | null;
  stateMachineAliasArn: string | null;
  stateMachineVersionArn: string | null;
  roleArn: string | null;
}

/** A payload (input/output/cause/parameters) as received, plus its JSON-decoded value. */
export interface DecodedPayload {
  /** Exactly as received. */
  raw: unknown;
  /** The parsed value when `raw` is a string holding JSON, else `raw` itself. */
  value: unknown;
  /** True when `raw` was a string that parsed as JSON. */
  parsed: boolean;
}
