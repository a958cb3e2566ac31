// Task tokens (.waitForTaskToken + SendTaskSuccess/Failure/Heartbeat) and activities
// (Create/Describe/List/DeleteActivity, GetActivityTask) on the emulator, driven by the real
// @aws-sdk/client-sfn and AWS CLI. The executions are the AWS recordings of the corpus's callback and
// activity files: each runs its recorded definition and input, answered as the recorded test did,
// and its history must match AWS's event for event (types, ids, links, detail fields and values).
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DescribeActivityCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { valueMatches } from '../../../../lib/history/compare-histories.ts';
import { AWS_CLI_V1, AWS_CLI_V2, awsCliV2Available, ROLE_ARN, runAwsCli, startTestEmulator, waitFor, type TestEmulator } from '../../../helpers/emulator.ts';
import { readCorpusFile } from '../parity/recorded-history.ts';
import { textMatches } from '../parity/run-parity.ts';

type Json = Record<string, unknown>;

/** Emulated time runs 50× faster: the recordings' 5 s timeouts take 0.1 s, a 60 s long poll 1.2 s. */
const TIME_SCALE = 50;

let t: TestEmulator;
let machines = 0;

beforeAll(async () => {
  t = await startTestEmulator({ timeScale: TIME_SCALE });
});
afterAll(async () => {
  await t.close();
});

/** A recording's definition with its run-time patched Resource (`__tbd__`) set to `resource`. */
function recorded(file: string, resource?: string): { definition: Json; input: string; events: Json[] } {
  const f = readCorpusFile(file);
  const text = JSON.stringify(f.definition);
  const definition = JSON.parse(resource === undefined ? text : text.replace(/"__tbd__"/g, JSON.stringify(resource))) as Json;
  // LocalStack wrote some run-time values as bare words: make them placeholders textMatches knows.
  const events = JSON.parse(JSON.stringify(f.events).replace(/\bactivity_arn\b/g, '<activity_arn>').replace(/\ba_task_token\b/g, '<a_task_token>')) as Json[];
  return { definition, input: JSON.stringify(f.input), events };
}

async function start(definition: Json, input: string): Promise<string> {
  machines += 1;
  const sm = await t.sfn.send(new CreateStateMachineCommand({ name: `cb-${machines}`, definition: JSON.stringify(definition), roleArn: ROLE_ARN }));
  const run = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn, input }));
  return run.executionArn as string;
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  return (await t.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

async function closedHistory(executionArn: string): Promise<HistoryEvent[]> {
  await waitFor(async () => {
    const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d.status;
  }, 30_000, `${executionArn} to end`);
  return history(executionArn);
}

const detailsOf = (event: Json): Json => {
  const key = Object.keys(event).find((k) => k.endsWith('EventDetails'));
  return key ? ((event[key] as Json | undefined) ?? {}) : {};
};

/**
 * Our history against AWS's, event for event: type, id, previousEventId, the same detail fields,
 * and their values (placeholders in the recording match anything). TaskSubmitted's output is the
 * SQS service's response with its HTTP metadata, which no emulator reproduces: only its presence counts.
 */
function expectSameHistory(ours: HistoryEvent[], aws: Json[]): void {
  const shape = (e: Json) => ({ id: e.id, previousEventId: e.previousEventId ?? 0, type: e.type, fields: Object.keys(detailsOf(e)).sort() });
  expect(ours.map((e) => shape(e as unknown as Json))).toEqual(aws.map(shape));
  aws.forEach((r, i) => {
    const o = detailsOf(ours[i] as unknown as Json);
    for (const [field, value] of Object.entries(detailsOf(r))) {
      if (r.type === 'TaskSubmitted' && field === 'output') continue;
      if (field === 'roleArn') continue;
      expect(valueMatches(value, o[field], textMatches), `event ${String(r.id)} ${String(r.type)}.${field}: ${JSON.stringify(o[field])} vs AWS ${JSON.stringify(value)}`).toBe(true);
    }
  });
}

/** The task token a callback task sent in its TaskScheduled parameters (MessageBody.TaskToken). */
async function tokenOf(executionArn: string): Promise<string> {
  return waitFor(async () => {
    const events = await history(executionArn);
    if (!events.some((e) => e.type === 'TaskSubmitted')) return undefined;
    const scheduled = events.find((e) => e.type === 'TaskScheduled');
    const params = JSON.parse(scheduled?.taskScheduledEventDetails?.parameters ?? '{}') as { MessageBody?: { TaskToken?: string } };
    return params.MessageBody?.TaskToken;
  }, 30_000, 'the task token');
}

async function newActivity(name: string): Promise<string> {
  return (await t.sfn.send(new CreateActivityCommand({ name }))).activityArn as string;
}

async function apiError(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail');
}

describe('.waitForTaskToken callbacks', () => {
  it('SendTaskSuccess answers the token: TaskScheduled, TaskStarted, TaskSubmitted, TaskSucceeded as AWS writes them', async () => {
    const rec = recorded('test_base_callbacks__TestBaseScenarios.test_sqs_wait_for_task_token__0.json');
    const arn = await start(rec.definition, rec.input);
    const token = await tokenOf(arn);
    expect((await t.sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('RUNNING');
    await t.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '"string-literal"' }));
    expectSameHistory(await closedHistory(arn), rec.events);
    // The token is spent: AWS answers a second answer with TaskTimedOut.
    expect(await apiError(t.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).toMatchObject({ name: 'TaskTimedOut', status: 400 });
  });

  it('SendTaskFailure fails the task with its error and cause, which a Catch handles', async () => {
    const rec = recorded('test_base_callbacks__TestBaseScenarios.test_sqs_wait_for_task_token_task_failure__0.json');
    const arn = await start(rec.definition, rec.input);
    const token = await tokenOf(arn);
    await t.sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Failure error', cause: 'Failure cause' }));
    expectSameHistory(await closedHistory(arn), rec.events);
  });

  it('without heartbeats the task times out after HeartbeatSeconds (TaskTimedOut, States.Timeout)', async () => {
    for (const file of ['test_heartbeats__TestHeartbeats.test_heartbeat_no_timeout__0.json', 'test_heartbeats__TestHeartbeats.test_heartbeat_path_timeout__0.json']) {
      const rec = recorded(file);
      // "no_timeout": the test removed TimeoutSeconds from the template before running it (its
      // TaskScheduled has no timeoutInSeconds).
      if (file.includes('no_timeout')) delete ((rec.definition.States as Json).SendMessageWithWait as Json).TimeoutSeconds;
      const arn = await start(rec.definition, rec.input);
      const events = await closedHistory(arn);
      expectSameHistory(events, rec.events);
      const token = JSON.parse(events[2]?.taskScheduledEventDetails?.parameters ?? '{}').MessageBody.TaskToken as string;
      expect(await apiError(t.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token })))).toMatchObject({ name: 'TaskTimedOut', status: 400 });
    }
  });

  it('SendTaskHeartbeat restarts the heartbeat clock: the task outlives HeartbeatSeconds, then succeeds', async () => {
    const rec = recorded('test_callback__TestCallback.test_multiple_heartbeat_notifications__0.json');
    const arn = await start(rec.definition, rec.input);
    const token = await tokenOf(arn);
    // HeartbeatSeconds is 120 (2.4 s real): beats every 20 emulated s for 200 emulated s in all.
    const began = t.emulator.clock.now();
    while (t.emulator.clock.now() - began < 200_000) {
      await new Promise((resolve) => setTimeout(resolve, 20_000 / TIME_SCALE));
      await t.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    }
    expect((await t.sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('RUNNING');
    await t.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ Message: 'txt', TaskToken: token }) }));
    expectSameHistory(await closedHistory(arn), rec.events);
  });

  it('JSONata: $states.context.Task.Token is the token', async () => {
    const arn = await start(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Ask',
        States: { Ask: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish.waitForTaskToken', Arguments: { Message: '{% $states.context.Task.Token %}' }, End: true } },
      },
      '{}',
    );
    const token = await waitFor(async () => {
      const e = (await history(arn)).find((x) => x.type === 'TaskSubmitted');
      return e ? (JSON.parse((await history(arn))[2]?.taskScheduledEventDetails?.parameters ?? '{}') as { Message: string }).Message : undefined;
    });
    await t.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"ok":true}' }));
    const events = await closedHistory(arn);
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{"ok":true}' } });
    // SNS Publish's submission response carries a message id.
    expect(JSON.parse(events.find((e) => e.type === 'TaskSubmitted')?.taskSubmittedEventDetails?.output ?? '{}')).toHaveProperty('MessageId');
  });

  it('answers AWS errors for tokens and outputs that name no waiting task', async () => {
    expect(await apiError(t.sfn.send(new SendTaskSuccessCommand({ taskToken: 'not a token', output: '{}' })))).toMatchObject({ name: 'InvalidToken', status: 400 });
    expect(await apiError(t.sfn.send(new SendTaskHeartbeatCommand({ taskToken: '3f1c3c2e-0b7a-4f5e-9a51-1f4d2f0f9b11' })))).toMatchObject({ name: 'TaskDoesNotExist', status: 400 });
    const rec = recorded('test_base_callbacks__TestBaseScenarios.test_sqs_wait_for_task_token__0.json');
    const arn = await start(rec.definition, rec.input);
    const token = await tokenOf(arn);
    expect(await apiError(t.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{not json' })))).toMatchObject({ name: 'InvalidOutput', status: 400 });
    expect(await apiError(t.sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'x'.repeat(257) })))).toMatchObject({ name: 'ValidationException' });
    // The bad calls left the task waiting.
    expect((await t.sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('RUNNING');
    await t.sfn.send(new SendTaskFailureCommand({ taskToken: token }));
    const events = await closedHistory(arn);
    // SendTaskFailure without an error: TaskFailed and ExecutionFailed carry none.
    expect(events.slice(-2).map((e) => [e.type, e.taskFailedEventDetails?.error ?? e.executionFailedEventDetails?.error ?? null])).toEqual([
      ['TaskFailed', null],
      ['ExecutionFailed', null],
    ]);
  });
});

describe('callbacks answered by a registered handler', () => {
  it('the handler gets the token, its answer is the submission; it answers the token later through the API', async () => {
    // A resource of its own: the handler stays registered for the rest of the file.
    const resource = 'arn:aws:states:::events:putEvents.waitForTaskToken';
    t.emulator.registerTaskHandler(resource, async (request) => {
      const body = (request.parameters as { Detail: { Amount: number } }).Detail;
      // The "approver" answers 30 emulated seconds after the message was sent.
      void t.emulator.clock.sleep(30_000).then(() =>
        t.emulator.callSfn('SendTaskSuccess', { taskToken: request.taskToken, output: JSON.stringify({ approved: body.Amount < 100 }) }),
      );
      return { ok: true, output: { Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 } };
    });
    const arn = await start(
      {
        StartAt: 'Ask',
        States: { Ask: { Type: 'Task', Resource: resource, Parameters: { Detail: { 'Amount.$': '$.amount', 'Token.$': '$$.Task.Token' } }, End: true } },
      },
      '{"amount":40}',
    );
    const events = await closedHistory(arn);
    expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(JSON.parse(events[4]?.taskSubmittedEventDetails?.output ?? '{}')).toEqual({ Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 });
    expect(events[5]?.taskSucceededEventDetails?.output).toBe('{"approved":true}');
    // The answer came 30 emulated seconds after the submission (wire timestamps: whole seconds or ms).
    const waited = (events[5]?.timestamp?.getTime() ?? 0) - (events[4]?.timestamp?.getTime() ?? 0);
    expect(waited).toBeGreaterThanOrEqual(29_000);
  });

  it('a handler that fails fails the task at once, with no TaskSubmitted (the message was never sent)', async () => {
    const resource = 'arn:aws:states:::sns:publish.waitForTaskToken';
    t.emulator.registerTaskHandler(resource, async () => ({ ok: false, error: 'SNS.NotFoundException', cause: 'Topic does not exist' }));
    const arn = await start({ StartAt: 'Notify', States: { Notify: { Type: 'Task', Resource: resource, Parameters: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:none', 'Message.$': '$$.Task.Token' }, End: true } } }, '{}');
    const events = await closedHistory(arn);
    expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'ExecutionFailed']);
    expect(events[4]?.taskFailedEventDetails).toMatchObject({ error: 'SNS.NotFoundException', cause: 'Topic does not exist' });
  });

  it('StopExecution ends a waiting task: its token then answers TaskTimedOut', async () => {
    const rec = recorded('test_base_callbacks__TestBaseScenarios.test_sqs_wait_for_task_token__0.json');
    const arn = await start(rec.definition, rec.input);
    const token = await tokenOf(arn);
    await t.emulator.callSfn('StopExecution', { executionArn: arn, error: 'Manual' });
    expect((await closedHistory(arn)).map((e) => e.type).slice(-2)).toEqual(['TaskSubmitted', 'ExecutionAborted']);
    expect(await apiError(t.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).toMatchObject({ name: 'TaskTimedOut' });
  });
});

describe('activities', () => {
  it('a mocked activity state (Step Functions Local test case) needs no activity and no worker', async () => {
    t.emulator.setMockConfig({
      StateMachines: { 'mocked-activity': { TestCases: { Ok: { Work: 'WorkOk' } } } },
      MockedResponses: { WorkOk: { '0': { Return: { done: 1 } } } },
    });
    const sm = await t.sfn.send(
      new CreateStateMachineCommand({
        name: 'mocked-activity',
        definition: JSON.stringify({ StartAt: 'Work', States: { Work: { Type: 'Task', Resource: 'arn:aws:states:us-east-1:123456789012:activity:never-created', End: true } } }),
        roleArn: ROLE_ARN,
      }),
    );
    const run = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: `${sm.stateMachineArn}#Ok`, input: '{}' }));
    const events = await closedHistory(run.executionArn as string);
    expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'ActivityScheduled', 'ActivityStarted', 'ActivitySucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    // Without the test case the activity must exist.
    const plain = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn, input: '{}' }));
    const failed = await closedHistory(plain.executionArn as string);
    expect(failed.at(-1)?.executionFailedEventDetails).toMatchObject({ error: 'States.Runtime' });
    expect(failed.at(-1)?.executionFailedEventDetails?.cause).toContain('does not exist');
  });


  it('a worker takes the task (ActivityStarted with its name), heartbeats and succeeds', async () => {
    // HeartbeatSeconds 10 would be 0.2 s at this file's time scale, too tight between three calls
    // on a loaded machine: this one runs on an emulator at real time.
    const real = await startTestEmulator();
    try {
      const activityArn = (await real.sfn.send(new CreateActivityCommand({ name: 'heartbeat-worker' }))).activityArn as string;
      const rec = recorded('test_activities__TestActivities.test_activity_task_with_heartbeat__0.json', activityArn);
      const sm = await real.sfn.send(new CreateStateMachineCommand({ name: 'heartbeat-worker', definition: JSON.stringify(rec.definition), roleArn: ROLE_ARN }));
      const arn = (await real.sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn, input: rec.input }))).executionArn as string;
      const task = await real.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'BASE_ID_ACTIVITY_CONSUMER' }));
      expect(JSON.parse(task.input ?? 'null')).toEqual({ Value1: 'HelloWorld' });
      await real.sfn.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken }));
      await real.sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: task.input }));
      await waitFor(async () => ((await real.sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status === 'RUNNING' ? undefined : true));
      expectSameHistory((await real.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000 }))).events ?? [], rec.events);
    } finally {
      await real.close();
    }
  });

  it('a task scheduled before any worker polls waits in the queue; a worker without a name writes an empty ActivityStarted', async () => {
    const activityArn = await newActivity('nameless-worker');
    const rec = recorded('test_activities__TestActivities.test_activity_task_no_worker_name__0.json', activityArn);
    const arn = await start(rec.definition, rec.input);
    await waitFor(async () => ((await history(arn)).some((e) => e.type === 'ActivityScheduled') ? true : undefined));
    // Scheduled, not started: ActivityStarted waits for the worker.
    expect((await history(arn)).map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'ActivityScheduled']);
    const task = await t.sfn.send(new GetActivityTaskCommand({ activityArn }));
    await t.sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: task.input }));
    expectSameHistory(await closedHistory(arn), rec.events);
  });

  it('a long-polling worker gets a task scheduled while it waits', async () => {
    const activityArn = await newActivity('long-poll');
    const rec = recorded('test_activities__TestActivities.test_activity_task_failure__0.json', activityArn);
    const poll = t.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'BASE_ID_ACTIVITY_CONSUMER' }));
    await waitFor(() => (t.emulator.activityWorkers(activityArn) === 1 ? true : undefined), 30_000, 'the worker to be polling');
    const arn = await start(rec.definition, rec.input);
    const task = await poll;
    await t.sfn.send(new SendTaskFailureCommand({ taskToken: task.taskToken, error: 'Programmatic Error', cause: task.input }));
    expectSameHistory(await closedHistory(arn), rec.events);
  });

  it('a worker that disconnects while polling is handed no task: the next worker gets it', async () => {
    const activityArn = await newActivity('dropped-worker');
    const dropped = new AbortController();
    const lost = t.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'gone' }), { abortSignal: dropped.signal }).catch((e: Error) => e);
    await waitFor(() => (t.emulator.activityWorkers(activityArn) === 1 ? true : undefined), 30_000, 'the worker to be polling');
    dropped.abort();
    expect(await lost).toBeInstanceOf(Error);
    // The emulator has seen the connection close: the gone worker is no longer waiting.
    await waitFor(() => (t.emulator.activityWorkers(activityArn) === 0 ? true : undefined), 30_000, 'the dropped worker to be forgotten');
    const arn = await start({ StartAt: 'Work', States: { Work: { Type: 'Task', Resource: activityArn, End: true } } }, '{"job":7}');
    const task = await t.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'second' }));
    expect(task.input).toBe('{"job":7}');
    await t.sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{}' }));
    const events = await closedHistory(arn);
    expect(events.find((e) => e.type === 'ActivityStarted')?.activityStartedEventDetails?.workerName).toBe('second');
  });

  it('a task its worker never answers times out (ActivityTimedOut, States.Timeout) and its token answers TaskTimedOut', async () => {
    const activityArn = await newActivity('silent-worker');
    const rec = recorded('test_activities__TestActivities.test_activity_task_start_timeout__0.json', activityArn);
    // The worker polls first: TimeoutSeconds 5 (0.1 s here) counts from scheduling, and the
    // recording has the worker take the task before it times out.
    const polled = t.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'BASE_ID_ACTIVITY_CONSUMER' }));
    await waitFor(() => (t.emulator.activityWorkers(activityArn) === 1 ? true : undefined), 30_000, 'the worker to be polling');
    const arn = await start(rec.definition, rec.input);
    const task = await polled;
    expectSameHistory(await closedHistory(arn), rec.events);
    expect(await apiError(t.sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{}' })))).toMatchObject({
      name: 'TaskTimedOut',
      message: "Task Timed Out: 'Provided task does not exist anymore'",
    });
  });

  it('HeartbeatSeconds without heartbeats times the activity out from its start', async () => {
    const activityArn = await newActivity('no-heartbeats');
    const arn = await start({ StartAt: 'Work', States: { Work: { Type: 'Task', Resource: activityArn, HeartbeatSeconds: 10, TimeoutSeconds: 3600, End: true } } }, '{}');
    // Before a worker takes it, only TimeoutSeconds runs: 30 emulated seconds later it still waits.
    await new Promise((resolve) => setTimeout(resolve, 30_000 / TIME_SCALE));
    expect((await t.sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('RUNNING');
    await t.sfn.send(new GetActivityTaskCommand({ activityArn }));
    const events = await closedHistory(arn);
    expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'ActivityScheduled', 'ActivityStarted', 'ActivityTimedOut', 'ExecutionFailed']);
    const started = events[3]?.timestamp?.getTime() ?? 0;
    const timedOut = events[4]?.timestamp?.getTime() ?? 0;
    // HeartbeatSeconds (10 s) after the start, never TimeoutSeconds (an hour); a loaded machine can
    // only make the timer late, by real ms × the time scale (the wire rounds to whole seconds).
    expect(timedOut - started).toBeGreaterThanOrEqual(9_000);
    expect(timedOut - started).toBeLessThan(600_000);
  });

  it('a Task on a deleted activity fails the execution with States.Runtime before scheduling it', async () => {
    const activityArn = await newActivity('deleted-before-run');
    await t.sfn.send(new DeleteActivityCommand({ activityArn }));
    const rec = recorded('test_activities__TestActivities.test_activity_task_on_deleted__0.json', activityArn);
    const arn = await start(rec.definition, rec.input);
    expectSameHistory(await closedHistory(arn), rec.events);
  });

  it('Create (idempotent), Describe, List (paged), Delete; GetActivityTask with no task answers none after the long poll', async () => {
    const a = await t.sfn.send(new CreateActivityCommand({ name: 'listed-a' }));
    const again = await t.sfn.send(new CreateActivityCommand({ name: 'listed-a' }));
    expect(again.activityArn).toBe(a.activityArn);
    expect(a.activityArn).toBe('arn:aws:states:us-east-1:123456789012:activity:listed-a');
    const described = await t.sfn.send(new DescribeActivityCommand({ activityArn: a.activityArn }));
    expect(described).toMatchObject({ activityArn: a.activityArn, name: 'listed-a' });
    expect(described.creationDate).toBeInstanceOf(Date);
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await t.sfn.send(new ListActivitiesCommand({ maxResults: 2, nextToken }));
      expect(page.activities?.length ?? 0).toBeLessThanOrEqual(2);
      names.push(...(page.activities ?? []).map((x) => x.name as string));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(names).toContain('listed-a');
    expect(new Set(names).size).toBe(names.length);

    const began = Date.now();
    const empty = await t.sfn.send(new GetActivityTaskCommand({ activityArn: a.activityArn }));
    expect(empty.taskToken).toBeUndefined();
    // 60 emulated seconds: 1.2 s at this time scale.
    expect(Date.now() - began).toBeGreaterThanOrEqual(60_000 / TIME_SCALE - 50);

    await t.sfn.send(new DeleteActivityCommand({ activityArn: a.activityArn }));
    expect(await apiError(t.sfn.send(new DescribeActivityCommand({ activityArn: a.activityArn })))).toMatchObject({ name: 'ActivityDoesNotExist', status: 400 });
    expect(await apiError(t.sfn.send(new GetActivityTaskCommand({ activityArn: a.activityArn })))).toMatchObject({ name: 'ActivityDoesNotExist', status: 400 });
    expect(await apiError(t.sfn.send(new CreateActivityCommand({ name: 'bad name' })))).toMatchObject({ name: 'InvalidName' });
    expect(await apiError(t.sfn.send(new DescribeActivityCommand({ activityArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:x' })))).toMatchObject({ name: 'InvalidArn' });
  });
});

describe('through the AWS CLIs', () => {
  for (const cli of [AWS_CLI_V1, AWS_CLI_V2]) {
    it(`${cli}: create-activity, get-activity-task, send-task-heartbeat, send-task-success, list-activities, delete-activity`, async () => {
      if (cli === AWS_CLI_V2 && !awsCliV2Available()) {
        console.warn('AWS CLI v2 (/usr/bin/aws) is not installed: skipped');
        return;
      }
      const version = cli === AWS_CLI_V1 ? 'v1' : 'v2';
      const run = async (...args: string[]): Promise<Json> => {
        const r = await runAwsCli(cli, t.emulator.url, args);
        expect(r.code, r.stderr).toBe(0);
        return (r.json ?? {}) as Json;
      };
      const activityArn = (await run('stepfunctions', 'create-activity', '--name', `cli-${version}`)).activityArn as string;
      const arn = await start({ StartAt: 'Work', States: { Work: { Type: 'Task', Resource: activityArn, HeartbeatSeconds: 7200, End: true } } }, '{"n":1}');
      const task = await run('stepfunctions', 'get-activity-task', '--activity-arn', activityArn, '--worker-name', `worker-${version}`);
      expect(task.input).toBe('{"n":1}');
      await run('stepfunctions', 'send-task-heartbeat', '--task-token', task.taskToken as string);
      await run('stepfunctions', 'send-task-success', '--task-token', task.taskToken as string, '--task-output', '{"done":true}');
      const events = await closedHistory(arn);
      expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'ActivityScheduled', 'ActivityStarted', 'ActivitySucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
      expect(events[3]?.activityStartedEventDetails?.workerName).toBe(`worker-${version}`);
      const listed = await run('stepfunctions', 'list-activities');
      expect((listed.activities as Json[]).map((a) => a.activityArn)).toContain(activityArn);
      const late = await runAwsCli(cli, t.emulator.url, ['stepfunctions', 'send-task-failure', '--task-token', task.taskToken as string]);
      expect(late.code).not.toBe(0);
      expect(late.stderr).toContain('TaskTimedOut');
      await run('stepfunctions', 'delete-activity', '--activity-arn', activityArn);
      const gone = await runAwsCli(cli, t.emulator.url, ['stepfunctions', 'describe-activity', '--activity-arn', activityArn]);
      expect(gone.stderr).toContain('ActivityDoesNotExist');
    }, 60_000);
  }
});
