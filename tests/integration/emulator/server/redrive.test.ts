// RedriveExecution over the SDK: a failed inline Map, Parallel and Distributed Map re-run only
// what did not succeed (redrive-executions.html, redrive-map-run.html; the interpreter's unit
// tests hold AWS's recorded sequences).
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_ARN, startTestEmulator, waitFor, type TestEmulator } from '../../../helpers/emulator.ts';

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ timeScale: 50 });
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
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

const lambda = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** A handler that fails the given items on their first call only; records every call's item. */
function flaky(name: string, failing: Set<number>): number[] {
  const calls: number[] = [];
  const failedOnce = new Set<number>();
  t.emulator.registerTaskHandler(lambda(name), async (request) => {
    const item = (request.parameters as { item: number }).item;
    calls.push(item);
    if (failing.has(item) && !failedOnce.has(item)) {
      failedOnce.add(item);
      return { ok: false, error: 'Item.Failed', cause: `item ${item}` };
    }
    return { ok: true, output: { item, call: calls.length } };
  });
  return calls;
}

describe('RedriveExecution', () => {
  it('re-runs only the failed iteration of an inline Map and keeps the others’ results', async () => {
    const calls = flaky('inline-item', new Set([1]));
    const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({
      name: 'RedriveInline',
      roleArn: ROLE_ARN,
      definition: JSON.stringify({
        StartAt: 'Items',
        States: {
          Items: {
            Type: 'Map',
            MaxConcurrency: 1,
            ItemSelector: { 'item.$': '$$.Map.Item.Value' },
            ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: lambda('inline-item'), Parameters: { 'item.$': '$.item' }, End: true } } },
            End: true,
          },
        },
      }),
    }));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify([0, 1, 2, 3]) }));
    expect(await finished(executionArn!)).toBe('FAILED');
    expect(calls).toEqual([0, 1]);
    const before = await history(executionArn!);

    await t.sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect(await finished(executionArn!)).toBe('SUCCEEDED');
    // Item 0 is not called again; the failed item 1 first, then the two that never started.
    expect(calls).toEqual([0, 1, 1, 2, 3]);
    const events = await history(executionArn!);
    const after = events.slice(before.length);
    expect(after[0]).toMatchObject({ type: 'ExecutionRedriven', previousEventId: before.at(-1)?.id });
    expect(after.filter((e) => e.type === 'MapIterationStarted').map((e) => e.mapIterationStartedEventDetails?.index)).toEqual([2, 3]);
    expect(after.filter((e) => e.type?.endsWith('StateEntered') && e.stateEnteredEventDetails?.name === 'Items')).toEqual([]);
    const enteredWork1 = before.filter((e) => e.type === 'TaskStateEntered')[1]?.id;
    // A Lambda function ARN as Resource writes LambdaFunction* events.
    expect(after.find((e) => e.type === 'LambdaFunctionScheduled')?.previousEventId).toBe(enteredWork1);
    const { output } = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect((JSON.parse(output ?? 'null') as { item: number; call: number }[]).map((o) => [o.item, o.call])).toEqual([
      [0, 1],
      [1, 3],
      [2, 4],
      [3, 5],
    ]);
  });

  it('re-runs only the failed branch of a Parallel', async () => {
    const calls = flaky('branch-item', new Set([2]));
    const branch = (item: number) => ({ StartAt: `B${item}`, States: { [`B${item}`]: { Type: 'Task', Resource: lambda('branch-item'), Parameters: { item }, End: true } } });
    const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({
      name: 'RedriveParallel',
      roleArn: ROLE_ARN,
      definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [branch(1), branch(2)], End: true } } }),
    }));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn }));
    expect(await finished(executionArn!)).toBe('FAILED');
    const firstCalls = calls.length;
    await t.sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect(await finished(executionArn!)).toBe('SUCCEEDED');
    // Branch 1 either succeeded (kept) or was aborted by branch 2's failure (re-run): never both.
    const rerun = calls.slice(firstCalls);
    expect(rerun).toContain(2);
    expect(rerun.filter((i) => i === 1).length + calls.slice(0, firstCalls).filter((i) => i === 1).length).toBeLessThanOrEqual(2);
    const { output } = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect((JSON.parse(output ?? 'null') as { item: number }[]).map((o) => o.item)).toEqual([1, 2]);
  });

  it('redrives a failed Distributed Map Run: MapRunRedriven, only the failed child redriven, counts and redriveCount in DescribeMapRun', async () => {
    const calls = flaky('dist-item', new Set([2]));
    const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({
      name: 'RedriveDistributed',
      roleArn: ROLE_ARN,
      definition: JSON.stringify({
        StartAt: 'Fan',
        States: {
          Fan: {
            Type: 'Map',
            Label: 'Fan',
            MaxConcurrency: 1,
            ItemSelector: { 'item.$': '$$.Map.Item.Value' },
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'Work',
              States: { Work: { Type: 'Task', Resource: lambda('dist-item'), Parameters: { 'item.$': '$.item' }, End: true } },
            },
            End: true,
          },
        },
      }),
    }));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify([0, 1, 2, 3]) }));
    expect(await finished(executionArn!)).toBe('FAILED');
    const { mapRuns } = await t.sfn.send(new ListMapRunsCommand({ executionArn }));
    expect(mapRuns).toHaveLength(1);
    const mapRunArn = mapRuns?.[0]?.mapRunArn;
    const failedRun = await t.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(failedRun).toMatchObject({ status: 'FAILED', redriveCount: 0, itemCounts: { succeeded: 2, failed: 1, pending: 1, total: 4 } });
    expect(calls).toEqual([0, 1, 2]);
    const before = await history(executionArn!);

    await t.sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect(await finished(executionArn!)).toBe('SUCCEEDED');
    expect(calls).toEqual([0, 1, 2, 2, 3]);
    const after = (await history(executionArn!)).slice(before.length);
    const started = before.find((e) => e.type === 'MapRunStarted');
    expect(after.map((e) => e.type)).toEqual(['ExecutionRedriven', 'MapRunRedriven', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);
    expect(after[1]).toMatchObject({ previousEventId: started?.id, mapRunRedrivenEventDetails: { mapRunArn, redriveCount: 1 } });
    expect(after[2]?.previousEventId).toBe(after[1]?.id);
    expect((await t.sfn.send(new ListMapRunsCommand({ executionArn }))).mapRuns).toHaveLength(1);

    const run = await t.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(run).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, itemCounts: { succeeded: 4, failed: 0, pending: 0, total: 4 }, executionCounts: { succeeded: 4, total: 4 } });
    expect(run.redriveDate).toBeInstanceOf(Date);
    // The failed child was redriven (same ARN, history appended); the others ran once.
    const children = (await t.sfn.send(new ListExecutionsCommand({ mapRunArn }))).executions ?? [];
    expect(children).toHaveLength(4);
    const redriven = (await t.sfn.send(new ListExecutionsCommand({ mapRunArn, redriveFilter: 'REDRIVEN' }))).executions ?? [];
    expect(redriven).toHaveLength(1);
    const child = await t.sfn.send(new DescribeExecutionCommand({ executionArn: redriven[0]?.executionArn }));
    expect(child).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, input: '{"item":2}' });
    const childEvents = await history(child.executionArn!);
    expect(childEvents.map((e) => e.type)).toEqual([
      'ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionFailed', 'ExecutionFailed',
      'ExecutionRedriven', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited', 'ExecutionSucceeded',
    ]);
    const { output } = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect((JSON.parse(output ?? 'null') as { item: number }[]).map((o) => o.item)).toEqual([0, 1, 2, 3]);
  });

  it('keeps the unsuccessful children of a redriven Map Run PENDING_REDRIVE until their turn (MaxConcurrency 1)', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen = new Map<number, number>();
    t.emulator.registerTaskHandler(lambda('gated-item'), async (request) => {
      const item = (request.parameters as { item: number }).item;
      const n = (seen.get(item) ?? 0) + 1;
      seen.set(item, n);
      if ((item === 1 || item === 2) && n === 1) return { ok: false, error: 'Item.Failed', cause: `item ${item}` };
      if (item === 1) await gate;
      return { ok: true, output: { item } };
    });
    const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({
      name: 'RedrivePending',
      roleArn: ROLE_ARN,
      definition: JSON.stringify({
        StartAt: 'Fan',
        States: {
          Fan: {
            Type: 'Map',
            MaxConcurrency: 1,
            ToleratedFailureCount: 1,
            ItemSelector: { 'item.$': '$$.Map.Item.Value' },
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'Work',
              States: { Work: { Type: 'Task', Resource: lambda('gated-item'), Parameters: { 'item.$': '$.item' }, End: true } },
            },
            End: true,
          },
        },
      }),
    }));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify([0, 1, 2, 3]) }));
    expect(await finished(executionArn!)).toBe('FAILED');
    const mapRunArn = (await t.sfn.send(new ListMapRunsCommand({ executionArn }))).mapRuns?.[0]?.mapRunArn;
    expect((await t.sfn.send(new DescribeMapRunCommand({ mapRunArn }))).itemCounts).toMatchObject({ succeeded: 1, failed: 2, pending: 1, pendingRedrive: 0 });

    await t.sfn.send(new RedriveExecutionCommand({ executionArn }));
    const during = await waitFor(async () => {
      const d = await t.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
      return d.itemCounts?.running === 1 ? d : undefined;
    }, 10_000, 'item 1 to run again');
    expect(during).toMatchObject({ status: 'RUNNING', redriveCount: 1, itemCounts: { succeeded: 1, running: 1, failed: 0, pendingRedrive: 1, pending: 1 } });
    expect((await t.sfn.send(new ListExecutionsCommand({ mapRunArn, statusFilter: 'PENDING_REDRIVE' }))).executions).toHaveLength(1);
    release();
    expect(await finished(executionArn!)).toBe('SUCCEEDED');
    expect((await t.sfn.send(new DescribeMapRunCommand({ mapRunArn }))).itemCounts).toMatchObject({ succeeded: 4, failed: 0, pending: 0, pendingRedrive: 0 });
  });

  it('starts a failed Express child of a redriven Map Run again under the same ARN', async () => {
    const calls = flaky('express-item', new Set([1]));
    const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({
      name: 'RedriveExpressChildren',
      roleArn: ROLE_ARN,
      definition: JSON.stringify({
        StartAt: 'Fan',
        States: {
          Fan: {
            Type: 'Map',
            MaxConcurrency: 1,
            ItemSelector: { 'item.$': '$$.Map.Item.Value' },
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
              StartAt: 'Work',
              States: { Work: { Type: 'Task', Resource: lambda('express-item'), Parameters: { 'item.$': '$.item' }, End: true } },
            },
            End: true,
          },
        },
      }),
    }));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify([0, 1, 2]) }));
    expect(await finished(executionArn!)).toBe('FAILED');
    const mapRunArn = (await t.sfn.send(new ListMapRunsCommand({ executionArn }))).mapRuns?.[0]?.mapRunArn;
    const before = ((await t.sfn.send(new ListExecutionsCommand({ mapRunArn }))).executions ?? []).map((e) => e.executionArn).sort();
    expect(before).toHaveLength(2);
    await t.sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect(await finished(executionArn!)).toBe('SUCCEEDED');
    expect(calls).toEqual([0, 1, 1, 2]);
    const after = ((await t.sfn.send(new ListExecutionsCommand({ mapRunArn }))).executions ?? []).map((e) => e.executionArn);
    expect(after).toHaveLength(3);
    expect(before.every((arn) => after.includes(arn))).toBe(true);
    expect(await t.sfn.send(new DescribeMapRunCommand({ mapRunArn }))).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, itemCounts: { succeeded: 3, failed: 0, total: 3 } });
  });
});
