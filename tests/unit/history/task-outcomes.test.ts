// taskOutcomes: each Task state's calls in call order with what the history says they ended with,
// tied to their state through previousEventId (not by position), for retries, timeouts, calls
// still running at the end, .sync submissions, interleaved Map iterations and masked branches.
import { describe, expect, it } from 'vitest';
import { parseHistory } from '../../../lib/history/index.ts';
import { taskOutcomes } from '../../../lib/history/task-outcomes.ts';
import { entered, ev, execStarted, exited, failed, scheduled, started, succeeded } from './build-events.ts';

const outcomesOf = (events: Record<string, unknown>[]) => {
  const calls = taskOutcomes(parseHistory(events).events);
  return { byState: Object.fromEntries([...calls.byState].map(([name, list]) => [name, list.map((c) => c.outcome)])), unowned: calls.unowned.map((c) => c.outcome) };
};

describe('taskOutcomes', () => {
  it('lists a retried state’s calls in call order: the failure, then the success', () => {
    const { byState } = outcomesOf([
      execStarted(),
      entered(2, 1, 'Task', 'Charge'),
      scheduled(3, 2),
      started(4, 3),
      failed(5, 4, 'Card.Busy'),
      scheduled(6, 5),
      started(7, 6),
      succeeded(8, 7),
      exited(9, 8, 'Task', 'Charge'),
      ev(10, 9, 'ExecutionSucceeded', { output: '{"ok":true}' }),
    ]);
    expect(byState).toEqual({ Charge: [{ Throw: { Error: 'Card.Busy', Cause: 'Card.Busy cause' } }, { Return: { ok: true } }] });
  });

  it('keeps timeouts, calls still running when the execution ended, and TaskSubmitted outputs', () => {
    const { byState } = outcomesOf([
      execStarted(),
      entered(2, 1, 'Task', 'Slow'),
      scheduled(3, 2),
      started(4, 3),
      ev(5, 4, 'TaskTimedOut', { resourceType: 'lambda', resource: 'invoke', error: 'States.Timeout' }),
      scheduled(6, 5),
      started(7, 6),
      ev(8, 7, 'TaskSubmitted', { resourceType: 'lambda', resource: 'invoke', output: '{"JobId":"j-1"}' }),
      ev(9, 0, 'ExecutionAborted', {}),
    ]);
    expect(byState.Slow).toEqual([{ TimedOut: { Error: 'States.Timeout' } }, { Pending: true, Submitted: { JobId: 'j-1' } }]);
  });

  it('ties interleaved Map iterations’ calls to their state through previousEventId', () => {
    // Two iterations of Work, scheduled 5 and 6 before either finishes; the second fails first.
    const { byState } = outcomesOf([
      execStarted(),
      ev(2, 1, 'MapStateEntered', { name: 'Each', input: '[1,2]' }),
      ev(3, 2, 'MapStateStarted', { length: 2 }),
      ev(4, 3, 'MapIterationStarted', { name: 'Each', index: 0 }),
      ev(5, 3, 'MapIterationStarted', { name: 'Each', index: 1 }),
      entered(6, 4, 'Task', 'Work'),
      entered(7, 5, 'Task', 'Work'),
      scheduled(8, 6),
      scheduled(9, 7),
      started(10, 8),
      started(11, 9),
      failed(12, 11, 'Boom'),
      succeeded(13, 10),
    ]);
    expect(byState.Work).toEqual([{ Return: { ok: true } }, { Throw: { Error: 'Boom', Cause: 'Boom cause' } }]);
  });

  it('hands masked calls (ids [0]) to `unowned`, paired with the masked outcomes in order', () => {
    const masked = (type: string, details: Record<string, unknown>) => ({ id: [0], previousEventId: 0, timestamp: 'timestamp', type, [`${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`]: details });
    const { byState, unowned } = outcomesOf([
      execStarted(),
      ev(2, 1, 'ParallelStateEntered', { name: 'Both', input: '{}' }),
      masked('TaskScheduled', { resourceType: 'lambda', resource: 'invoke' }),
      masked('TaskScheduled', { resourceType: 'lambda', resource: 'invoke' }),
      masked('TaskSucceeded', { resourceType: 'lambda', resource: 'invoke', output: '1' }),
      masked('TaskSucceeded', { resourceType: 'lambda', resource: 'invoke', output: '2' }),
    ]);
    expect(byState).toEqual({});
    expect(unowned).toEqual([{ Return: 1 }, { Return: 2 }]);
  });

  it('gives masked .waitForTaskToken calls their masked TaskSubmitted (same resource), request-response calls none', () => {
    const masked = (type: string, details: Record<string, unknown>) => ({ id: [0], previousEventId: 0, timestamp: 'timestamp', type, [`${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`]: details });
    const sqs = { resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken' };
    const { unowned } = outcomesOf([
      execStarted(),
      ev(2, 1, 'ParallelStateEntered', { name: 'Both', input: '{}' }),
      masked('TaskScheduled', { resourceType: 'lambda', resource: 'invoke' }),
      masked('TaskScheduled', sqs),
      masked('TaskSubmitted', { ...sqs, output: '{"MessageId":"m-1"}' }),
      masked('TaskFailed', { ...sqs, error: 'Rejected', cause: 'by the approver' }),
      masked('TaskSucceeded', { resourceType: 'lambda', resource: 'invoke', output: '2' }),
    ]);
    // Outcomes go to the call of the same resource, not merely the next one in recorded order.
    expect(unowned).toEqual([{ Return: 2 }, { Throw: { Error: 'Rejected', Cause: 'by the approver' }, Submitted: { MessageId: 'm-1' } }]);
  });

  it('reads legacy Lambda and activity families, causes that arrive parsed, and records resources', () => {
    const events = parseHistory([
      execStarted(),
      entered(2, 1, 'Task', 'Legacy'),
      ev(3, 2, 'LambdaFunctionScheduled', { resource: 'arn:aws:lambda:us-east-1:1:function:f', input: '{}' }),
      ev(4, 3, 'LambdaFunctionStarted'),
      ev(5, 4, 'LambdaFunctionFailed', { error: 'Oops', cause: { errorMessage: 'bad' } }),
      ev(6, 5, 'ExecutionFailed', { error: 'Oops' }),
    ]).events;
    const calls = taskOutcomes(events).byState.get('Legacy');
    expect(calls).toEqual([
      { family: 'LambdaFunction', scheduledEventId: 3, resource: 'arn:aws:lambda:us-east-1:1:function:f', resourceType: null, outcome: { Throw: { Error: 'Oops', Cause: '{"errorMessage":"bad"}' } } },
    ]);
  });
});
