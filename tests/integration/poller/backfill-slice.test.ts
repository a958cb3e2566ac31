// During a backfill, an execution that ends while the poller runs is stored within a cycle or
// two (the backlog is worked in time slices; executions that just ended go first), not after the
// whole backlog; and the backfill still ends complete and exact.
import { afterEach, describe, expect, it } from 'vitest';
import { startPoller, type PollerHandle } from '../../../lib/poller/index.ts';
import { countIngestBacklog, getExecution } from '../../../lib/store/index.ts';
import { createMachine, expectStoredExactly, listAll, start, startRig, waitFor, type Rig } from './poller-helpers.ts';

const PASS_OK = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } } };
const PASS_FAIL = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Fail', Error: 'Boom', Cause: 'on purpose' } } };

let rig: Rig | null = null;
let poller: PollerHandle | null = null;
afterEach(async () => {
  await poller?.stop();
  poller = null;
  await rig?.close();
  rig = null;
});

describe('poller backfill slices', () => {
  it('stores a live execution while the backfill backlog is still large', async () => {
    // GetExecutionHistory at ~10/s: 120 backlog executions take ~12 s.
    rig = await startRig({}, { poll: { intervalMs: 200, runningRefreshMs: 500 }, quota: { fraction: 1, operations: { GetExecutionHistory: { bucket: 1, refillPerSecond: 10 } } } });
    const old = await createMachine(rig, 'old', PASS_FAIL);
    const fresh = await createMachine(rig, 'fresh', PASS_OK);
    const backlog: string[] = [];
    for (let i = 0; i < 120; i += 20) backlog.push(...(await Promise.all(Array.from({ length: 20 }, (_, k) => start(rig as Rig, old, {}, `old-${i + k}`)))));
    await waitFor('the backlog executions to end', async () => (await listAll(rig as Rig, old)).every((e) => e.status !== 'RUNNING'));

    poller = startPoller({ store: rig.store, sources: rig.config.sources, poll: rig.config.poll, quota: rig.config.quota, concurrency: 2, backlogSliceMs: 500 });
    await waitFor('the backfill to start', async () => (await countIngestBacklog(rig!.store)) > 0);
    const live = await start(rig, fresh, {}, 'live');
    const stored = await waitFor('the live execution to be stored', async () => {
      const got = await getExecution(rig!.store, live);
      return got?.execution.historyComplete ? got : null;
    });
    expect(stored.execution.status).toBe('SUCCEEDED');
    expect(await countIngestBacklog(rig.store)).toBeGreaterThan(40);

    await waitFor('the backfill to end', async () => (await countIngestBacklog(rig!.store)) === 0, 40_000);
    await expectStoredExactly(rig, live);
    for (const arn of backlog.slice(0, 10)) await expectStoredExactly(rig, arn);
  }, 60_000);
});
