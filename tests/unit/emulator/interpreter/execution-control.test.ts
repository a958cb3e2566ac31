// Retry timing, Catch, timeouts, StopExecution, redrive and Map/Parallel failure events, on a
// virtual clock (timestamps are emulated milliseconds).
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../../lib/emulator/interpreter/retry-policy.ts';
import { output, run, types } from './run-helper.ts';

const task = (extra: Record<string, unknown> = {}) => ({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...extra });

describe('Retry', () => {
  it('computes IntervalSeconds × BackoffRate^n capped by MaxDelaySeconds, with FULL jitter below it', () => {
    const r = { IntervalSeconds: 2, BackoffRate: 3, MaxDelaySeconds: 30 };
    expect([0, 1, 2, 3].map((n) => retryDelayMs(r, n))).toEqual([2000, 6000, 18000, 30000]);
    expect(retryDelayMs({}, 0)).toBe(1000);
    expect(retryDelayMs({ IntervalSeconds: 10, JitterStrategy: 'FULL' }, 1, () => 0.25)).toBe(5000);
  });

  it('waits the backoff between attempts and links each TaskScheduled to the failure', async () => {
    const r = await run(
      { StartAt: 'T', States: { T: task({ Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3 }] }) } },
      {},
      (req) => (req.callIndex < 3 ? { ok: false, error: 'Boom', cause: 'x' } : { ok: true, output: { done: true } }),
    );
    expect(r.outcome.status).toBe('SUCCEEDED');
    const scheduled = r.events.filter((e) => e.type === 'TaskScheduled');
    const failed = r.events.filter((e) => e.type === 'TaskFailed');
    expect(scheduled.map((e) => e.previousEventId)).toEqual([2, ...failed.map((e) => e.id)]);
    const gaps = failed.map((f, i) => (scheduled[i + 1]?.timestamp ?? 0) - f.timestamp);
    expect(gaps).toEqual([1000, 2000, 4000]);
    expect(r.requests.map((q) => q.callIndex)).toEqual([0, 1, 2, 3]);
  });

  it('never retries with MaxAttempts 0 and catches into the next state with the error object', async () => {
    const r = await run(
      {
        StartAt: 'T',
        States: {
          T: { ...task({ Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 0 }], Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.err', Next: 'H' }] }), End: undefined, Next: 'Done' },
          H: { Type: 'Pass', End: true },
          Done: { Type: 'Succeed' },
        },
      },
      { a: 1 },
      () => ({ ok: false, error: 'Lambda.Unknown', cause: 'bad' }),
    );
    expect(types(r.events)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'TaskStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expect(r.events[5]?.previousEventId).toBe(5);
    expect(output(r)).toEqual({ a: 1, err: { Error: 'Lambda.Unknown', Cause: 'bad' } });
  });
});

describe('timeouts', () => {
  it('times a task out after TimeoutSeconds (TaskTimedOut, States.Timeout, no cause)', async () => {
    const r = await run({ StartAt: 'T', States: { T: task({ TimeoutSeconds: 5 }) } }, {}, (req) => new Promise((resolve) => req.signal.addEventListener('abort', () => resolve({ ok: true, output: {} }))));
    expect(types(r.events).slice(-2)).toEqual(['TaskTimedOut', 'ExecutionFailed']);
    expect(r.outcome).toEqual({ status: 'FAILED', error: 'States.Timeout' });
    const started = r.events.find((e) => e.type === 'TaskStarted');
    expect((r.events.at(-2)?.timestamp ?? 0) - (started?.timestamp ?? 0)).toBe(5000);
  });

  it('ends the execution with ExecutionTimedOut after its TimeoutSeconds', async () => {
    const r = await run({ TimeoutSeconds: 3, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } });
    expect(types(r.events)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut']);
    expect(r.outcome.status).toBe('TIMED_OUT');
  });
});

describe('StopExecution', () => {
  it('writes ExecutionAborted with the stop error and cause', async () => {
    const stop = new AbortController();
    const r = await run({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } }, {}, undefined, {
      signal: stop.signal,
      onEvent: (e) => {
        if (e.type === 'WaitStateEntered') setImmediate(() => stop.abort({ error: 'Stopped', cause: 'by test' }));
      },
    });
    expect(types(r.events)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionAborted']);
    expect(r.events[2]?.details).toEqual({ error: 'Stopped', cause: 'by test' });
    expect(r.outcome.status).toBe('ABORTED');
  });
});

describe('redrive', () => {
  it('resumes at the failed state after ExecutionRedriven, ids continuing', async () => {
    const def = {
      StartAt: 'A',
      States: { A: { Type: 'Pass', Result: { n: 1 }, Next: 'B' }, B: task() },
    };
    const first = await run(def, {}, () => ({ ok: false, error: 'Flaky' }));
    expect(first.outcome.status).toBe('FAILED');
    const second = await run(def, {}, (req) => ({ ok: true, output: { call: req.callIndex } }), { redrive: { previousEvents: first.events, redriveCount: 1 } });
    const lastId = first.events.at(-1)?.id ?? 0;
    expect(second.events[0]).toMatchObject({ id: lastId + 1, type: 'ExecutionRedriven', details: { redriveCount: 1 } });
    // The failed Task continues without a new TaskStateEntered (redrive.test.ts has AWS's sequences).
    expect(types(second.events)).toEqual(['ExecutionRedriven', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(second.requests[0]?.parameters).toEqual({ n: 1 });
    expect(second.requests[0]?.callIndex).toBe(1);
  });
});

describe('Map and Parallel failures', () => {
  it('aborts the sibling iterations of a failed inline Map iteration', async () => {
    const r = await run(
      { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'T', States: { T: task() } }, End: true } } },
      [0, 1, 2],
      (req) => ((req.parameters as number) === 0 ? { ok: false, error: 'Bad' } : new Promise(() => undefined)),
    );
    const tail = types(r.events).slice(types(r.events).indexOf('TaskFailed'));
    expect(tail).toEqual(['TaskFailed', 'MapIterationFailed', 'TaskStateAborted', 'MapIterationAborted', 'TaskStateAborted', 'MapIterationAborted', 'TaskStateAborted', 'MapStateFailed', 'ExecutionFailed']);
    const failedId = r.events.find((e) => e.type === 'TaskFailed')?.id;
    expect(r.events.filter((e) => /Aborted|MapIterationFailed|MapStateFailed/.test(e.type)).every((e) => e.previousEventId === failedId)).toBe(true);
  });

  it('runs Parallel branches and writes ParallelStateSucceeded before Exited', async () => {
    const r = await run({
      StartAt: 'P',
      States: { P: { Type: 'Parallel', Branches: [1, 2].map((i) => ({ StartAt: `B${i}`, States: { [`B${i}`]: { Type: 'Pass', Result: i, End: true } } })), End: true } },
    });
    expect(output(r)).toEqual([1, 2]);
    const succeeded = r.events.find((e) => e.type === 'ParallelStateSucceeded');
    const exited = r.events.find((e) => e.type === 'ParallelStateExited');
    expect(exited?.previousEventId).toBe(succeeded?.previousEventId);
  });

  it('runs a Distributed Map in-process when the host has no runMapRun', async () => {
    const r = await run(
      { StartAt: 'D', States: { D: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }, End: true } } },
      [1, 2],
    );
    expect(types(r.events)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);
    expect(output(r)).toEqual([1, 2]);
  });
});
