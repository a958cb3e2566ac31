// The interpreter's side of callbacks and activities, on a virtual clock (exact emulated times):
// HeartbeatSeconds restarted by reportHeartbeat, capped by TimeoutSeconds; activities whose runner
// defers ActivityStarted to a worker; a missing activity failing before ActivityScheduled.
import { describe, expect, it } from 'vitest';
import type { EmittedEvent, ExecutionHost, TaskRequest, TaskResult } from '../../../../lib/emulator/engine-contract.ts';
import { runExecution } from '../../../../lib/emulator/interpreter/index.ts';
import { VirtualClock } from '../../../../lib/emulator/virtual-clock.ts';
import { run, types } from './run-helper.ts';

const T0 = Date.UTC(2024, 0, 1);
const CALLBACK = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';
const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:review';

const callbackTask = (fields: Record<string, unknown>) => ({
  StartAt: 'Wait',
  States: { Wait: { Type: 'Task', Resource: CALLBACK, Parameters: { 'Token.$': '$$.Task.Token' }, ...fields, End: true } },
});

/** A runner that sends heartbeats at the given emulated seconds after the call, then answers (or never). */
function beating(clock: VirtualClock, beatsAt: number[], answerAt: number | null): (r: TaskRequest) => Promise<TaskResult> {
  return async (request) => {
    const started = clock.now();
    for (const at of beatsAt) {
      await clock.sleep(started + at * 1000 - clock.now());
      request.reportHeartbeat?.();
    }
    if (answerAt === null) return new Promise<TaskResult>(() => undefined);
    await clock.sleep(started + answerAt * 1000 - clock.now());
    return { ok: true, output: { token: (request.parameters as { Token: string }).Token } };
  };
}

const at = (events: EmittedEvent[], type: string): number => ((events.find((e) => e.type === type)?.timestamp ?? NaN) - T0) / 1000;

describe('task tokens: heartbeats and timeouts', () => {
  it('heartbeats keep a callback task alive past HeartbeatSeconds; the token is the one in $$.Task.Token', async () => {
    const clock = new VirtualClock(T0);
    const r = await run(callbackTask({ HeartbeatSeconds: 10 }), {}, beating(clock, [8, 16, 24], 30), { clock });
    expect(types(r.events)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(at(r.events, 'TaskSucceeded')).toBe(30);
    expect(JSON.parse(r.outcome.output ?? '{}').token).toBe(r.requests[0]?.taskToken);
  });

  it('without a heartbeat for HeartbeatSeconds the task times out that long after the last one', async () => {
    const clock = new VirtualClock(T0);
    const r = await run(callbackTask({ HeartbeatSeconds: 10 }), {}, beating(clock, [4, 7], null), { clock });
    expect(types(r.events).slice(-2)).toEqual(['TaskTimedOut', 'ExecutionFailed']);
    expect(at(r.events, 'TaskTimedOut')).toBe(17);
    expect(r.outcome.error).toBe('States.Timeout');
  });

  it('TimeoutSeconds ends the task however often it beats', async () => {
    const clock = new VirtualClock(T0);
    const r = await run(callbackTask({ HeartbeatSeconds: 10, TimeoutSeconds: 25 }), {}, beating(clock, [5, 10, 15, 20, 24], 40), { clock });
    expect(at(r.events, 'TaskTimedOut')).toBe(25);
  });

  it('a request-response task has no heartbeat clock to restart', async () => {
    const r = await run({ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', HeartbeatSeconds: 5, End: true } } });
    expect(r.requests[0]?.reportHeartbeat).toBeUndefined();
    expect(r.requests[0]?.taskToken).toBeUndefined();
  });
});

describe('activities', () => {
  /** The server's contract: the runner defers ActivityStarted, a "worker" calls reportStarted later. */
  async function activityRun(definition: Record<string, unknown>, worker: (r: TaskRequest, clock: VirtualClock) => Promise<TaskResult>, exists = true) {
    const clock = new VirtualClock(T0);
    const events: EmittedEvent[] = [];
    const host: ExecutionHost = {
      clock,
      region: 'us-east-1',
      tasks: { run: (r) => worker(r, clock), writesActivityStarted: () => true },
      activityExists: () => exists,
    };
    const outcome = await runExecution({
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:M:e1',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:M',
      definition,
      input: '{"x":1}',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      testCase: null,
      host,
      signal: new AbortController().signal,
      emit: (e) => events.push(e),
    });
    return { outcome, events };
  }
  const activity = (fields: Record<string, unknown> = {}) => ({ StartAt: 'Review', States: { Review: { Type: 'Task', Resource: ACTIVITY, ...fields, End: true } } });

  it('ActivityStarted is written when the worker takes the task, with its name; heartbeats count from then', async () => {
    const { events, outcome } = await activityRun(activity({ HeartbeatSeconds: 10 }), async (r, clock) => {
      expect(r.taskToken).toMatch(/^[0-9a-f-]{36}$/);
      await clock.sleep(50_000); // queued for 50 s: longer than HeartbeatSeconds, which has not started
      r.reportStarted?.({ workerName: 'w-1' });
      await clock.sleep(8_000);
      r.reportHeartbeat?.();
      await clock.sleep(8_000);
      return { ok: true, output: { done: true } };
    });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(types(events)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'ActivityScheduled', 'ActivityStarted', 'ActivitySucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(events[3]?.details).toEqual({ workerName: 'w-1' });
    expect(at(events, 'ActivityStarted')).toBe(50);
  });

  it('TimeoutSeconds counts from scheduling: a task no worker takes times out without ActivityStarted', async () => {
    const { events } = await activityRun(activity({ TimeoutSeconds: 30 }), () => new Promise<TaskResult>(() => undefined));
    expect(types(events)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'ActivityScheduled', 'ActivityTimedOut', 'ExecutionFailed']);
    expect(at(events, 'ActivityTimedOut')).toBe(30);
  });

  it('a worker that fails the task without an error writes ActivityFailed without one', async () => {
    const { events, outcome } = await activityRun(activity(), async (r) => {
      r.reportStarted?.({});
      return { ok: false, error: '', cause: 'no reason' };
    });
    expect(events[3]).toMatchObject({ type: 'ActivityStarted', details: {} });
    expect(events[4]).toMatchObject({ type: 'ActivityFailed', details: { cause: 'no reason' } });
    expect(events[4]?.details).not.toHaveProperty('error');
    expect(outcome.status).toBe('FAILED');
  });

  it('an activity that does not exist fails the execution with States.Runtime before ActivityScheduled', async () => {
    const { events, outcome } = await activityRun(activity(), async () => ({ ok: true, output: {} }), false);
    expect(types(events)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'ExecutionFailed']);
    expect(outcome).toMatchObject({
      error: 'States.Runtime',
      cause: `An error occurred while executing the state 'Review' (entered at the event id #2). The activity ${ACTIVITY} does not exist.`,
    });
  });
});
