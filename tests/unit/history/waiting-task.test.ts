// Waiting tasks (issue 13 item 6): a .waitForTaskToken call or an activity, still open, as the
// analysis describes it (timeouts from the *Scheduled event, the *Started / TaskSubmitted times,
// the worker) and what waitingTask makes of it for the step panel.
import { describe, expect, it } from 'vitest';
import { analyzeExecution, parseHistory, waitingTask, type StateRun } from '../../../lib/history/index.ts';
import { entered, ev, execStarted, exited, type WireEvent } from './build-events.ts';

const BASE = Date.UTC(2025, 0, 15, 12, 0, 0);
const at = (s: number) => BASE + s * 1000;
// The corpus's activity recordings hold a placeholder, not an ARN: the event type says it is an activity.
const ACTIVITY = 'activity_arn';

function taskRun(events: WireEvent[]): StateRun {
  const run = analyzeExecution(parseHistory({ events }).events).runs.find((r) => r.stateType === 'Task');
  if (!run) throw new Error('no Task run');
  return run;
}

const callback = (extra: WireEvent[] = []) => [
  execStarted(0),
  entered(2, 0, 'Task', 'Approve', 1),
  ev(3, 2, 'TaskScheduled', { resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', region: 'us-east-1', parameters: '{}', timeoutInSeconds: 3600, heartbeatInSeconds: 60 }, 2),
  ev(4, 3, 'TaskStarted', { resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken' }, 3),
  ev(5, 4, 'TaskSubmitted', { resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', output: '{"MessageId":"m"}' }, 4),
  ...extra,
];

describe('waitingTask', () => {
  it('a callback waits since its TaskSubmitted, its heartbeat clock running from TaskStarted', () => {
    const run = taskRun(callback());
    expect(run.taskAttempts?.[0]).toMatchObject({ waitsOn: 'callback', heartbeatSeconds: 60, timeoutSeconds: 3600, startedAt: at(3), submittedAt: at(4), workerName: null });
    expect(waitingTask(run)).toEqual({
      waitingFor: 'callback',
      since: at(4),
      workerName: null,
      heartbeatSeconds: 60,
      timeoutSeconds: 3600,
      heartbeatClockFrom: at(3),
      firstHeartbeatDue: at(63),
      timeoutAt: at(3602),
    });
  });

  it('an activity waits for a worker from ActivityScheduled (no heartbeat clock yet), then for its answer from ActivityStarted', () => {
    const scheduledOnly = [
      execStarted(0),
      entered(2, 0, 'Task', 'Approve', 1),
      ev(3, 2, 'ActivityScheduled', { resource: ACTIVITY, input: '{}', timeoutInSeconds: 600, heartbeatInSeconds: 20 }, 2),
    ];
    expect(waitingTask(taskRun(scheduledOnly))).toMatchObject({ waitingFor: 'activity-worker', since: at(2), heartbeatClockFrom: null, firstHeartbeatDue: null, timeoutAt: at(602), heartbeatSeconds: 20 });
    const taken = [...scheduledOnly, ev(4, 3, 'ActivityStarted', { workerName: 'approver-7' }, 10)];
    expect(waitingTask(taskRun(taken))).toMatchObject({ waitingFor: 'activity-result', since: at(10), workerName: 'approver-7', heartbeatClockFrom: at(10), firstHeartbeatDue: at(30) });
  });

  it('without HeartbeatSeconds nothing is due; an ended task or another kind of task does not wait', () => {
    const noHeartbeat = [
      execStarted(0),
      entered(2, 0, 'Task', 'Approve', 1),
      ev(3, 2, 'TaskScheduled', { resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', region: 'us-east-1', parameters: '{}' }, 2),
      ev(4, 3, 'TaskStarted', { resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken' }, 3),
    ];
    expect(waitingTask(taskRun(noHeartbeat))).toMatchObject({ waitingFor: 'callback', since: at(3), heartbeatSeconds: null, firstHeartbeatDue: null, timeoutAt: null });

    const answered = callback([
      ev(6, 5, 'TaskSucceeded', { resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', output: '{"ok":true}' }, 9),
      exited(7, 6, 'Task', 'Approve', 9),
      ev(8, 7, 'ExecutionSucceeded', { output: '{}' }, 9),
    ]);
    const done = taskRun(answered);
    expect(waitingTask(done)).toBeNull();
    // A closed attempt keeps its timeouts, not the open-attempt times.
    expect(done.taskAttempts?.[0]).toMatchObject({ heartbeatSeconds: 60, timeoutSeconds: 3600 });
    expect(done.taskAttempts?.[0]?.startedAt).toBeUndefined();

    const lambda = [
      execStarted(0),
      entered(2, 0, 'Task', 'Charge', 1),
      ev(3, 2, 'TaskScheduled', { resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: '{}', heartbeatInSeconds: 5 }, 2),
      ev(4, 3, 'TaskStarted', { resourceType: 'lambda', resource: 'invoke' }, 3),
    ];
    expect(waitingTask(taskRun(lambda))).toBeNull();
  });
});
