// Distributed Map runs through the poller against the built-in emulator (DESIGN.md §2.9): every
// child of a 200-item Map Run is stored with exactly the source's events (Standard children
// compared with GetExecutionHistory, Express children with their CloudWatch Logs records),
// linked to its parent, and the stored Map Run's counts are DescribeMapRun's.
import { CreateLogGroupCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateStateMachineCommand, DescribeExecutionCommand, DescribeMapRunCommand, ListExecutionsCommand, ListMapRunsCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { getExecutionRelations } from '../../../lib/api/map-runs/get-execution-relations.ts';
import { pollOnce } from '../../../lib/poller/index.ts';
import { reanalyze } from '../../../lib/ingest/index.ts';
import { countMapRunChildren, getExecution, getMapRun, listExecutions, type Store } from '../../../lib/store/index.ts';
import { EXTERNAL_ENDPOINT, ROLE_ARN, expectStoredExactly, start, startRig, waitFor, type Rig } from './poller-helpers.ts';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const ITEMS = 200;
/** Items whose index is a multiple of 7 fail (29 of 200); the Map Run tolerates all failures. */
const failing = (i: number) => i % 7 === 0;

function distributedMap(executionType: 'STANDARD' | 'EXPRESS', tolerated: number) {
  return {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        ToleratedFailurePercentage: tolerated,
        MaxConcurrency: 50,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: executionType },
          StartAt: 'Check',
          States: {
            Check: { Type: 'Choice', Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Broken' }], Default: 'Work' },
            Work: { Type: 'Pass', Result: { done: true }, ResultPath: '$.r', End: true },
            Broken: { Type: 'Fail', Error: 'Item.Broken', Cause: 'this item is broken' },
          },
        },
        End: true,
      },
    },
  };
}

async function createParent(target: Rig, name: string, definition: unknown): Promise<{ arn: string; group: string }> {
  const full = `${target.prefix}-${name}`;
  const group = `/aws/vendedlogs/states/${full}`;
  await target.logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(() => undefined);
  const out = await target.sfn.send(
    new CreateStateMachineCommand({
      name: full,
      definition: JSON.stringify(definition),
      roleArn: ROLE_ARN,
      loggingConfiguration: { level: 'ALL', includeExecutionData: true, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${group}:*` } }] },
    }),
  );
  return { arn: out.stateMachineArn as string, group };
}

async function childrenOf(target: Rig, mapRunArn: string): Promise<Array<{ executionArn: string; status: string }>> {
  const out: Array<{ executionArn: string; status: string }> = [];
  let nextToken: string | undefined;
  do {
    const page = await target.sfn.send(new ListExecutionsCommand({ mapRunArn, maxResults: 1000, nextToken }));
    for (const e of page.executions ?? []) out.push({ executionArn: e.executionArn as string, status: e.status as string });
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

async function logRecords(target: Rig, group: string): Promise<Array<{ execution_arn: string; id: string; type: string }>> {
  const out: Array<{ execution_arn: string; id: string; type: string }> = [];
  let nextToken: string | undefined;
  do {
    const page = await target.logs.send(new FilterLogEventsCommand({ logGroupName: group, nextToken }));
    for (const e of page.events ?? []) out.push(JSON.parse(e.message ?? '{}') as { execution_arn: string; id: string; type: string });
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

/** The emulator's DescribeMapRun counts, as AWS names them. */
async function describedCounts(target: Rig, mapRunArn: string) {
  const out = await target.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
  return { status: out.status, itemCounts: out.itemCounts, executionCounts: out.executionCounts, toleratedFailurePercentage: out.toleratedFailurePercentage, maxConcurrency: out.maxConcurrency };
}

async function runToEnd(target: Rig, stateMachineArn: string): Promise<{ parentArn: string; mapRunArn: string }> {
  const items = Array.from({ length: ITEMS }, (_, i) => ({ i, fail: failing(i) }));
  const parentArn = await start(target, stateMachineArn, { items });
  await waitFor(
    'the parent to end',
    async () => (await target.sfn.send(new DescribeExecutionCommand({ executionArn: parentArn }))).status !== 'RUNNING',
    60_000,
  );
  const runs = await target.sfn.send(new ListMapRunsCommand({ executionArn: parentArn }));
  expect(runs.mapRuns).toHaveLength(1);
  return { parentArn, mapRunArn: runs.mapRuns?.[0]?.mapRunArn as string };
}

async function expectLinked(store: Store, parentArn: string, mapRunArn: string, childArns: readonly string[]): Promise<void> {
  const relations = await getExecutionRelations(store, parentArn);
  expect(relations.mapRuns.map((m) => [m.mapRunArn, m.stateName])).toEqual([[mapRunArn, 'Fan']]);
  const listed = await listExecutions(store, { mapRunArn, limit: 500 });
  expect(listed.items.map((e) => e.executionArn).sort()).toEqual([...childArns].sort());
  // A sample of children each name the parent (every child's Execution.mapRunArn is checked by the listing above).
  for (const arn of [childArns[0], childArns[childArns.length - 1]]) {
    const child = await getExecutionRelations(store, arn as string);
    expect(child.parentExecutionArn).toBe(parentArn);
    expect(child.parent).toMatchObject({ via: 'map-run', mapRunArn, stateName: 'Fan' });
  }
}

describe.skipIf(EXTERNAL_ENDPOINT !== null)('Map Runs through the poller', () => {
  it('stores every Standard child of a 200-item Map Run exactly, linked to its parent, with DescribeMapRun’s counts', async () => {
    rig = await startRig();
    const { arn } = await createParent(rig, 'dmap-standard', distributedMap('STANDARD', 100));
    const { parentArn, mapRunArn } = await runToEnd(rig, arn);
    const children = await childrenOf(rig, mapRunArn);
    expect(children).toHaveLength(ITEMS);
    expect(children.filter((c) => c.status === 'FAILED')).toHaveLength(Array.from({ length: ITEMS }, (_, i) => i).filter(failing).length);

    const result = await pollOnce({ store: rig.store, sources: rig.config.sources });
    expect(result.errors).toEqual([]);
    await expectStoredExactly(rig, parentArn);
    for (const child of children) await expectStoredExactly(rig, child.executionArn);
    for (const child of children) expect((await getExecution(rig.store, child.executionArn))?.execution).toMatchObject({ status: child.status, historyComplete: true });
    await expectLinked(rig.store, parentArn, mapRunArn, children.map((c) => c.executionArn));

    const stored = await getMapRun(rig.store, mapRunArn);
    const described = await describedCounts(rig, mapRunArn);
    expect(stored).toMatchObject({ status: described.status, itemCounts: described.itemCounts, executionCounts: described.executionCounts, executionType: 'STANDARD', childrenListed: true, stateName: 'Fan', executionArn: parentArn });
    expect(stored?.toleratedFailurePercentage).toBe(described.toleratedFailurePercentage);
    expect(stored?.maxConcurrency).toBe(described.maxConcurrency);
    const byStatus = await countMapRunChildren(rig.store, mapRunArn);
    expect(byStatus).toEqual({ SUCCEEDED: described.executionCounts?.succeeded, FAILED: described.executionCounts?.failed });
    // One DescribeMapRun (it had stopped), one ListExecutions page, one DSMFE for the children's definition.
    expect(result.stats.apiCalls.DescribeMapRun).toBe(1);
    expect(result.stats.apiCalls.ListMapRuns ?? 0).toBe(0);
    expect(result.stats.apiCalls.GetExecutionHistory).toBe(ITEMS + 1);

    // Settled: the next poll makes no Map Run call; links survive a full rebuild unchanged.
    const again = await pollOnce({ store: rig.store, sources: rig.config.sources });
    expect(again.stats.apiCalls.DescribeMapRun ?? 0).toBe(0);
    expect(again.stats.apiCalls.DescribeStateMachineForExecution ?? 0).toBe(0);
    expect(again.stats.apiCalls.GetExecutionHistory ?? 0).toBe(0);
    // The parent machine's listing page and its redrive check; no ListExecutions(mapRunArn).
    expect(again.stats.apiCalls.ListExecutions ?? 0).toBeLessThanOrEqual(2);
    await reanalyze(rig.store, { all: true });
    await expectLinked(rig.store, parentArn, mapRunArn, children.map((c) => c.executionArn));
  }, 180_000);

  it('stores every Express child of a failed 200-item Map Run from the parent’s logs, linked, with DescribeMapRun’s counts', async () => {
    rig = await startRig();
    // Tolerates no failure: the Map Run fails (States.ExceedToleratedFailureThreshold) and so does the parent.
    const { arn, group } = await createParent(rig, 'dmap-express', distributedMap('EXPRESS', 5));
    const { parentArn, mapRunArn } = await runToEnd(rig, arn);
    expect((await rig.sfn.send(new DescribeExecutionCommand({ executionArn: parentArn }))).status).toBe('FAILED');
    const children = await childrenOf(rig, mapRunArn);
    expect(children.length).toBeGreaterThan(0);

    const result = await pollOnce({ store: rig.store, sources: rig.config.sources });
    expect(result.errors).toEqual([]);
    await expectStoredExactly(rig, parentArn);
    const records = await logRecords(rig, group);
    for (const child of children) {
      const stored = await getExecution(rig.store, child.executionArn);
      const mine = records.filter((r) => r.execution_arn === child.executionArn).map((r) => [Number(r.id), r.type] as const).sort((a, b) => a[0] - b[0]);
      expect(mine.length, child.executionArn).toBeGreaterThan(0);
      expect(stored?.events.map((e) => [e.id, e.type]), child.executionArn).toEqual(mine);
      expect(stored?.execution).toMatchObject({ status: child.status, historyComplete: child.status !== 'RUNNING' && child.status !== 'ABORTED' ? true : stored?.execution.historyComplete });
    }
    await expectLinked(rig.store, parentArn, mapRunArn, children.map((c) => c.executionArn));
    const stored = await getMapRun(rig.store, mapRunArn);
    const described = await describedCounts(rig, mapRunArn);
    // Not settled yet: log records may still arrive until logsOverlapMs after the Map Run stopped.
    expect(stored).toMatchObject({ status: 'FAILED', itemCounts: described.itemCounts, executionCounts: described.executionCounts, executionType: 'EXPRESS', childrenListed: false });
    expect(result.stats.apiCalls.GetExecutionHistory).toBe(1); // the parent only: Express children come from logs
    expect(result.stats.apiCalls.DescribeMapRun).toBe(1);
    const byStatus = await countMapRunChildren(rig.store, mapRunArn);
    expect(byStatus.FAILED).toBe(described.executionCounts?.failed);
    expect(byStatus.SUCCEEDED ?? 0).toBe(described.executionCounts?.succeeded);

    // Past the overlap (0 here) it settles, and the store does not change.
    const last = await pollOnce({ store: rig.store, sources: rig.config.sources, poll: { logsOverlapMs: 0 } });
    expect(last.errors).toEqual([]);
    expect((await getMapRun(rig.store, mapRunArn))?.childrenListed).toBe(true);
    expect(last.stats.apiCalls.DescribeMapRun ?? 0).toBe(0);
  }, 180_000);
});
