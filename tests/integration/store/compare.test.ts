// queryCompare (one SQL statement over Execution) against its definition, lib/metrics
// compareFigures + compareItems, on SQLite and PostgreSQL: generated executions of a Standard and
// an Express machine (every status, unknown and tied durations, 0 ms, past Express's 5-minute
// limit, runs with retries, executions listed but not derived, partial histories, start dates on
// window edges and unknown) and a third machine that must not leak in, over several windows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_VERSION, type StateRun } from '../../../lib/history/index.ts';
import { compareFigures, compareItems, type CompareExecution, type TimeWindow } from '../../../lib/metrics/index.ts';
import { openStore, queryCompare, recordListedExecutions, saveExecutionHistory, type Store } from '../../../lib/store/index.ts';
import { mulberry32 } from '../../helpers/prng.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const ACCOUNT = '123456789012';
const machineArn = (machine: string, region = 'us-east-1') => `arn:aws:states:${region}:${ACCOUNT}:stateMachine:${machine}`;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2024, 4, 1, 12);

interface Machine {
  name: string;
  arn: string;
  type: 'STANDARD' | 'EXPRESS';
}

const ORDERS: Machine = { name: 'Orders', arn: machineArn('Orders'), type: 'STANDARD' };
const INGEST: Machine = { name: 'Ingest', arn: machineArn('Ingest', 'eu-west-3'), type: 'EXPRESS' };
const OTHER: Machine = { name: 'Other', arn: machineArn('Other'), type: 'STANDARD' };

type Seeded = CompareExecution & { machine: Machine; name: string; startDate: number | null; derived: boolean };

const STATUSES = ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'RUNNING'] as const;

function runOf(attempts: number, stateType: string): StateRun {
  return { stateName: 'S', stateType, status: 'SUCCEEDED', attempts, mapIndex: [], enteredEventId: null, exitedEventId: null, durationMs: null, error: null, cause: null };
}

/**
 * Start dates over [T0 − 1 h, T0 + 3 h) on a 10 s grid (ties, window edges), 4 % unknown; durations
 * from a few tied values, 0 ms, 1–900 s (some past 5 minutes), unknown while RUNNING; 0–15 runs with
 * 0–4 attempts (0 for non-Task states); 15 % listed but not derived; 10 % of derived ones partial.
 */
function generated(machine: Machine, count: number, seed: number): Seeded[] {
  const next = mulberry32(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const out: Seeded[] = [];
  for (let i = 0; i < count; i++) {
    const status = pick(STATUSES);
    const startDate = next() < 0.04 ? null : T0 - HOUR + Math.floor(next() * 4 * 360) * 10_000;
    const durationMs = status === 'RUNNING' || startDate === null ? null : next() < 0.3 ? pick([0, 100, 101, 250, 250, 1000]) : Math.floor(next() * 900_000);
    const derived = next() >= 0.15;
    const runs = derived ? Array.from({ length: Math.floor(next() * 16) }, () => (next() < 0.3 ? runOf(0, 'Pass') : runOf(1 + Math.floor(next() * 4), 'Task'))) : null;
    out.push({ machine, name: `e-${String(i).padStart(4, '0')}`, status, startDate, durationMs, runs, derived, partial: derived && next() < 0.1 });
  }
  return out;
}

async function save(store: Store, s: Seeded): Promise<void> {
  const executionArn = `${s.machine.arn.replace(':stateMachine:', s.machine.type === 'EXPRESS' ? ':express:' : ':execution:')}:${s.name}`;
  const start = s.startDate === null ? null : new Date(s.startDate);
  const stop = start === null || s.durationMs === null ? null : new Date(start.getTime() + s.durationMs);
  if (!s.derived) {
    await recordListedExecutions(store, {
      stateMachine: { stateMachineArn: s.machine.arn, name: s.machine.name, type: s.machine.type },
      executions: [{ executionArn, stateMachineArn: s.machine.arn, name: s.name, status: s.status, startDate: start, stopDate: stop, redriveCount: 0 }],
    });
    return;
  }
  await saveExecutionHistory(store, {
    stateMachine: { stateMachineArn: s.machine.arn, name: s.machine.name, type: s.machine.type, definition: '{"StartAt":"S","States":{"S":{"Type":"Pass","End":true}}}' },
    execution: {
      executionArn,
      stateMachineArn: s.machine.arn,
      name: s.name,
      status: s.status,
      startDate: start,
      stopDate: stop,
      input: '{}',
      output: null,
      error: null,
      cause: null,
      redriveCount: 0,
      historyComplete: true,
      partial: s.partial === true,
    },
    events: [],
    runs: (s.runs ?? []) as StateRun[],
    analyzerVersion: ANALYZER_VERSION,
  });
}

/** The definition: lib/metrics over the generated executions, machine by machine. */
function expected(seeded: readonly Seeded[], machines: readonly Machine[], window: TimeWindow) {
  return compareItems(
    machines.map((machine) => ({
      machine: { stateMachineArn: machine.arn, type: machine.type, region: machine.arn.split(':')[3] ?? '' },
      figures: compareFigures(
        seeded.filter((s) => s.machine === machine),
        window,
      ),
    })),
  );
}

for (const backend of storeBackends('compare')) {
  describe(`queryCompare on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    const seeded = [...generated(ORDERS, 500, 21), ...generated(INGEST, 400, 22), ...generated(OTHER, 100, 23)];

    beforeAll(async () => {
      const db = await backend.freshDatabase();
      drop = db.drop;
      store = await openStore(db.url);
      for (const s of seeded) await save(store, s);
    }, 180_000);
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    const sql = (machines: readonly Machine[], window: TimeWindow) =>
      queryCompare(store, { machines: machines.map((m) => ({ stateMachineArn: m.arn, type: m.type })), from: new Date(window.from), to: new Date(window.to) });

    it('matches lib/metrics over generated executions, window by window', async () => {
      const windows: TimeWindow[] = [
        { from: T0 - HOUR, to: T0 + 3 * HOUR }, // everything with a start date
        { from: T0 + 7, to: T0 + HOUR + 30_007 }, // not on minute edges: a clipped last minute
        { from: T0, to: T0 + 10 * MINUTE }, // starts exactly on the grid
        { from: T0 - 30 * HOUR, to: T0 - 29 * HOUR }, // empty
        { from: T0 + 3_000, to: T0 + 45_000 }, // shorter than a minute: only the clipped one
        { from: T0 + 5 * MINUTE, to: T0 + 6 * MINUTE }, // exactly one whole minute
        { from: T0 + 10_000, to: T0 + 10_001 }, // 1 ms: the executions of one grid point (ties)
      ];
      for (const window of windows) {
        const want = expected(seeded, [ORDERS, INGEST], window);
        const got = await sql([ORDERS, INGEST], window);
        expect(got, JSON.stringify(window)).toEqual(want);
      }
    });

    it('answers in the order asked, each machine once, and sees the figures it is checked on', async () => {
      const window = { from: T0 - HOUR, to: T0 + 3 * HOUR };
      const got = await sql([INGEST, ORDERS, INGEST, OTHER], window);
      expect(got.map((item) => item.stateMachineArn)).toEqual([INGEST.arn, ORDERS.arn, OTHER.arn]);
      expect(got).toEqual(expected(seeded, [INGEST, ORDERS, OTHER], window));
      const [ingest, orders] = got;
      // The generated data exercises what the figures depend on.
      expect(orders?.cost.assumptions.transitionsKnownExecutions).toBeLessThan(orders?.executions ?? 0);
      expect(orders?.cost.assumptions.partialHistoryExecutions).toBeGreaterThan(0);
      expect(orders?.cost.assumptions.overExpressLimit).toBeGreaterThan(0);
      expect(orders?.cost.assumptions.durationKnownExecutions).toBeLessThan(orders?.executions ?? 0);
      expect(orders?.counts.RUNNING).toBeGreaterThan(0);
      expect(ingest).toMatchObject({ type: 'EXPRESS', whatIf: { type: 'STANDARD' }, cost: { assumptions: { region: 'eu-west-3', regionListed: true, billing: 'estimate' } } });
      expect(orders).toMatchObject({ type: 'STANDARD', whatIf: { type: 'EXPRESS' } });
      expect(orders?.durationHistogram.length).toBe(ingest?.durationHistogram.length);
      expect(orders?.throughputPerMinute.peak).toBeGreaterThanOrEqual(orders?.throughputPerMinute.mean ?? 0);
    });

    it('gives a machine without executions in the window its empty figures', async () => {
      const [item] = await sql([OTHER], { from: T0 - 30 * HOUR, to: T0 - 29 * HOUR });
      expect(item).toMatchObject({
        executions: 0,
        succeeded: 0,
        failed: 0,
        successRate: null,
        durationMs: { p50: null, p95: null, p99: null },
        throughputPerMinute: { mean: 0, peak: 0 },
        transitionsPerExecution: null,
        cost: { perExecutionUsd: null, perMillionUsd: null, windowUsd: null },
        whatIf: { type: 'EXPRESS', perExecutionUsd: null },
        durationHistogram: [],
      });
      expect(await queryCompare(store, { machines: [], from: new Date(T0), to: new Date(T0 + 1) })).toEqual([]);
    });
  });
}
