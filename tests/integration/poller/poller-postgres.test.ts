// Two pollers on one PostgreSQL database share the work through leases: each state machine is
// fetched by one of them, and together they store exactly the source's events.
import { afterAll, describe, expect, it } from 'vitest';
import { pollOnce } from '../../../lib/poller/index.ts';
import { countRows, openStore, type Store } from '../../../lib/store/index.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres.ts';
import { createMachine, expectStoredExactly, listAll, start, startRig, waitFor, type Rig } from './poller-helpers.ts';

const chain = (n: number) => ({
  StartAt: 'S0',
  States: Object.fromEntries(Array.from({ length: n }, (_, i) => [`S${i}`, { Type: 'Pass', ...(i === n - 1 ? { End: true } : { Next: `S${i + 1}` }) }])),
});

let rig: Rig | null = null;
let db: TestDatabase | null = null;
let store: Store | null = null;
afterAll(async () => {
  await store?.close();
  await rig?.close();
  await db?.drop();
});

describe('poller on PostgreSQL', () => {
  it('two pollers split the state machines by lease and store every event once', async () => {
    rig = await startRig();
    db = await createTestDatabase('poller_leases');
    store = await openStore(db.url);
    const machines = [await createMachine(rig, 'a', chain(5)), await createMachine(rig, 'b', chain(7)), await createMachine(rig, 'c', chain(3))];
    const arns: string[] = [];
    for (const machine of machines) for (let i = 0; i < 10; i++) arns.push(await start(rig, machine, { i }));
    await waitFor('executions to finish', async () => {
      for (const m of machines) if ((await listAll(rig!, m)).some((e) => e.status === 'RUNNING')) return false;
      return true;
    });
    const sources = rig.config.sources;
    const [one, two] = await Promise.all([
      pollOnce({ store, sources, pollerId: 'poller-1', leaseTtlMs: 60_000 }),
      pollOnce({ store, sources, pollerId: 'poller-2', leaseTtlMs: 60_000 }),
    ]);
    // Leases are released when pollOnce returns; whoever held a machine fetched all of it.
    const histories = (one.stats.apiCalls.GetExecutionHistory ?? 0) + (two.stats.apiCalls.GetExecutionHistory ?? 0);
    expect(histories).toBe(arns.length); // no execution fetched twice
    const pgRig = { ...rig, store };
    for (const arn of arns) await expectStoredExactly(pgRig, arn);
    expect((await countRows(store)).executions).toBe(arns.length);
  });
});
