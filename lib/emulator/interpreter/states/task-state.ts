// Task: resolves the request, asks the host's TaskRunner for the outcome and writes the event
// family AWS writes for the resource (Task*, LambdaFunction*, Activity*), with TimeoutSeconds and
// HeartbeatSeconds enforced on the emulated clock (→ *TimedOut, States.Timeout).
import { randomUUID } from 'node:crypto';
import type { EmulatorClock, TaskRequest, TaskResult } from '../../engine-contract.ts';
import { checkLane, emit, lanePayloadText, NOT_TRUNCATED, payloadText } from '../execution-context.ts';
import { evaluateTemplate } from '../jsonata-eval.ts';
import { dataLimitCause, exceedsPayloadLimit, StatePayloadLimitError } from '../payload-limit.ts';
import { applyInputPath, applyTemplate, finishJsonata, finishJsonPath, jsonataBindings, nextOf, readStatePath, type StateExecution, type StateResult } from '../state-execution.ts';
import { runtimeError, StateFailure, ThreadAborted } from '../states-error.ts';
import { parseResource, type TaskResource } from '../task-resource.ts';

/** AWS's default task timeout (TimeoutSeconds absent): 99999999 s. */
const DEFAULT_TIMEOUT_SECONDS = 99_999_999;

type Outcome = TaskResult | { timedOut: true };

/** Abort reason of a limit timer that is no longer needed (abort() without one builds a DOMException). */
const TIMER_CANCELLED = Object.freeze({ reason: 'task limit timer cancelled' });

/** TimeoutSeconds / HeartbeatSeconds or their *Path (paths may name variables or $$). */
function secondsFromPath(run: StateExecution, effective: unknown, field: 'TimeoutSeconds' | 'HeartbeatSeconds'): number | undefined {
  const s = run.state;
  const v = s[field];
  if (typeof v === 'number') return v;
  const path = s[`${field}Path`];
  if (typeof path !== 'string') return undefined;
  const r = readStatePath(run, effective, path);
  if (!r.found) throw runtimeError(run.name, run.enteredId, `Invalid path '${path}' : ${r.message}`);
  if (typeof r.value !== 'number' || !Number.isInteger(r.value) || r.value < 1) {
    throw runtimeError(run.name, run.enteredId, `The ${field}Path parameter does not reference a positive integer value: ${path} == ${JSON.stringify(r.value)}`);
  }
  return r.value;
}

async function secondsFromJsonata(run: StateExecution, field: 'TimeoutSeconds' | 'HeartbeatSeconds'): Promise<number | undefined> {
  const v = run.state[field];
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(await evaluateTemplate(v, jsonataBindings(run), field));
  return undefined;
}

/**
 * Arms the task's TimeoutSeconds/HeartbeatSeconds timer: calls `fire` with `{ timedOut }` when it
 * runs out, never once cancelled. Uses the clock's setTimer when it has one; the settling takes as
 * many microtask turns either way (sleep(...).then(...) vs a queued resolve), so a timeout
 * interleaves with sibling lanes identically.
 */
function armLimit(clock: EmulatorClock, ms: number, fire: (o: Outcome) => void): () => void {
  const setTimer = clock.setTimer;
  if (setTimer) return setTimer.call(clock, ms, () => queueMicrotask(() => fire({ timedOut: true })));
  const timerAbort = new AbortController();
  clock.sleep(ms, timerAbort.signal).then(
    () => fire({ timedOut: true }),
    () => undefined,
  );
  return () => timerAbort.abort(TIMER_CANCELLED);
}

/**
 * The task's time limit: TimeoutSeconds from the start of the attempt and, once the task has
 * started, HeartbeatSeconds from the start or the last heartbeat, whichever runs out first. One
 * timer is armed at a time (re-armed when a heartbeat or a worker's start moves the deadline).
 */
class TaskLimit {
  readonly fired: Promise<Outcome>;
  private fire: (o: Outcome) => void = () => undefined;
  private cancelTimer: () => void;
  /** Emulated ms; only tracked when there is a heartbeat clock to restart (the common task has none). */
  private timeoutAt = Infinity;
  private deadline = Infinity;
  private done = false;

  constructor(
    private readonly clock: EmulatorClock,
    timeoutSeconds: number,
    private readonly heartbeatSeconds: number | undefined,
    heartbeatRunning: boolean,
  ) {
    this.fired = new Promise<Outcome>((resolve) => {
      this.fire = resolve;
    });
    // The first timer's length is min(timeout, heartbeat) exactly (not a difference of clock
    // readings), so a run without heartbeats times out at the same instant as before.
    const firstSeconds = heartbeatRunning && heartbeatSeconds !== undefined ? Math.min(timeoutSeconds, heartbeatSeconds) : timeoutSeconds;
    this.cancelTimer = armLimit(clock, firstSeconds * 1000, this.fire);
    if (heartbeatSeconds !== undefined) {
      const now = clock.now();
      this.timeoutAt = now + timeoutSeconds * 1000;
      this.deadline = now + firstSeconds * 1000;
    }
  }

  /** The task started or sent a heartbeat: the heartbeat clock restarts now. */
  beat(): void {
    if (this.done || this.heartbeatSeconds === undefined) return;
    const deadline = Math.min(this.timeoutAt, this.clock.now() + this.heartbeatSeconds * 1000);
    if (deadline === this.deadline) return;
    this.deadline = deadline;
    this.cancelTimer();
    this.cancelTimer = armLimit(this.clock, Math.max(0, deadline - this.clock.now()), this.fire);
  }

  cancel(): void {
    this.done = true;
    this.cancelTimer();
  }
}

function scheduledDetails(
  run: StateExecution,
  res: TaskResource,
  params: unknown,
  timeout: number | undefined,
  heartbeat: number | undefined,
  creds: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  if (res.family === 'Task') {
    d.resourceType = res.resourceType;
    d.resource = res.resource;
    d.region = run.exec.host.region;
    d.parameters = lanePayloadText(run.lane, params);
  } else {
    d.resource = res.resource;
    d.input = lanePayloadText(run.lane, params);
    d.inputDetails = NOT_TRUNCATED;
  }
  if (timeout !== undefined) d.timeoutInSeconds = timeout;
  if (heartbeat !== undefined && res.family !== 'LambdaFunction') d.heartbeatInSeconds = heartbeat;
  if (creds !== undefined) d.taskCredentials = creds;
  return d;
}

function ids(res: TaskResource): Record<string, unknown> {
  return res.family === 'Task' ? { resourceType: res.resourceType, resource: res.resource } : {};
}

export async function runTaskState(run: StateExecution): Promise<StateResult> {
  const { exec, lane, state: s } = run;
  const resourceArn = String(s.Resource ?? '');
  const res = parseResource(resourceArn);
  // $$.Task.Token exists for callback and .sync integrations (a .sync call may pass it on).
  const token = res.pattern !== 'request-response' ? randomUUID() : undefined;
  const taskContext = token ? { Task: { Token: token } } : undefined;
  // AWS checks the activity before scheduling it (a deleted activity writes no ActivityScheduled).
  const activityExists = exec.host.activityExists;
  if (res.family === 'Activity' && activityExists && !activityExists.call(exec.host, resourceArn, run.name)) {
    throw runtimeError(run.name, run.enteredId, `The activity ${resourceArn} does not exist.`);
  }

  // JSONPath requests are resolved without awaiting: an await here would let sibling lanes
  // write their events in between, which AWS's interleaving does not show.
  let params: unknown;
  let timeout: number | undefined;
  let heartbeat: number | undefined;
  let creds: Record<string, unknown> | undefined;
  if (run.ql === 'JSONata') {
    const b = jsonataBindings(run, { context: taskContext });
    params = s.Arguments === undefined ? run.input : await evaluateTemplate(s.Arguments, b, 'Arguments');
    timeout = await secondsFromJsonata(run, 'TimeoutSeconds');
    heartbeat = await secondsFromJsonata(run, 'HeartbeatSeconds');
    if (s.Credentials !== undefined && s.Credentials !== null) creds = (await evaluateTemplate(s.Credentials, b, 'Credentials')) as Record<string, unknown>;
  } else {
    const effective = applyInputPath(run, run.input);
    params = s.Parameters === undefined ? effective : applyTemplate(run, s.Parameters, effective, taskContext);
    timeout = secondsFromPath(run, effective, 'TimeoutSeconds');
    heartbeat = secondsFromPath(run, effective, 'HeartbeatSeconds');
    if (s.Credentials !== undefined && s.Credentials !== null) creds = applyTemplate(run, s.Credentials, effective, taskContext) as Record<string, unknown>;
  }

  // The request is the state's input after Parameters: over the quota, the task is never scheduled.
  if (exceedsPayloadLimit(lanePayloadText(lane, params))) throw new StatePayloadLimitError(run.name);

  const family = res.family;
  const callIndex = exec.callCounts.get(run.name) ?? 0;
  exec.callCounts.set(run.name, callIndex + 1);

  const scheduledId = emit(exec, lane, `${family}Scheduled`, lane.prev, scheduledDetails(run, res, params, timeout, heartbeat, creds));
  lane.prev = scheduledId;
  // AWS starts the task after scheduling it; yielding here lets sibling lanes (Map iterations,
  // Parallel branches) schedule theirs first, which is the interleaving AWS histories show.
  await Promise.resolve();
  checkLane(exec, lane);

  // The attempt's AbortSignal is made only when the task runner reads it (a mocked response never
  // does): AbortControllers are among the costliest objects of an execution.
  let attempt: AbortController | undefined;
  let attemptAborted: { reason: unknown } | undefined;
  const attemptSignal = (): AbortSignal => {
    if (!attempt) {
      attempt = new AbortController();
      if (attemptAborted) attempt.abort(attemptAborted.reason);
    }
    return attempt.signal;
  };
  const abortAttempt = (reason: unknown): void => {
    if (attemptAborted) return;
    attemptAborted = { reason };
    attempt?.abort(reason);
  };
  const onLaneAbort = () => abortAttempt(lane.controller.signal.reason);
  lane.controller.signal.addEventListener('abort', onLaneAbort, { once: true });
  let submitted = false;
  const submit = (output: unknown) => {
    if (submitted || attemptAborted) return;
    submitted = true;
    lane.prev = emit(exec, lane, 'TaskSubmitted', lane.prev, { ...ids(res), output: payloadText(output), outputDetails: NOT_TRUNCATED });
  };
  const request = {
    executionArn: exec.request.executionArn,
    stateMachineArn: exec.request.stateMachineArn,
    stateName: run.name,
    resource: resourceArn,
    parameters: params,
    callIndex,
    testCase: exec.request.testCase,
  } as TaskRequest;
  Object.defineProperty(request, 'signal', { get: attemptSignal, enumerable: true, configurable: true });
  if (token && res.pattern === 'callback') request.taskToken = token;
  if (timeout !== undefined) request.timeoutSeconds = timeout;
  if (heartbeat !== undefined) request.heartbeatSeconds = heartbeat;
  if (res.pattern !== 'request-response' && family === 'Task') request.reportSubmitted = submit;
  // An activity task's token is what its worker answers with (SendTaskSuccess/Failure/Heartbeat).
  if (family === 'Activity') request.taskToken = token ?? randomUUID();

  // An activity that a worker takes later is started by the worker (ActivityStarted then).
  const deferStart = family === 'Activity' && exec.host.tasks.writesActivityStarted?.(request) === true;
  let started = !deferStart;
  if (started) lane.prev = emit(exec, lane, `${family}Started`, lane.prev, family === 'Task' ? ids(res) : undefined);

  const usesHeartbeat = heartbeat !== undefined && (res.pattern !== 'request-response' || family === 'Activity');
  const limit = new TaskLimit(exec.host.clock, timeout ?? DEFAULT_TIMEOUT_SECONDS, usesHeartbeat ? heartbeat : undefined, started);
  const writeStarted = (details: { workerName?: string }): void => {
    if (started || attemptAborted || lane.aborted || exec.log.closed) return;
    started = true;
    lane.prev = emit(exec, lane, 'ActivityStarted', lane.prev, details.workerName === undefined ? {} : { workerName: details.workerName });
    limit.beat();
  };
  if (deferStart) request.reportStarted = writeStarted;
  if (usesHeartbeat) {
    request.reportHeartbeat = () => {
      if (started && !attemptAborted) limit.beat();
    };
  }
  const limits: Promise<Outcome>[] = [limit.fired];
  let outcome: Outcome;
  try {
    const call = Promise.resolve()
      .then(() => exec.host.tasks.run(request))
      .catch((e: unknown): TaskResult => ({ ok: false, error: 'States.TaskFailed', cause: e instanceof Error ? e.message : String(e) }));
    let onAbortRace: (() => void) | undefined;
    const laneAborted = new Promise<never>((_, reject) => {
      if (lane.controller.signal.aborted) reject(new ThreadAborted());
      onAbortRace = () => reject(new ThreadAborted());
      lane.controller.signal.addEventListener('abort', onAbortRace, { once: true });
    });
    try {
      outcome = await Promise.race([call, laneAborted, ...limits]);
    } finally {
      // Left in place, these listeners would pile up on the lane until the execution ends.
      if (onAbortRace) lane.controller.signal.removeEventListener('abort', onAbortRace);
    }
  } finally {
    limit.cancel();
    lane.controller.signal.removeEventListener('abort', onLaneAbort);
  }
  checkLane(exec, lane);
  // An answer that came without the worker's start (a runner that changed its mind) still has one.
  if (!started && !('timedOut' in outcome)) writeStarted({});
  if ('timedOut' in outcome) {
    abortAttempt(new Error('timed out'));
    const id = emit(exec, lane, `${family}TimedOut`, lane.prev, { ...ids(res), error: 'States.Timeout' });
    throw new StateFailure('States.Timeout', undefined, id);
  }
  if (!outcome.ok) {
    // SendTaskFailure may leave the error out (''): the event then has none, as a Fail state's.
    const d: Record<string, unknown> = { ...ids(res) };
    if (outcome.error !== '') d.error = outcome.error;
    if (outcome.cause !== undefined) d.cause = outcome.cause;
    const id = emit(exec, lane, `${family}Failed`, lane.prev, d);
    throw new StateFailure(outcome.error, outcome.cause, id);
  }
  if (!submitted && res.pattern !== 'request-response' && family === 'Task') submit({});
  // A result over the quota fails the task (TaskFailed names the resource type, as AWS's does).
  if (exceedsPayloadLimit(lanePayloadText(lane, outcome.output))) {
    const cause = dataLimitCause(res.family === 'Task' ? res.resourceType : res.resource);
    const id = emit(exec, lane, `${family}Failed`, lane.prev, { ...ids(res), error: 'States.DataLimitExceeded', cause });
    throw new StateFailure('States.DataLimitExceeded', cause, id);
  }
  lane.prev = emit(exec, lane, `${family}Succeeded`, lane.prev, { ...ids(res), output: lanePayloadText(lane, outcome.output), outputDetails: NOT_TRUNCATED });
  const result = outcome.output;
  if (run.ql === 'JSONata') {
    const done = await finishJsonata(run, result, jsonataBindings(run, { result, context: taskContext }));
    return { ...done, next: nextOf(s) };
  }
  return { ...finishJsonPath(run, run.input, result, { selector: true }), next: nextOf(s) };
}
