// One execution from ExecutionStarted to its terminal event (or, for a redrive, from
// ExecutionRedriven). Stop requests and the execution TimeoutSeconds end it at once: the
// terminal event is written immediately and every running lane is cancelled.
import type { ExecutionOutcome, RunExecutionRequest } from '../engine-contract.ts';
import { EventLog } from './event-log.ts';
import { newLane, NOT_TRUNCATED, type ExecutionContext, type Lane, type MachineRunOptions } from './execution-context.ts';
import type { MachineDef, QueryLanguage } from './machine-def.ts';
import { planRedrive } from './redrive.ts';
import { runMachine } from './run-states.ts';
import { StateFailure, StatesError, ThreadAborted } from './states-error.ts';
import { VariableScope } from './variable-scope.ts';

/** Abort reason of the execution timer once the run has ended (abort() without one builds a DOMException). */
const TIMER_CANCELLED = Object.freeze({ reason: 'execution timer cancelled' });

type Ending = { kind: 'stopped'; error?: string; cause?: string } | { kind: 'timedOut' };

function parseInput(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function runExecution(request: RunExecutionRequest): Promise<ExecutionOutcome> {
  const { host, definition } = request;
  const redrive = request.redrive;
  const firstId = redrive ? redrive.previousEvents.reduce((m, e) => Math.max(m, e.id), 0) + 1 : 1;
  const log = new EventLog(request.emit, host.clock, firstId);
  const input = parseInput(request.input);
  const arnParts = request.executionArn.split(':');
  const smParts = request.stateMachineArn.split(':');
  const stop = new AbortController();
  const exec: ExecutionContext = {
    request,
    host,
    log,
    callCounts: new Map(),
    executionName: arnParts[arnParts.length - 1] ?? '',
    stateMachineName: smParts[6] ?? '',
    startTime: new Date(host.clock.now()).toISOString(),
    input,
    redriveCount: redrive?.redriveCount ?? 0,
    signal: stop.signal,
    runMachine,
  };
  const machine = definition as unknown as MachineDef;
  const ql: QueryLanguage = machine.QueryLanguage ?? 'JSONPath';
  const scope = new VariableScope();

  let lane: Lane;
  let options: MachineRunOptions = {};
  if (redrive) {
    const plan = planRedrive(redrive.previousEvents, machine);
    exec.startTime = plan.startTime ?? exec.startTime;
    exec.redriveTime = new Date(host.clock.now()).toISOString();
    scope.assign(plan.variables);
    exec.callCounts = plan.callCounts;
    // As recorded on AWS: ExecutionRedriven links to the attempt's terminal event.
    const id = log.add('ExecutionRedriven', firstId - 1, { redriveCount: redrive.redriveCount });
    lane = newLane(id, stop.signal);
    options = { resume: plan.top };
  } else {
    log.add('ExecutionStarted', 0, { input: request.input.trim() === '' ? '{}' : request.input, inputDetails: NOT_TRUNCATED, roleArn: request.roleArn });
    lane = newLane(0, stop.signal);
  }

  // Stop and timeout race the machine; whichever comes first writes the terminal event.
  let settle: (e: Ending) => void = () => undefined;
  const ended = new Promise<Ending>((resolve) => {
    settle = resolve;
  });
  const onStop = () => {
    const reason = request.signal.reason as { error?: string; cause?: string } | undefined;
    const e: Ending = { kind: 'stopped' };
    if (reason && typeof reason === 'object') {
      if (typeof reason.error === 'string') e.error = reason.error;
      if (typeof reason.cause === 'string') e.cause = reason.cause;
    }
    settle(e);
  };
  if (request.signal.aborted) onStop();
  else request.signal.addEventListener('abort', onStop, { once: true });
  const timeoutSeconds = typeof definition.TimeoutSeconds === 'number' ? definition.TimeoutSeconds : undefined;
  const timerAbort = timeoutSeconds === undefined ? undefined : new AbortController();
  if (timeoutSeconds !== undefined && timerAbort) {
    host.clock.sleep(timeoutSeconds * 1000, timerAbort.signal).then(
      () => settle({ kind: 'timedOut' }),
      () => undefined,
    );
  }

  const work = exec.runMachine(exec, machine, input, lane, scope, ql, options).then(
    (output) => ({ kind: 'done' as const, output }),
    (e: unknown) => ({ kind: 'failed' as const, e }),
  );
  const result = await Promise.race([work, ended]);
  timerAbort?.abort(TIMER_CANCELLED);
  request.signal.removeEventListener('abort', onStop);

  const finish = (type: string, prev: number, details: Record<string, unknown>): void => {
    log.add(type, prev, details);
    log.closed = true;
    stop.abort(new ThreadAborted());
  };
  if (result.kind === 'done') {
    const output = JSON.stringify(result.output === undefined ? null : result.output);
    finish('ExecutionSucceeded', lane.prev, { output, outputDetails: NOT_TRUNCATED });
    return { status: 'SUCCEEDED', output };
  }
  if (result.kind === 'failed') {
    const e = result.e;
    let error: string;
    let cause: string | undefined;
    let prev = log.lastId;
    if (e instanceof StateFailure) {
      error = e.error;
      cause = e.errorCause;
      prev = e.eventId;
    } else if (e instanceof StatesError) {
      error = e.error;
      cause = e.errorCause;
    } else {
      error = 'States.Runtime';
      cause = e instanceof Error ? e.message : String(e);
    }
    const details: Record<string, unknown> = {};
    if (error !== '') details.error = error;
    if (cause !== undefined) details.cause = cause;
    finish('ExecutionFailed', prev, details);
    // A Fail state without Error has no error: DescribeExecution then leaves the field out, as AWS does.
    const out: ExecutionOutcome = { status: 'FAILED' };
    if (error !== '') out.error = error;
    if (cause !== undefined) out.cause = cause;
    return out;
  }
  if (result.kind === 'timedOut') {
    finish('ExecutionTimedOut', log.lastId, { error: 'States.Timeout' });
    return { status: 'TIMED_OUT', error: 'States.Timeout' };
  }
  const details: Record<string, unknown> = {};
  if (result.error !== undefined) details.error = result.error;
  if (result.cause !== undefined) details.cause = result.cause;
  // AWS's recorded ExecutionAborted links to no event (previousEventId 0).
  finish('ExecutionAborted', 0, details);
  const out: ExecutionOutcome = { status: 'ABORTED' };
  if (result.error !== undefined) out.error = result.error;
  if (result.cause !== undefined) out.cause = result.cause;
  return out;
}
