// The contract between the emulator's two halves (DESIGN.md §2.4):
//  - the ASL interpreter (lib/emulator/interpreter/), which runs one execution and emits its
//    history events exactly as AWS writes them, and
//  - the server (lib/emulator/server/), which speaks the Step Functions and CloudWatch Logs wire
//    protocols, keeps state machines and executions, and supplies time, task results and
//    Map Run children to the interpreter through an ExecutionHost.
// Either side may ADD optional members; changing or removing one needs both sides updated.

/**
 * One history event as the interpreter emits it. `details` holds the contents of the
 * `<type>EventDetails` object (e.g. for TaskScheduled: resourceType, resource, region,
 * parameters); the server wraps it under the right key for GetExecutionHistory and writes it
 * unwrapped for CloudWatch Logs. Payload fields (input, output, parameters) are JSON *strings*,
 * as on the wire. `timestamp` is epoch milliseconds of the emulated clock.
 */
export interface EmittedEvent {
  id: number;
  previousEventId: number;
  type: string;
  timestamp: number;
  details?: Record<string, unknown>;
}

/**
 * Emulated time. With a time scale K > 1, `sleep(ms)` waits ms / K real milliseconds, while
 * `now()` advances K times faster than the wall clock from the emulator's start, so recorded
 * timestamps stay consistent with the waits and retry intervals they describe.
 */
export interface EmulatorClock {
  now(): number;
  /** Resolves after `ms` of emulated time; rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Optional fast path for timers that are nearly always cancelled (a task's TimeoutSeconds):
   * calls `callback` after `ms` of emulated time unless the returned function is called first.
   * Same timing as `sleep`, without the cost of an AbortController per timer. Without it the
   * interpreter uses `sleep`.
   */
  setTimer?(ms: number, callback: () => void): () => void;
}

/** One call of a Task state (an attempt): what the task resolver needs to answer it. */
export interface TaskRequest {
  executionArn: string;
  stateMachineArn: string;
  stateName: string;
  /** The state's Resource as written in the definition (including .sync / .waitForTaskToken). */
  resource: string;
  /** The resolved request (JSON value), as TaskScheduled.parameters shows it. */
  parameters: unknown;
  /**
   * Calls of this state so far in this execution, from 0: retries and Map iterations included.
   * Step Functions Local's mock configs key their responses by it ("0", "1-2", ...).
   */
  callIndex: number;
  /** The Step Functions Local test case the execution was started with (`<arn>#<TestCase>`). */
  testCase: string | null;
  /** Present for `.waitForTaskToken` resources. */
  taskToken?: string;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** Aborted when the attempt is cancelled (timeout, sibling failure, StopExecution). */
  signal: AbortSignal;
  /**
   * Set by the interpreter for `.sync` / `.waitForTaskToken` resources: a runner that knows the
   * submission response (e.g. SQS SendMessage's) calls it once, and TaskSubmitted is written at
   * that moment with it as output. When a run succeeds without calling it, the interpreter writes
   * TaskSubmitted (output `{}`) just before TaskSucceeded.
   */
  reportSubmitted?: (output: unknown) => void;
  /**
   * Set by the interpreter for activity tasks whose runner said (TaskRunner.writesActivityStarted)
   * that a worker takes them later: called once when a worker takes the task (GetActivityTask),
   * which writes ActivityStarted (with the worker's name, if it gave one) and starts the
   * HeartbeatSeconds clock.
   */
  reportStarted?: (details: { workerName?: string }) => void;
  /**
   * Set by the interpreter when the state has HeartbeatSeconds (callback, .sync and activity
   * tasks): restarts the heartbeat clock (SendTaskHeartbeat). Without heartbeats the task times
   * out HeartbeatSeconds after it started.
   */
  reportHeartbeat?: () => void;
}

export type TaskResult = { ok: true; output: unknown } | { ok: false; error: string; cause?: string };

export interface TaskRunner {
  run(request: TaskRequest): Promise<TaskResult>;
  /**
   * Activity tasks: true when a worker will take this task later (the runner then calls
   * request.reportStarted); absent or false, the interpreter writes ActivityStarted at once, as a
   * mocked or recorded answer needs. Asked synchronously, after ActivityScheduled.
   */
  writesActivityStarted?(request: TaskRequest): boolean;
}

/**
 * A JavaScript task implementation registered by resource ARN (the demo's "Lambda functions").
 * The server's TaskRunner tries, in order: the mock config's test case, a registered handler,
 * else States.TaskFailed naming the state.
 */
export type TaskHandler = (request: TaskRequest) => Promise<TaskResult>;

/** A Distributed Map's Map Run, handed to the host so its children are real executions. */
export interface MapRunRequest {
  parentExecutionArn: string;
  stateMachineArn: string;
  stateName: string;
  /** ItemProcessor as a standalone definition (StartAt + States [+ QueryLanguage]). */
  processorDefinition: Record<string, unknown>;
  executionType: 'STANDARD' | 'EXPRESS';
  items: unknown[];
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  label?: string;
  testCase: string | null;
  signal: AbortSignal;
  /**
   * RedriveExecution of the parent: redrive this earlier Map Run (AWS re-runs only its children
   * that did not succeed and keeps the others' results) instead of starting a new one.
   */
  redrive?: { mapRunArn: string };
}

export interface MapRunOutcome {
  mapRunArn: string;
  status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  /** Outputs of the children in item order (null where a child failed). */
  results: unknown[];
  error?: string;
  cause?: string;
}

export interface ExecutionHost {
  clock: EmulatorClock;
  tasks: TaskRunner;
  /** AWS region for TaskScheduled.region and ARNs. */
  region: string;
  /**
   * Runs a Map Run's child executions (registered by the host so ListExecutions/DescribeMapRun
   * see them). Without it the interpreter runs the children in-process, unregistered.
   * `onStarted` is called with the Map Run ARN before any child starts (MapRunStarted needs it).
   */
  runMapRun?(request: MapRunRequest, onStarted: (mapRunArn: string) => void): Promise<MapRunOutcome>;
  /**
   * Whether an activity ARN names an existing activity (or the state's calls are mocked, so none
   * is needed). With it, a Task on an activity that does not exist fails the execution with
   * States.Runtime before ActivityScheduled, as AWS does; without it (replays) every activity exists.
   */
  activityExists?(activityArn: string, stateName: string): boolean;
}

export interface RunExecutionRequest {
  executionArn: string;
  stateMachineArn: string;
  /** Parsed ASL. */
  definition: Record<string, unknown>;
  /** The execution input as the JSON text StartExecution received ("{}" when none). */
  input: string;
  roleArn: string;
  testCase: string | null;
  host: ExecutionHost;
  /**
   * StopExecution aborts it; `signal.reason` is `{ error?: string; cause?: string }` and the
   * interpreter ends the history with ExecutionAborted carrying them.
   */
  signal: AbortSignal;
  /** Called synchronously for every event, in id order. */
  emit(event: EmittedEvent): void;
  /**
   * RedriveExecution: the events recorded so far. The interpreter emits ExecutionRedriven and
   * resumes from the unsuccessful step (ids continue after the last one).
   */
  redrive?: { previousEvents: EmittedEvent[]; redriveCount: number };
}

export interface ExecutionOutcome {
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  /** JSON text. */
  output?: string;
  error?: string;
  cause?: string;
}
