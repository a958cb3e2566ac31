// `states:startExecution` Task resources in the emulator, over the SDK: the child is a real
// execution of another state machine; `.sync` / `.sync:2` wait for it and answer as AWS does
// (the corpus's test_callback start_execution_sync2 / _sync_delegate_failure histories); a
// stopped parent stops a `.sync` child.
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STARTED_BY_INPUT_KEY } from '../../../../lib/history/index.ts';
import { ROLE_ARN, startTestEmulator, waitFor, type TestEmulator } from '../../../helpers/emulator.ts';

let t: TestEmulator;
let passChild: string;
let failChild: string;
let waitChild: string;
let callbackChild: string;

async function machine(name: string, definition: unknown): Promise<string> {
  const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({ name, roleArn: ROLE_ARN, definition: JSON.stringify(definition) }));
  return stateMachineArn as string;
}

const parent = (resource: string, extra: Record<string, unknown> = {}) => ({
  StartAt: 'StartExecution',
  States: {
    StartExecution: {
      Type: 'Task',
      Resource: `arn:aws:states:::states:${resource}`,
      Parameters: { 'StateMachineArn.$': '$.StateMachineArn', Input: { 'x.$': '$.x', [`${STARTED_BY_INPUT_KEY}.$`]: '$$.Execution.Id' }, 'Name.$': '$.Name' },
      End: true,
      ...extra,
    },
  },
});

beforeAll(async () => {
  t = await startTestEmulator({ timeScale: 50 });
  passChild = await machine('NestedPass', { StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'Arg1.$': '$.x' }, End: true } } });
  failChild = await machine('NestedFail', { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'SomeFailure', Cause: "This state machines raises a 'SomeFailure' failure." } } });
  waitChild = await machine('NestedWait', { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } });
  callbackChild = await machine('NestedCallback', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
});
afterAll(async () => {
  await t?.close();
});

async function finished(executionArn: string): Promise<string> {
  return waitFor(async () => {
    const { status } = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return status === 'RUNNING' ? undefined : status;
  }, 30_000, `execution ${executionArn}`);
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  return (await t.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

const shape = (events: HistoryEvent[]) => events.map((e) => `${e.id} ${e.type} ${e.previousEventId}`);

describe('states:startExecution tasks', () => {
  it('.sync:2 waits for the child and answers its DescribeExecution with Input and Output parsed (AWS’s recorded sequence)', async () => {
    const parentArn = await machine('NestedSync2', parent('startExecution.sync:2'));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: parentArn, input: JSON.stringify({ StateMachineArn: passChild, Name: 'TestStartTarget', x: 'argument1' }) }));
    expect(await finished(executionArn!)).toBe('SUCCEEDED');
    const events = await history(executionArn!);
    expect(shape(events)).toEqual([
      '1 ExecutionStarted 0',
      '2 TaskStateEntered 0',
      '3 TaskScheduled 2',
      '4 TaskStarted 3',
      '5 TaskSubmitted 4',
      '6 TaskSucceeded 5',
      '7 TaskStateExited 6',
      '8 ExecutionSucceeded 7',
    ]);
    const childArn = passChild.replace(':stateMachine:', ':execution:') + ':TestStartTarget';
    const submitted = JSON.parse(events[4]?.taskSubmittedEventDetails?.output ?? 'null') as Record<string, unknown>;
    expect(submitted).toMatchObject({ ExecutionArn: childArn, SdkHttpMetadata: { HttpStatusCode: 200 } });
    expect(typeof submitted.StartDate).toBe('number');
    const output = JSON.parse(events[5]?.taskSucceededEventDetails?.output ?? 'null') as Record<string, unknown>;
    expect(output).toMatchObject({
      ExecutionArn: childArn,
      Name: 'TestStartTarget',
      Status: 'SUCCEEDED',
      StateMachineArn: passChild,
      Output: { Arg1: 'argument1' },
      Input: { x: 'argument1', [STARTED_BY_INPUT_KEY]: executionArn },
      InputDetails: { Included: true },
      OutputDetails: { Included: true },
    });
    const child = await t.sfn.send(new DescribeExecutionCommand({ executionArn: childArn }));
    expect(JSON.parse(child.input ?? '{}')).toEqual({ x: 'argument1', [STARTED_BY_INPUT_KEY]: executionArn });
  });

  it('.sync answers Input and Output as JSON text', async () => {
    const parentArn = await machine('NestedSync', parent('startExecution.sync'));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: parentArn, input: JSON.stringify({ StateMachineArn: passChild, Name: 'sync-text', x: 7 }) }));
    expect(await finished(executionArn!)).toBe('SUCCEEDED');
    const { output } = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    const described = JSON.parse(output ?? 'null') as { Output: string; Input: string };
    expect(JSON.parse(described.Output)).toEqual({ Arg1: 7 });
    expect(typeof described.Input).toBe('string');
  });

  it('.sync fails with States.TaskFailed and the child’s DescribeExecution as cause when the child fails', async () => {
    const parentArn = await machine('NestedSyncFail', parent('startExecution.sync'));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: parentArn, input: JSON.stringify({ StateMachineArn: failChild, Name: 'TestStartTarget', x: 1 }) }));
    expect(await finished(executionArn!)).toBe('FAILED');
    const events = await history(executionArn!);
    expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskFailed', 'ExecutionFailed']);
    const failed = events[5]?.taskFailedEventDetails;
    expect(failed?.error).toBe('States.TaskFailed');
    const cause = JSON.parse(failed?.cause ?? 'null') as Record<string, unknown>;
    expect(cause).toMatchObject({ Error: 'SomeFailure', Cause: "This state machines raises a 'SomeFailure' failure.", Status: 'FAILED', Name: 'TestStartTarget' });
    expect(typeof cause.Input).toBe('string');
    expect(cause).not.toHaveProperty('Output');
  });

  it('.sync fails with States.TaskFailed when the child times out, and a task timeout stops the child', async () => {
    const slow = await machine('NestedTimesOut', { TimeoutSeconds: 2, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } });
    const parentArn = await machine('NestedSyncTimeout', parent('startExecution.sync'));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: parentArn, input: JSON.stringify({ StateMachineArn: slow, Name: 'times-out', x: 1 }) }));
    expect(await finished(executionArn!)).toBe('FAILED');
    const failed = (await history(executionArn!)).find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails;
    expect(failed?.error).toBe('States.TaskFailed');
    expect(JSON.parse(failed?.cause ?? 'null')).toMatchObject({ Status: 'TIMED_OUT', Error: 'States.Timeout', Name: 'times-out' });

    const bounded = await machine('NestedTaskTimeout', parent('startExecution.sync:2', { TimeoutSeconds: 2 }));
    const second = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: bounded, input: JSON.stringify({ StateMachineArn: waitChild, Name: 'task-timeout', x: 1 }) }));
    expect(await finished(second.executionArn!)).toBe('FAILED');
    expect((await history(second.executionArn!)).some((e) => e.type === 'TaskTimedOut')).toBe(true);
    expect(await finished(waitChild.replace(':stateMachine:', ':execution:') + ':task-timeout')).toBe('ABORTED');
  });

  it('request-response answers the StartExecution result without waiting', async () => {
    const parentArn = await machine('NestedFireAndForget', parent('startExecution'));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: parentArn, input: JSON.stringify({ StateMachineArn: waitChild, Name: 'fire-and-forget', x: 1 }) }));
    expect(await finished(executionArn!)).toBe('SUCCEEDED');
    const { output } = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    const started = JSON.parse(output ?? 'null') as { ExecutionArn: string };
    expect((await t.sfn.send(new DescribeExecutionCommand({ executionArn: started.ExecutionArn }))).status).toBe('RUNNING');
    await t.sfn.send(new StopExecutionCommand({ executionArn: started.ExecutionArn }));
  });

  it('stopping the parent stops its .sync child', async () => {
    const parentArn = await machine('NestedStop', parent('startExecution.sync:2'));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: parentArn, input: JSON.stringify({ StateMachineArn: waitChild, Name: 'stopped-with-parent', x: 1 }) }));
    const childArn = waitChild.replace(':stateMachine:', ':execution:') + ':stopped-with-parent';
    await waitFor(async () => ((await history(executionArn!)).some((e) => e.type === 'TaskSubmitted') ? true : undefined), 10_000, 'the child to start');
    await t.sfn.send(new StopExecutionCommand({ executionArn }));
    expect(await finished(executionArn!)).toBe('ABORTED');
    expect(await finished(childArn)).toBe('ABORTED');
  });

  it('.waitForTaskToken starts the child and waits for the token it was given', async () => {
    const definition = {
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.waitForTaskToken',
          Parameters: { StateMachineArn: callbackChild, Name: 'callback-child', Input: { 'token.$': '$$.Task.Token' } },
          End: true,
        },
      },
    };
    const parentArn = await machine('NestedCallbackParent', definition);
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: parentArn }));
    const childArn = callbackChild.replace(':stateMachine:', ':execution:') + ':callback-child';
    expect(await finished(childArn)).toBe('SUCCEEDED');
    const { output } = await t.sfn.send(new DescribeExecutionCommand({ executionArn: childArn }));
    const token = (JSON.parse(output ?? 'null') as { token: string }).token;
    expect((await t.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await t.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true }) }));
    expect(await finished(executionArn!)).toBe('SUCCEEDED');
    const events = await history(executionArn!);
    expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(JSON.parse(events[4]?.taskSubmittedEventDetails?.output ?? 'null')).toMatchObject({ ExecutionArn: childArn });
  });
});
