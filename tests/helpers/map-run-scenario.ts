// A parent execution with both kinds of children (DESIGN.md §2.9), run on the built-in emulator
// and ingested by the poller into the rig's store: its first state `Launch` starts an execution of
// another machine through `states:startExecution` (the emulator's own integration; the child's input names the parent under
// AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID, as AWS's console writes it), then `Fan`, a
// Distributed Map over ITEMS items of which every FAIL_EVERY-th fails. It tolerates no failure, so
// the Map Run fails and so does the parent. Shared by the Map Run route test and the e2e.
import { DescribeExecutionCommand, DescribeMapRunCommand, ListExecutionsCommand, ListMapRunsCommand } from '@aws-sdk/client-sfn';
import { STARTED_BY_INPUT_KEY } from '../../lib/history/index.ts';
import { pollOnce } from '../../lib/poller/index.ts';
import { createMachine, start, startRig, waitFor, type Rig } from '../integration/poller/poller-helpers.ts';

export const ITEMS = 12;
export const FAIL_EVERY = 4;
const START_EXECUTION = 'arn:aws:states:::states:startExecution';

const childDefinition = { StartAt: 'Notify', States: { Notify: { Type: 'Pass', Result: { notified: true }, End: true } } };

const parentDefinition = (childMachineArn: string) => ({
  StartAt: 'Launch',
  States: {
    Launch: {
      Type: 'Task',
      Resource: START_EXECUTION,
      Parameters: { StateMachineArn: childMachineArn, Input: { order: 'o-1', [`${STARTED_BY_INPUT_KEY}.$`]: '$$.Execution.Id' } },
      ResultPath: '$.launched',
      Next: 'Fan',
    },
    Fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      ToleratedFailurePercentage: 0,
      MaxConcurrency: 6,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
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
});

export interface MapRunScenario {
  rig: Rig;
  parentArn: string;
  mapRunArn: string;
  /** The execution `Launch` started. */
  startedArn: string;
  /** The Map Run's children as the source lists them. */
  children: Array<{ executionArn: string; status: string }>;
  /** DescribeMapRun as the source answers it after the parent ended. */
  described: { status: string; itemCounts: Record<string, number>; executionCounts: Record<string, number>; toleratedFailurePercentage: number; toleratedFailureCount: number; maxConcurrency: number };
}

/** Runs the scenario to its end and polls once (every child stored, the Map Run described). */
export async function runMapRunScenario(): Promise<MapRunScenario> {
  const rig = await startRig();
  try {
    const childMachine = await createMachine(rig, 'notify', childDefinition);
    const parentMachine = await createMachine(rig, 'orders-fan', parentDefinition(childMachine));
    const items = Array.from({ length: ITEMS }, (_, i) => ({ i, fail: i % FAIL_EVERY === 0 }));
    const parentArn = await start(rig, parentMachine, { items }, 'fan-out-1');
    await waitFor('the parent to end', async () => (await rig.sfn.send(new DescribeExecutionCommand({ executionArn: parentArn }))).status !== 'RUNNING', 60_000);
    const runs = await rig.sfn.send(new ListMapRunsCommand({ executionArn: parentArn }));
    const mapRunArn = runs.mapRuns?.[0]?.mapRunArn;
    if (mapRunArn === undefined) throw new Error('the parent started no Map Run');
    const listed = await rig.sfn.send(new ListExecutionsCommand({ mapRunArn, maxResults: 1000 }));
    const children = (listed.executions ?? []).map((e) => ({ executionArn: e.executionArn as string, status: e.status as string }));
    const siblings = await rig.sfn.send(new ListExecutionsCommand({ stateMachineArn: childMachine }));
    const startedArn = siblings.executions?.[0]?.executionArn;
    if (startedArn === undefined) throw new Error('Launch started no execution');
    await waitFor('the started execution to end', async () => (await rig.sfn.send(new DescribeExecutionCommand({ executionArn: startedArn }))).status !== 'RUNNING', 30_000);
    const d = await rig.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    const described = {
      status: d.status as string,
      itemCounts: { ...d.itemCounts } as Record<string, number>,
      executionCounts: { ...d.executionCounts } as Record<string, number>,
      toleratedFailurePercentage: d.toleratedFailurePercentage as number,
      toleratedFailureCount: d.toleratedFailureCount as number,
      maxConcurrency: d.maxConcurrency as number,
    };
    const result = await pollOnce({ store: rig.store, sources: rig.config.sources });
    if (result.errors.length > 0) throw new Error(`poll failed: ${JSON.stringify(result.errors)}`);
    return { rig, parentArn, mapRunArn, startedArn, children, described };
  } catch (error) {
    await rig.close();
    throw error;
  }
}
