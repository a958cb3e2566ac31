// replayRecording (steplens replay, Try a fix, the corpus harness): histories recorded from the
// interpreter with scripted task answers — retries with backoff, interleaved Map iterations,
// Parallel branches, a wait of a day, timeouts, a stop, a still-running execution, a redrive —
// are reproduced event for event from their test case alone; an altered recording is not (the
// difference names the event); a changed definition runs the recorded outcomes to its own end.
import { describe, expect, it } from 'vitest';
import { replayRecording, type Recording } from '../../../lib/api/executions/replay-recording.ts';
import type { EmittedEvent, TaskRequest, TaskResult } from '../../../lib/emulator/engine-contract.ts';
import { toHistoryEvent } from '../../../lib/emulator/server/history-wire.ts';
import { parseHistory } from '../../../lib/history/index.ts';
import { run, type Answer } from '../emulator/interpreter/run-helper.ts';

const EXECUTION = 'arn:aws:states:us-east-1:123456789012:execution:M:e1';
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:M';

function recordingOf(definition: Record<string, unknown>, events: EmittedEvent[]): Recording {
  return { executionArn: EXECUTION, stateMachineArn: MACHINE, definition, events: parseHistory({ events: events.map((e) => toHistoryEvent(e)) }).events };
}

async function record(definition: Record<string, unknown>, input: unknown, answer: Answer, options: Parameters<typeof run>[3] = {}): Promise<Recording> {
  return recordingOf(definition, (await run(definition, input, answer, options)).events);
}

const lambda = 'arn:aws:states:::lambda:invoke';

const orders = {
  StartAt: 'Validate',
  States: {
    Validate: { Type: 'Task', Resource: lambda, Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 3 }], Next: 'Lines' },
    Lines: {
      Type: 'Map',
      ItemsPath: '$.Payload.lines',
      ItemProcessor: { StartAt: 'Price', States: { Price: { Type: 'Task', Resource: lambda, End: true } } },
      Next: 'Both',
    },
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Reserve', States: { Reserve: { Type: 'Task', Resource: lambda, TimeoutSeconds: 5, Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Late' }], End: true }, Late: { Type: 'Pass', End: true } } },
        { StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 86_400, Next: 'Notify' }, Notify: { Type: 'Task', Resource: lambda, End: true } } },
      ],
      Next: 'Charge',
    },
    Charge: { Type: 'Task', Resource: lambda, End: true },
  },
};

/** Validate is busy twice, Price answers each line (line 2 slower), Reserve never answers (times out), Charge declines. */
const ordersAnswer: Answer = (() => {
  let validateCalls = 0;
  return async (request: TaskRequest): Promise<TaskResult> => {
    if (request.stateName === 'Validate') return validateCalls++ < 2 ? { ok: false, error: 'Busy', cause: 'try later' } : { ok: true, output: { Payload: { lines: [1, 2, 3] } } };
    if (request.stateName === 'Price') {
      const line = (request.parameters as { Payload?: number } | undefined)?.Payload;
      if (line === 2) await new Promise((resolve) => setTimeout(resolve, 5));
      return { ok: true, output: { line, price: 10 } };
    }
    if (request.stateName === 'Reserve') return new Promise<TaskResult>((resolve) => request.signal.addEventListener('abort', () => resolve({ ok: false, error: 'cancelled' })));
    if (request.stateName === 'Charge') return { ok: false, error: 'Card.Declined', cause: '{"code":51}' };
    return { ok: true, output: {} };
  };
})();

describe('replayRecording', () => {
  it('reproduces retries, Map iterations, Parallel branches, a timeout and a day-long wait, event for event', async () => {
    const recording = await record(orders, { order: 7 }, ordersAnswer);
    expect(recording.events.at(-1)?.type).toBe('ExecutionFailed');
    const started = Date.now();
    const report = await replayRecording(recording);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(report.firstDifference).toBeNull();
    expect(report.reproduced).toBe(true);
    expect(report.status).toBe('FAILED');
    expect(report.events.map((e) => e.type)).toEqual(recording.events.map((e) => e.type));
    expect(report.testCase.outcomes.byState.Validate).toHaveLength(3);
    expect(report.testCase.outcomes.byState.Reserve).toEqual([{ TimedOut: { Error: 'States.Timeout' } }]);
  });

  it('says where an altered recording differs', async () => {
    const recording = await record(orders, { order: 7 }, ordersAnswer);
    // The recording claims Validate failed a third time: answered so, the replay retries once more
    // where the recording goes on to the Map.
    const altered = recording.events.find((e) => e.type === 'TaskSucceeded');
    if (!altered || altered.id === null) throw new Error('no TaskSucceeded recorded');
    const events = recording.events.map((e) => (e === altered ? { ...e, type: 'TaskFailed', details: { error: 'Busy' } } : e));
    const report = await replayRecording({ ...recording, events });
    expect(report.reproduced).toBe(false);
    expect(report.firstDifference).toMatchObject({ eventId: altered.id + 1, field: 'type', expected: { type: 'TaskStateExited' }, got: { type: 'TaskScheduled' } });
  });

  it('runs the recorded outcomes against a changed definition: a Catch on Charge makes it succeed', async () => {
    const recording = await record(orders, { order: 7 }, ordersAnswer);
    const fixed = structuredClone(orders) as { StartAt: string; States: Record<string, unknown> };
    fixed.States.Charge = { Type: 'Task', Resource: lambda, Catch: [{ ErrorEquals: ['Card.Declined'], Next: 'Declined' }], End: true };
    fixed.States.Declined = { Type: 'Pass', End: true };
    const report = await replayRecording(recording, { definition: fixed });
    expect(report.changedDefinition).toBe(true);
    expect(report.status).toBe('SUCCEEDED');
    expect(report.reproduced).toBe(false);
    expect(report.firstDifference).toMatchObject({ field: 'type', expected: { type: 'ExecutionFailed' }, got: { type: 'TaskStateExited', stateName: 'Charge' } });
  });

  it('fails calls the recording does not have with States.TaskFailed, as a mock config does past its last key', async () => {
    const recording = await record(orders, { order: 7 }, ordersAnswer);
    const more = structuredClone(orders) as { StartAt: string; States: Record<string, unknown> };
    more.States.Charge = { Type: 'Task', Resource: lambda, Retry: [{ ErrorEquals: ['Card.Declined'], MaxAttempts: 1 }], End: true };
    const report = await replayRecording(recording, { definition: more });
    const last = report.events.at(-1);
    expect(last?.type).toBe('ExecutionFailed');
    expect(last?.details).toMatchObject({ error: 'States.TaskFailed', cause: "The recording has no call 1 of state 'Charge' (it made 1)" });
  });

  it('stops where a stopped recording was stopped, with its error and cause', async () => {
    const definition = { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: lambda, End: true } } };
    const stop = new AbortController();
    const recording = await record(definition, {}, (request) => new Promise((resolve) => request.signal.addEventListener('abort', () => resolve({ ok: false, error: 'x' }))), {
      signal: stop.signal,
      onEvent: (e) => {
        if (e.type === 'TaskStarted') setImmediate(() => stop.abort({ error: 'Operator', cause: 'stopped by hand' }));
      },
    });
    expect(recording.events.at(-1)).toMatchObject({ type: 'ExecutionAborted', details: { error: 'Operator', cause: 'stopped by hand' } });
    const report = await replayRecording(recording);
    expect(report.firstDifference).toBeNull();
    expect(report.status).toBe('ABORTED');
  });

  it('replays a still-running recording as far as it goes and calls it RUNNING', async () => {
    const recording = await record(orders, { order: 7 }, ordersAnswer);
    const running = { ...recording, events: recording.events.slice(0, 20) };
    const report = await replayRecording(running);
    expect(report.firstDifference).toBeNull();
    expect(report.status).toBe('RUNNING');
    expect(report.events).toHaveLength(20);
  });

  it('redrives as often as the recording was redriven', async () => {
    const definition = { StartAt: 'Pay', States: { Pay: { Type: 'Task', Resource: lambda, End: true } } };
    const first = await run(definition, {}, () => ({ ok: false, error: 'Down' }));
    const second = await run(definition, {}, () => ({ ok: true, output: { paid: true } }), { redrive: { previousEvents: first.events, redriveCount: 1 }, clock: first.clock });
    const recording = recordingOf(definition, [...first.events, ...second.events]);
    expect(recording.events.map((e) => e.type)).toContain('ExecutionRedriven');
    const report = await replayRecording(recording);
    expect(report.firstDifference).toBeNull();
    expect(report.status).toBe('SUCCEEDED');
  });
});
