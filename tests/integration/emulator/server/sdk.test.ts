// The emulator driven by the real @aws-sdk/client-sfn and @aws-sdk/client-cloudwatch-logs.
import { DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_ARN, startTestEmulator, waitFor, type TestEmulator } from '../../../helpers/emulator.ts';

const passChain = (n: number): string => {
  const states: Record<string, unknown> = {};
  for (let i = 1; i <= n; i++) states[`Step${i}`] = i === n ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: `Step${i + 1}` };
  return JSON.stringify({ StartAt: 'Step1', States: states });
};

const taskMachine = JSON.stringify({
  StartAt: 'Charge',
  States: {
    Charge: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'Payload.$': '$' }, Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
});

const mockConfig = {
  StateMachines: {
    Orders: {
      TestCases: {
        HappyPath: { Charge: 'ChargeOk' },
        Declined: { Charge: 'ChargeDeclined' },
      },
    },
  },
  MockedResponses: {
    ChargeOk: { '0': { Return: { StatusCode: 200, Payload: { charged: true } } } },
    ChargeDeclined: { '0': { Throw: { Error: 'CardDeclined', Cause: 'insufficient funds' } } },
  },
};

const logGroupArn = (name: string): string => `arn:aws:logs:us-east-1:123456789012:log-group:${name}:*`;

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ mockConfig, timeScale: 50 });
});
afterAll(async () => {
  await t?.close();
});

async function finished(executionArn: string): Promise<string> {
  return waitFor(async () => {
    const { status } = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return status === 'RUNNING' ? undefined : status;
  }, 20_000, `execution ${executionArn}`);
}

async function fullHistory(executionArn: string, reverseOrder = false, maxResults = 4): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults, reverseOrder, ...(nextToken ? { nextToken } : {}) }));
    expect(page.events?.length ?? 0).toBeLessThanOrEqual(maxResults);
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

describe('state machines', () => {
  it('creates, describes, updates (new revisionId), lists with pagination, tags and deletes', async () => {
    const created = await t.sfn.send(new CreateStateMachineCommand({ name: 'Lifecycle', definition: passChain(2), roleArn: ROLE_ARN, tags: [{ key: 'team', value: 'a' }] }));
    expect(created.stateMachineArn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:Lifecycle');
    expect(created.creationDate).toBeInstanceOf(Date);
    expect(Math.abs(created.creationDate!.getTime() - Date.now())).toBeLessThan(60_000 * 60 * 24); // seconds, not ms

    const described = await t.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    expect(described).toMatchObject({ name: 'Lifecycle', type: 'STANDARD', status: 'ACTIVE', definition: passChain(2), roleArn: ROLE_ARN });
    expect(described.loggingConfiguration).toEqual({ level: 'OFF', includeExecutionData: false });

    const started = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: created.stateMachineArn, name: 'before-update' }));
    const updated = await t.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: passChain(3) }));
    expect(updated.revisionId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await t.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: passChain(4) }));
    expect(again.revisionId).not.toBe(updated.revisionId);
    expect((await t.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }))).revisionId).toBe(again.revisionId);
    const forExecution = await t.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: started.executionArn }));
    expect(forExecution.definition).toBe(passChain(2));

    for (let i = 0; i < 4; i++) await t.sfn.send(new CreateStateMachineCommand({ name: `Paged${i}`, definition: passChain(1), roleArn: ROLE_ARN }));
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await t.sfn.send(new ListStateMachinesCommand({ maxResults: 2, ...(nextToken ? { nextToken } : {}) }));
      names.push(...(page.stateMachines ?? []).map((m) => m.name ?? ''));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(names).toEqual(expect.arrayContaining(['Lifecycle', 'Paged0', 'Paged1', 'Paged2', 'Paged3']));
    expect(new Set(names).size).toBe(names.length);

    await t.sfn.send(new TagResourceCommand({ resourceArn: created.stateMachineArn, tags: [{ key: 'env', value: 'test' }] }));
    await t.sfn.send(new UntagResourceCommand({ resourceArn: created.stateMachineArn, tagKeys: ['team'] }));
    const tags = await t.sfn.send(new ListTagsForResourceCommand({ resourceArn: created.stateMachineArn }));
    expect(tags.tags).toEqual([{ key: 'env', value: 'test' }]);

    await t.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    await expect(t.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  it('validates definitions', async () => {
    const ok = await t.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: passChain(2) }));
    expect(ok).toMatchObject({ result: 'OK', diagnostics: [] });
    const bad = JSON.stringify({ StartAt: 'Nowhere', States: { A: { Type: 'Pass', End: true } } });
    const failed = await t.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: bad }));
    expect(failed.result).toBe('FAIL');
    expect(failed.diagnostics?.[0]).toMatchObject({ severity: 'ERROR' });
    const error = await t.sfn.send(new CreateStateMachineCommand({ name: 'Bad', definition: bad, roleArn: ROLE_ARN })).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'InvalidDefinition' });
    expect((error as Error).message).toMatch(/Nowhere/);
    await expect(t.sfn.send(new CreateStateMachineCommand({ name: 'Bad', definition: '{not json', roleArn: ROLE_ARN }))).rejects.toMatchObject({ name: 'InvalidDefinition' });
    await expect(t.sfn.send(new CreateStateMachineCommand({ name: 'bad name', definition: passChain(1), roleArn: ROLE_ARN }))).rejects.toMatchObject({ name: 'InvalidName' });
  });
});

describe('standard executions', () => {
  let chainArn: string;
  beforeAll(async () => {
    chainArn = (await t.sfn.send(new CreateStateMachineCommand({ name: 'Chain', definition: passChain(10), roleArn: ROLE_ARN }))).stateMachineArn!;
  });

  it('runs, describes and pages the history in both orders', async () => {
    const { executionArn, startDate } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: chainArn, name: 'paging', input: '{"n":1}' }));
    expect(executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:Chain:paging');
    expect(startDate).toBeInstanceOf(Date);
    expect(await finished(executionArn!)).toBe('SUCCEEDED');
    const described = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ name: 'paging', input: '{"n":1}', output: '{"n":1}', redriveCount: 0, redriveStatus: 'NOT_REDRIVABLE' });
    expect(described.stopDate!.getTime()).toBeGreaterThanOrEqual(described.startDate!.getTime());

    const forward = await fullHistory(executionArn!);
    expect(forward).toHaveLength(22); // ExecutionStarted, 10 × (Entered, Exited), ExecutionSucceeded
    expect(forward.map((e) => e.id)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    expect(forward[0]).toMatchObject({ type: 'ExecutionStarted', previousEventId: 0 });
    expect(forward[1]).toMatchObject({ type: 'PassStateEntered', previousEventId: 0, stateEnteredEventDetails: { name: 'Step1' } });
    expect(forward[2]).toMatchObject({ type: 'PassStateExited', stateExitedEventDetails: { name: 'Step1' } });
    expect(forward.at(-1)).toMatchObject({ type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{"n":1}' } });
    expect(forward[0]!.timestamp).toBeInstanceOf(Date);

    const backward = await fullHistory(executionArn!, true, 5);
    expect(backward.map((e) => e.id)).toEqual(forward.map((e) => e.id).reverse());

    const lean = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false, maxResults: 1000 }));
    expect(lean.events?.[0]?.executionStartedEventDetails).toEqual({ roleArn: ROLE_ARN });
    expect(lean.events?.[1]?.stateEnteredEventDetails).toEqual({ name: 'Step1' });
    expect(lean.nextToken).toBeUndefined();

    const defaultPage = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(defaultPage.events).toHaveLength(22);
  });

  it('lists newest first with statusFilter and pagination; names are unique', async () => {
    const names = ['l1', 'l2', 'l3', 'l4', 'l5'];
    for (const name of names) {
      const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: chainArn, name }));
      await finished(executionArn!);
    }
    const listed: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await t.sfn.send(new ListExecutionsCommand({ stateMachineArn: chainArn, maxResults: 2, statusFilter: 'SUCCEEDED', ...(nextToken ? { nextToken } : {}) }));
      listed.push(...(page.executions ?? []).map((e) => e.name!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(listed.slice(0, 5)).toEqual([...names].reverse());
    expect((await t.sfn.send(new ListExecutionsCommand({ stateMachineArn: chainArn, statusFilter: 'FAILED' }))).executions).toEqual([]);

    await expect(t.sfn.send(new StartExecutionCommand({ stateMachineArn: chainArn, name: 'l1', input: '{"other":true}' }))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
    await expect(t.sfn.send(new StartExecutionCommand({ stateMachineArn: chainArn, name: 'bad/name' }))).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(t.sfn.send(new StartExecutionCommand({ stateMachineArn: chainArn, input: '{broken' }))).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
  });

  it('runs waits on the scaled clock with consistent timestamps (--time-scale 10)', async () => {
    // On an emulator of its own at a lower scale: the Wait's exit is stamped as late as its timer
    // fires, times the scale, so at 50 a timer 0.6 s late on a loaded machine broke the 60 s bound
    // below; at 10 that takes 3 s. (finished() and fullHistory() use `t`.)
    const shared = t;
    t = await startTestEmulator({ timeScale: 10 });
    try {
      const definition = JSON.stringify({ StartAt: 'Nap', States: { Nap: { Type: 'Wait', Seconds: 30, End: true } } });
      const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({ name: 'Napper', definition, roleArn: ROLE_ARN }));
      const realStart = Date.now();
      const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn }));
      expect(await finished(executionArn!)).toBe('SUCCEEDED');
      expect(Date.now() - realStart).toBeLessThan(10_000); // 30 s / 10 = 3 s
      const history = await fullHistory(executionArn!, false, 100);
      const entered = history.find((e) => e.type === 'WaitStateEntered')!.timestamp!.getTime();
      const exited = history.find((e) => e.type === 'WaitStateExited')!.timestamp!.getTime();
      expect(exited - entered).toBeGreaterThanOrEqual(30_000);
      expect(exited - entered).toBeLessThan(60_000);
      const described = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(described.stopDate!.getTime() - described.startDate!.getTime()).toBeGreaterThanOrEqual(30_000);
    } finally {
      await t.close();
      t = shared;
    }
  });

  it('stops a running execution with error and cause', async () => {
    const waitMachine = JSON.stringify({ StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } });
    const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({ name: 'Holder', definition: waitMachine, roleArn: ROLE_ARN }));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn }));
    await waitFor(async () => ((await fullHistory(executionArn!)).some((e) => e.type === 'WaitStateEntered') ? true : undefined));
    const running = await t.sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }));
    expect(running.executions?.map((e) => e.executionArn)).toEqual([executionArn]);
    const stopped = await t.sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'stopped by test' }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'stopped by test', redriveStatus: 'REDRIVABLE' });
    const history = await fullHistory(executionArn!);
    expect(history.at(-1)).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Operator', cause: 'stopped by test' } });
  });
});

describe('task resources', () => {
  let ordersArn: string;
  beforeAll(async () => {
    ordersArn = (await t.sfn.send(new CreateStateMachineCommand({ name: 'Orders', definition: taskMachine, roleArn: ROLE_ARN }))).stateMachineArn!;
  });

  it('answers from the mock config test case named after #', async () => {
    const happy = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: `${ordersArn}#HappyPath`, input: '{"order":1}' }));
    expect(happy.executionArn).toMatch(/^arn:aws:states:us-east-1:123456789012:execution:Orders:[0-9a-f-]{36}$/);
    expect(await finished(happy.executionArn!)).toBe('SUCCEEDED');
    const history = await fullHistory(happy.executionArn!, false, 100);
    expect(history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(JSON.parse(history.find((e) => e.type === 'TaskSucceeded')!.taskSucceededEventDetails!.output!)).toEqual({ StatusCode: 200, Payload: { charged: true } });

    const declined = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: `${ordersArn}#Declined` }));
    expect(await finished(declined.executionArn!)).toBe('FAILED');
    expect(await t.sfn.send(new DescribeExecutionCommand({ executionArn: declined.executionArn }))).toMatchObject({ error: 'CardDeclined', cause: 'insufficient funds' });

    await expect(t.sfn.send(new StartExecutionCommand({ stateMachineArn: `${ordersArn}#NoSuchCase` }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('fails with States.TaskFailed naming the state when there is no mock and no handler', async () => {
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: ordersArn }));
    expect(await finished(executionArn!)).toBe('FAILED');
    const described = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.error).toBe('States.TaskFailed');
    expect(described.cause).toContain("'Charge'");
  });

  it('runs registered JavaScript handlers, and redrives a failed execution', async () => {
    const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({
      name: 'Handled',
      definition: taskMachine.replace('arn:aws:states:::lambda:invoke', 'arn:aws:lambda:us-east-1:123456789012:function:flaky'),
      roleArn: ROLE_ARN,
    }));
    let calls = 0;
    t.emulator.registerTaskHandler('arn:aws:lambda:us-east-1:123456789012:function:flaky', async (request) => {
      calls++;
      return calls === 1 ? { ok: false, error: 'Flaky', cause: 'first call fails' } : { ok: true, output: { call: calls, state: request.stateName } };
    });
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'redrive-me' }));
    expect(await finished(executionArn!)).toBe('FAILED');
    expect(await t.sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({ error: 'Flaky', redriveStatus: 'REDRIVABLE', redriveCount: 0 });
    const failedCount = (await fullHistory(executionArn!, false, 1000)).length;

    const { redriveDate } = await t.sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect(redriveDate).toBeInstanceOf(Date);
    expect(await finished(executionArn!)).toBe('SUCCEEDED');
    const described = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ redriveCount: 1, status: 'SUCCEEDED' });
    expect(described.redriveDate).toBeInstanceOf(Date);
    const history = await fullHistory(executionArn!, false, 1000);
    const redriven = history.find((e) => e.type === 'ExecutionRedriven');
    expect(redriven).toMatchObject({ id: failedCount + 1, executionRedrivenEventDetails: { redriveCount: 1 } });
    await expect(t.sfn.send(new RedriveExecutionCommand({ executionArn }))).rejects.toMatchObject({ name: 'ExecutionNotRedrivable' });
    expect((await t.sfn.send(new ListExecutionsCommand({ stateMachineArn, redriveFilter: 'REDRIVEN' }))).executions).toHaveLength(1);
  });
});

describe('distributed map', () => {
  it('registers the Map Run and its child executions', async () => {
    const definition = JSON.stringify({
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          Label: 'Fan',
          MaxConcurrency: 2,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Echo',
            States: { Echo: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
    });
    const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({ name: 'Fanout', definition, roleArn: ROLE_ARN }));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify([1, 2, 3]) }));
    expect(await finished(executionArn!)).toBe('SUCCEEDED');
    expect((await t.sfn.send(new DescribeExecutionCommand({ executionArn }))).output).toBe('[1,2,3]');
    const { mapRuns } = await t.sfn.send(new ListMapRunsCommand({ executionArn }));
    expect(mapRuns).toHaveLength(1);
    const mapRunArn = mapRuns![0]!.mapRunArn!;
    expect(mapRunArn).toMatch(/^arn:aws:states:us-east-1:123456789012:mapRun:Fanout\/Fan:[0-9a-f-]{36}$/);
    expect(mapRuns![0]!.stateMachineArn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:Fanout/Fan');
    const run = await t.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(run).toMatchObject({ status: 'SUCCEEDED', maxConcurrency: 2, itemCounts: { total: 3, succeeded: 3 }, executionCounts: { total: 3, succeeded: 3 } });
    const children = await t.sfn.send(new ListExecutionsCommand({ mapRunArn }));
    expect(children.executions).toHaveLength(3);
    const child = children.executions![0]!;
    expect(child.executionArn).toMatch(/:execution:Fanout\/Fan:/);
    expect(child.mapRunArn).toBe(mapRunArn);
    expect(await t.sfn.send(new DescribeExecutionCommand({ executionArn: child.executionArn }))).toMatchObject({ mapRunArn, status: 'SUCCEEDED' });
    const forChild = await t.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: child.executionArn }));
    expect(forChild).toMatchObject({ mapRunArn, label: 'Fan' });
    expect(JSON.parse(forChild.definition!)).toMatchObject({ StartAt: 'Echo' });
    const parentHistory = await fullHistory(executionArn!, false, 1000);
    expect(parentHistory.find((e) => e.type === 'MapRunStarted')?.mapRunStartedEventDetails?.mapRunArn).toBe(mapRunArn);
  });
});

describe('express executions and CloudWatch Logs', () => {
  const definition = JSON.stringify({
    StartAt: 'Shape',
    States: { Shape: { Type: 'Pass', Parameters: { 'device.$': '$.device' }, Next: 'Check' }, Check: { Type: 'Choice', Choices: [{ Variable: '$.device', StringEquals: 'bad', Next: 'Reject' }], Default: 'Ok' }, Ok: { Type: 'Succeed' }, Reject: { Type: 'Fail', Error: 'BadDevice', Cause: 'device is bad' } },
  });

  it('writes ALL-level records retrievable with FilterLogEvents, GetLogEvents and DescribeLogStreams', async () => {
    const group = '/aws/vendedlogs/states/Ingest-Logs';
    const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({
      name: 'Ingest',
      type: 'EXPRESS',
      definition,
      roleArn: ROLE_ARN,
      loggingConfiguration: { level: 'ALL', includeExecutionData: true, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: logGroupArn(group) } }] },
    }));
    const sync = await t.sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: '{"device":"d1"}' }));
    expect(sync).toMatchObject({ status: 'SUCCEEDED', output: '{"device":"d1"}' });
    expect(sync.executionArn).toMatch(/^arn:aws:states:us-east-1:123456789012:express:Ingest:[^:]+:[0-9a-f-]{36}$/);
    expect(sync.billingDetails?.billedDurationInMilliseconds).toBeGreaterThanOrEqual(100);
    expect(sync.billingDetails?.billedMemoryUsedInMB).toBe(64);

    const failedSync = await t.sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: '{"device":"bad"}' }));
    expect(failedSync).toMatchObject({ status: 'FAILED', error: 'BadDevice', cause: 'device is bad' });

    const async = await t.sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"device":"d2"}' }));
    expect(async.executionArn).toMatch(/:express:Ingest:/);
    await expect(t.sfn.send(new DescribeExecutionCommand({ executionArn: async.executionArn }))).rejects.toMatchObject({ name: 'InvalidArn' });
    await expect(t.sfn.send(new ListExecutionsCommand({ stateMachineArn }))).rejects.toMatchObject({ name: 'StateMachineTypeNotSupported' });

    const records = await waitFor(async () => {
      const page = await t.logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: `{ $.execution_arn = "${async.executionArn}" }` }));
      const parsed = (page.events ?? []).map((e) => JSON.parse(e.message!) as Record<string, unknown>);
      return parsed.some((r) => r.type === 'ExecutionSucceeded') ? parsed : undefined;
    });
    expect(records.map((r) => r.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ChoiceStateEntered', 'ChoiceStateExited', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
    expect(records[0]).toMatchObject({ id: '1', previous_event_id: '0', execution_arn: async.executionArn, redrive_count: '0', details: { input: '{"device":"d2"}' } });
    expect(typeof records[0]!.event_timestamp).toBe('string');

    const streams = await t.logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    const names = (streams.logStreams ?? []).map((s) => s.logStreamName);
    expect(names).toContain('log_stream_created_by_aws_to_validate_log_delivery_subscriptions');
    const executionStream = names.find((n) => n?.startsWith('states/'));
    expect(executionStream).toMatch(/^states\/Ingest\/\d{4}-\d{2}-\d{2}-\d{2}-\d{2}\/[0-9a-f]{8}$/);
    const fromHead = await t.logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: executionStream!, startFromHead: true, limit: 5 }));
    expect(fromHead.events).toHaveLength(5);
    const more = await t.logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: executionStream!, nextToken: fromHead.nextForwardToken, limit: 5 }));
    expect(more.events?.length).toBeGreaterThan(0);

    const failures = await t.logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.type = "ExecutionFailed" }' }));
    expect(failures.events).toHaveLength(1);

    // Pagination with limit, and a time window.
    const all: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await t.logs.send(new FilterLogEventsCommand({ logGroupName: group, limit: 3, logStreamNamePrefix: 'states/Ingest/', ...(nextToken ? { nextToken } : {}) }));
      all.push(...(page.events ?? []).map((e) => e.eventId!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(all.length).toBe(8 + 8 + 7);
    const future = await t.logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: Date.now() + 365 * 86400_000 * 100 }));
    expect(future.events).toEqual([]);
  });

  it('honours level ERROR and includeExecutionData=false, and logs Standard machines too', async () => {
    const group = 'errors-only';
    const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({
      name: 'ErrorsOnly',
      definition,
      roleArn: ROLE_ARN,
      loggingConfiguration: { level: 'ERROR', includeExecutionData: false, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: logGroupArn(group) } }] },
    }));
    const ok = await t.sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"device":"d1"}' }));
    const bad = await t.sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"device":"bad"}' }));
    await finished(ok.executionArn!);
    await finished(bad.executionArn!);
    const page = await t.logs.send(new FilterLogEventsCommand({ logGroupName: group }));
    const records = (page.events ?? []).map((e) => JSON.parse(e.message!) as Record<string, unknown>);
    expect(records.map((r) => r.type)).toEqual(['FailStateEntered', 'ExecutionFailed']);
    expect(records.every((r) => r.execution_arn === bad.executionArn)).toBe(true);
    expect(records[0]!.details).toEqual({ name: 'Reject' });
    expect(records[1]!.details).toEqual({ error: 'BadDevice', cause: 'device is bad' });
  });
});
