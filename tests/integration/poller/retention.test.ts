// Retention in the process that ingests, against the built-in emulator: the poller prunes after
// catching up (PollerOptions.retention), a pruned finished execution is not read from the source
// again on later cycles, and a redriven one is read whole again and loses its pruned stamp.
import { RedriveExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { pollOnce, startPoller } from '../../../lib/poller/index.ts';
import { countStoredEvents, getExecution, listExecutions, readRetentionLastPass, type RetentionRunPolicy } from '../../../lib/store/index.ts';
import { EXTERNAL_ENDPOINT, createMachine, expectStoredExactly, listAll, start, startRig, waitFor, type Rig } from './poller-helpers.ts';

const chain = (n: number) => ({
  StartAt: 'S0',
  States: Object.fromEntries(Array.from({ length: n }, (_, i) => [`S${i}`, { Type: 'Pass', ...(i === n - 1 ? { End: true } : { Next: `S${i + 1}` }) }])),
});

/** Keep the events of each machine's newest execution only; a pass at most every minute. */
const KEEP_NEWEST_ONE: RetentionRunPolicy = {
  defaults: { eventsDays: null, keepNewest: 1 },
  stateMachines: {},
  batchExecutions: 2,
  batchEvents: 20_000,
  intervalMs: 60_000,
  pauseMs: 0,
};

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function settle(target: Rig, machine: string): Promise<void> {
  await waitFor('executions to finish', async () => (await listAll(target, machine)).every((e) => e.status !== 'RUNNING'));
}

describe('retention in the poller', () => {
  it('prunes after catching up, and a pruned finished execution is not fetched again', async () => {
    rig = await startRig();
    const machine = await createMachine(rig, 'kept', chain(4));
    const arns: string[] = [];
    for (let i = 0; i < 4; i++) arns.push(await start(rig, machine, { i }));
    await settle(rig, machine);

    const first = await pollOnce({ store: rig.store, sources: rig.config.sources, pollerId: 'retention-poller', retention: KEEP_NEWEST_ONE });
    expect(first.stats.apiCalls.GetExecutionHistory).toBe(arns.length);
    // The newest by (startDate, executionArn), as the lists order them, keeps its events.
    const newest = (await listExecutions(rig.store, { stateMachineArn: machine })).items[0]?.executionArn as string;
    for (const arn of arns) {
      const stored = await getExecution(rig.store, arn);
      if (arn === newest) {
        expect(stored?.execution.eventsPrunedAt).toBeNull();
        await expectStoredExactly(rig, arn);
      } else {
        expect(stored?.execution, arn).toMatchObject({ status: 'SUCCEEDED', historyComplete: true });
        expect(stored?.execution.eventsPrunedAt, arn).not.toBeNull();
        expect(await countStoredEvents(rig.store, arn)).toBe(0);
      }
    }

    // Later cycles list the same finished executions: nothing is read again, nothing comes back.
    const second = await pollOnce({ store: rig.store, sources: rig.config.sources, pollerId: 'retention-poller', retention: KEEP_NEWEST_ONE, redriveCheckMs: 0 });
    expect(second.stats.apiCalls.GetExecutionHistory ?? 0).toBe(0);
    for (const arn of arns.filter((a) => a !== newest)) expect(await countStoredEvents(rig.store, arn)).toBe(0);
  });

  it('a running poller prunes in the background after a cycle, and stop() waits for the pass', async () => {
    rig = await startRig();
    const machine = await createMachine(rig, 'background', chain(3));
    const arns: string[] = [];
    for (let i = 0; i < 5; i++) arns.push(await start(rig, machine, { i }));
    await settle(rig, machine);
    const lines: string[] = [];
    const poller = startPoller({ store: rig.store, sources: rig.config.sources, poll: { intervalMs: 200 }, pollerId: 'background-poller', retention: KEEP_NEWEST_ONE, log: (line) => lines.push(line) });
    try {
      const last = await waitFor('a pruning pass', async () => {
        const pass = await readRetentionLastPass(rig!.store);
        return pass && pass.executions === arns.length - 1 ? pass : null;
      });
      expect(last).toMatchObject({ owner: 'background-poller', events: expect.any(Number) });
    } finally {
      await poller.stop();
    }
    expect(lines.filter((l) => l.includes(`retention pruned the events of ${arns.length - 1} executions`))).toHaveLength(1);
    const kept = [];
    for (const arn of arns) if ((await countStoredEvents(rig.store, arn)) > 0) kept.push(arn);
    expect(kept).toEqual([(await listExecutions(rig.store, { stateMachineArn: machine })).items[0]?.executionArn]);
  });

  it.skipIf(EXTERNAL_ENDPOINT !== null)('reads a redriven pruned execution whole again and clears its stamp', async () => {
    rig = await startRig();
    let calls = 0;
    rig.emulator?.registerTaskHandler('arn:aws:lambda:us-east-1:123456789012:function:flaky-retention', async () =>
      ++calls === 1 ? { ok: false, error: 'Flaky', cause: 'first call fails' } : { ok: true, output: { fine: true } },
    );
    const machine = await createMachine(rig, 'redrive', { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:flaky-retention', End: true } } });
    const failed = await start(rig, machine);
    await settle(rig, machine);
    const newer = await start(rig, machine); // succeeds (second call): the newest, so `failed` is pruned
    await settle(rig, machine);
    await pollOnce({ store: rig.store, sources: rig.config.sources, retention: KEEP_NEWEST_ONE });
    expect((await getExecution(rig.store, failed))?.execution).toMatchObject({ status: 'FAILED', error: 'Flaky' });
    expect((await getExecution(rig.store, failed))?.execution.eventsPrunedAt).not.toBeNull();
    expect((await getExecution(rig.store, newer))?.execution.eventsPrunedAt).toBeNull();

    await rig.sfn.send(new RedriveExecutionCommand({ executionArn: failed }));
    await settle(rig, machine);
    // No pass this time (not due: the last one was less than a minute ago).
    await pollOnce({ store: rig.store, sources: rig.config.sources, retention: KEEP_NEWEST_ONE, redriveCheckMs: 0 });
    await expectStoredExactly(rig, failed);
    expect((await getExecution(rig.store, failed))?.execution).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, historyComplete: true, eventsPrunedAt: null });
  });
});
