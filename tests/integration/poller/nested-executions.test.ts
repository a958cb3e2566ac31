// Executions started by another state machine through the emulator's own `states:startExecution`
// tasks (no stand-in handler), ingested by the poller: StepLens links parent and child both ways
// (DESIGN.md §2.9, issue 13 item 2) — from the parent's task output (.sync:2 success) or, for a
// failed .sync child, from TaskFailed's cause, and from the child's
// AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID input.
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { getExecutionRelations } from '../../../lib/api/map-runs/get-execution-relations.ts';
import { STARTED_BY_INPUT_KEY } from '../../../lib/history/index.ts';
import { pollOnce } from '../../../lib/poller/index.ts';
import { EXTERNAL_ENDPOINT, createMachine, start, startRig, waitFor, type Rig } from './poller-helpers.ts';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const launcher = (resource: string, childMachineArn: string) => ({
  StartAt: 'Launch',
  States: {
    Launch: {
      Type: 'Task',
      Resource: `arn:aws:states:::states:${resource}`,
      Parameters: { StateMachineArn: childMachineArn, Input: { order: 'o-1', [`${STARTED_BY_INPUT_KEY}.$`]: '$$.Execution.Id' } },
      End: true,
    },
  },
});

describe.skipIf(EXTERNAL_ENDPOINT !== null)('nested executions through the poller', () => {
  it('links a .sync:2 child and a failed .sync child to their parents both ways', async () => {
    rig = await startRig();
    const r = rig;
    const okChild = await createMachine(r, 'nested-ok-child', { StartAt: 'Notify', States: { Notify: { Type: 'Pass', Result: { notified: true }, End: true } } });
    const badChild = await createMachine(r, 'nested-bad-child', { StartAt: 'Broken', States: { Broken: { Type: 'Fail', Error: 'Child.Broken', Cause: 'broken on purpose' } } });
    const okParent = await start(r, await createMachine(r, 'nested-ok-parent', launcher('startExecution.sync:2', okChild)), {}, 'ok-parent');
    const badParent = await start(r, await createMachine(r, 'nested-bad-parent', launcher('startExecution.sync', badChild)), {}, 'bad-parent');
    const ended = async (arn: string) => (await r.sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status !== 'RUNNING';
    await waitFor('both parents to end', async () => (await ended(okParent)) && (await ended(badParent)), 30_000);
    expect((await r.sfn.send(new DescribeExecutionCommand({ executionArn: okParent }))).status).toBe('SUCCEEDED');
    expect((await r.sfn.send(new DescribeExecutionCommand({ executionArn: badParent }))).status).toBe('FAILED');

    const result = await pollOnce({ store: r.store, sources: r.config.sources });
    expect(result.errors).toEqual([]);

    for (const [parentArn, childMachine] of [
      [okParent, okChild],
      [badParent, badChild],
    ] as const) {
      const relations = await getExecutionRelations(r.store, parentArn);
      expect(relations.childExecutions).toHaveLength(1);
      const child = relations.childExecutions[0];
      expect(child).toMatchObject({ stateName: 'Launch', via: 'task-output' });
      expect(child?.executionArn.startsWith(childMachine.replace(':stateMachine:', ':execution:'))).toBe(true);
      const back = await getExecutionRelations(r.store, child?.executionArn as string);
      expect(back.parentExecutionArn).toBe(parentArn);
      expect(back.parent).toMatchObject({ executionArn: parentArn, stateName: 'Launch' });
    }
  });
});
