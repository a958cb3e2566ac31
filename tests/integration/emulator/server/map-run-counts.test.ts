// DescribeMapRun's itemCounts / executionCounts after a Map Run that did not succeed, as AWS
// answers them: an item whose child execution never started stays `pending` (it is not `aborted`:
// AWS's aborted counts children that were running and were stopped), and `total` is every item.
// MaxConcurrency 1 makes the split deterministic: children start one after the other.
import { CreateStateMachineCommand, DescribeExecutionCommand, DescribeMapRunCommand, ListExecutionsCommand, ListMapRunsCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_ARN, startTestEmulator, waitFor, type TestEmulator } from '../../../helpers/emulator.ts';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ timeScale: 50 });
});
afterAll(async () => {
  await t?.close();
});

const ITEMS = 10;

/** A Distributed Map over $.items, one child at a time, tolerating no failure; an item with `fail` true fails, the others wait `wait` seconds and succeed. */
function machine(name: string) {
  return t.sfn.send(
    new CreateStateMachineCommand({
      name,
      roleArn: ROLE_ARN,
      definition: JSON.stringify({
        StartAt: 'Fan',
        States: {
          Fan: {
            Type: 'Map',
            ItemsPath: '$.items',
            MaxConcurrency: 1,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'Check',
              States: {
                Check: {
                  Type: 'Choice',
                  Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Broken' }],
                  Default: 'Hold',
                },
                Hold: { Type: 'Wait', SecondsPath: '$.wait', Next: 'Work' },
                Work: { Type: 'Pass', End: true },
                Broken: { Type: 'Fail', Error: 'Item.Broken', Cause: 'broken item' },
              },
            },
            End: true,
          },
        },
      }),
    }),
  );
}

async function mapRunOf(executionArn: string): Promise<string> {
  return waitFor(async () => (await t.sfn.send(new ListMapRunsCommand({ executionArn }))).mapRuns?.[0]?.mapRunArn, 20_000, 'the Map Run');
}

async function ended(executionArn: string): Promise<string> {
  return waitFor(async () => {
    const { status } = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return status === 'RUNNING' ? undefined : status;
  }, 30_000, `execution ${executionArn}`);
}

async function childStatuses(mapRunArn: string): Promise<string[]> {
  const out = await t.sfn.send(new ListExecutionsCommand({ mapRunArn, maxResults: 1000 }));
  return (out.executions ?? []).map((e) => e.status as string);
}

/** Children listed by status, as DescribeMapRun's count fields name them. */
function tally(statuses: readonly string[]) {
  const count = (s: string) => statuses.filter((x) => x === s).length;
  return { running: count('RUNNING'), succeeded: count('SUCCEEDED'), failed: count('FAILED'), timedOut: count('TIMED_OUT'), aborted: count('ABORTED') };
}

describe('DescribeMapRun counts of a Map Run that did not succeed', () => {
  it('a Map Run failed past its tolerated failures counts the items never started as pending, not aborted', async () => {
    const { stateMachineArn } = await machine('counts-failed');
    // Items 0 and 1 succeed, item 2 fails: the run stops there and items 3…9 never start.
    const items = Array.from({ length: ITEMS }, (_, i) => ({ i, fail: i === 2, wait: 0 }));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ items }) }));
    expect(await ended(executionArn as string)).toBe('FAILED');
    const mapRunArn = await mapRunOf(executionArn as string);
    const statuses = await childStatuses(mapRunArn);
    expect(tally(statuses)).toEqual({ running: 0, succeeded: 2, failed: 1, timedOut: 0, aborted: 0 });

    const run = await t.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(run.status).toBe('FAILED');
    const expected = { ...tally(statuses), pending: ITEMS - statuses.length, total: ITEMS, resultsWritten: 2 };
    expect(run.itemCounts).toMatchObject(expected);
    expect(run.executionCounts).toMatchObject(expected);
    expect(expected.pending).toBe(7);
  });

  it('an aborted Map Run counts the child it stopped as aborted and the items never started as pending', async () => {
    const { stateMachineArn } = await machine('counts-aborted');
    // The first child waits 100 s (2 s at time scale 50); the parent is stopped while it does.
    const items = Array.from({ length: ITEMS }, (_, i) => ({ i, fail: false, wait: i === 0 ? 100 : 0 }));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ items }) }));
    const mapRunArn = await mapRunOf(executionArn as string);
    await waitFor(async () => ((await childStatuses(mapRunArn)).includes('RUNNING') ? true : undefined), 20_000, 'the first child to run');
    const running = await t.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(running).toMatchObject({ status: 'RUNNING', executionCounts: { running: 1, pending: ITEMS - 1, total: ITEMS } });

    await t.sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'stopped by test' }));
    expect(await ended(executionArn as string)).toBe('ABORTED');
    const run = await waitFor(async () => {
      const d = await t.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
      return d.status === 'RUNNING' ? undefined : d;
    }, 20_000, 'the Map Run to end');
    expect(run.status).toBe('ABORTED');
    const statuses = await childStatuses(mapRunArn);
    expect(tally(statuses)).toEqual({ running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 1 });
    const expected = { ...tally(statuses), pending: ITEMS - 1, total: ITEMS, resultsWritten: 0 };
    expect(run.itemCounts).toMatchObject(expected);
    expect(run.executionCounts).toMatchObject(expected);
  });
});
