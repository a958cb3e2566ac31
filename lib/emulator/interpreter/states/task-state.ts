// Task: resolves the request, asks the host's TaskRunner for the outcome and writes the event
// family AWS writes for the resource (Task*, LambdaFunction*, Activity*), with TimeoutSeconds and
// HeartbeatSeconds enforced on the emulated clock (→ *TimedOut, States.Timeout).
import { randomUUID } from 'node:crypto';
import type { EmulatorClock, TaskRequest, TaskResult } from '../../engine-contract.ts';
import { checkLane, emit, lanePayloadText, NOT_TRUNCATED, payloadText } from '../execution-context.ts';
import { evaluateTemplate } from '../jsonata-eval.ts';
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
 * The task's TimeoutSeconds/HeartbeatSeconds timer: `fired` resolves with `{ timedOut }` when it
 * runs out and never settles once cancelled. Uses the clock's setTimer when it has one; the
 * settling takes as many microtask turns either way (sleep(...).then(...) vs a queued resolve), so
 * a timeout interleaves with sibling lanes identically.
 */
function limitTimer(clock: EmulatorClock, ms: number): { fired: Promise<Outcome>; cancel: () => void } {
  const setTimer = clock.setTimer;
  if (setTimer) {
    let cancel: () => void = () => undefined;
    const fired = new Promise<Outcome>((resolve) => {
      cancel = setTimer.call(clock, ms, () => queueMicrotask(() => resolve({ timedOut: true })));
    });
    return { fired, cancel };
  }
  const timerAbort = new AbortController();
  const fired = clock.sleep(ms, timerAbort.signal).then(
    (): Outcome => ({ timedOut: true }),
    () => new Promise<Outcome>(() => undefined),
  );
  return { fired, cancel: () => timerAbort.abort(TIMER_CANCELLED) };
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

  const family = res.family;
  const callIndex = exec.callCounts.get(run.name) ?? 0;
  exec.callCounts.set(run.name, callIndex + 1);

  const scheduledId = emit(exec, lane, `${family}Scheduled`, lane.prev, scheduledDetails(run, res, params, timeout, heartbeat, creds));
  lane.prev = scheduledId;
  // AWS starts the task after scheduling it; yielding here lets sibling lanes (Map iterations,
  // Parallel branches) schedule theirs first, which is the interleaving AWS histories show.
  await Promise.resolve();
  checkLane(exec, lane);
  lane.prev = emit(exec, lane, `${family}Started`, lane.prev, family === 'Task' ? ids(res) : undefined);

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

  const limitSeconds = Math.min(timeout ?? DEFAULT_TIMEOUT_SECONDS, res.pattern !== 'request-response' || family === 'Activity' ? (heartbeat ?? Infinity) : Infinity);
  const limit = limitTimer(exec.host.clock, limitSeconds * 1000);
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
  if ('timedOut' in outcome) {
    abortAttempt(new Error('timed out'));
    const id = emit(exec, lane, `${family}TimedOut`, lane.prev, { ...ids(res), error: 'States.Timeout' });
    throw new StateFailure('States.Timeout', undefined, id);
  }
  if (!outcome.ok) {
    const d: Record<string, unknown> = { ...ids(res), error: outcome.error };
    if (outcome.cause !== undefined) d.cause = outcome.cause;
    const id = emit(exec, lane, `${family}Failed`, lane.prev, d);
    throw new StateFailure(outcome.error, outcome.cause, id);
  }
  if (!submitted && res.pattern !== 'request-response' && family === 'Task') submit({});
  lane.prev = emit(exec, lane, `${family}Succeeded`, lane.prev, { ...ids(res), output: lanePayloadText(lane, outcome.output), outputDetails: NOT_TRUNCATED });
  const result = outcome.output;
  if (run.ql === 'JSONata') {
    const done = await finishJsonata(run, result, jsonataBindings(run, { result, context: taskContext }));
    return { ...done, next: nextOf(s) };
  }
  return { ...finishJsonPath(run, run.input, result, { selector: true }), next: nextOf(s) };
}
