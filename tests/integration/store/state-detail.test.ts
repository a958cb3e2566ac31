// queryStateDetail (SQL over StateRun ⋈ Execution) against its definition, lib/metrics
// computeStateDetail, and resolveWindowRequest (`last=N`) against lastExecutionsWindow, on SQLite
// and PostgreSQL, over generated executions with known per-state outcomes, durations and errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_VERSION, type StateRun } from '../../../lib/history/index.ts';
import { DETAIL_LIST_LIMIT, DURATION_HISTOGRAM_EDGES_MS, computeStateDetail, lastExecutionsWindow, type DetailExecution, type TimeWindow } from '../../../lib/metrics/index.ts';
import { openStore, queryStateDetail, resolveWindowRequest, saveExecutionHistory, type Store } from '../../../lib/store/index.ts';
import { mulberry32 } from '../../helpers/prng.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const ACCOUNT = '123456789012';
const machineArn = (machine: string) => `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${machine}`;
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 4, 1, 12);
const STATES = ['Charge', 'Ship', 'Fan Out', 'Quiet'];
const ERRORS = ['States.Timeout', 'Payment.Declined', 'Lambda.TooManyRequestsException', 'States.TaskFailed'];
const STATUSES = ['SUCCEEDED', 'SUCCEEDED', 'FAILED', 'CAUGHT', 'ABORTED', 'RUNNING'] as const;

interface Seeded extends DetailExecution {
  machine: string;
  startDate: Date | null;
  runs: StateRun[];
}

function run(stateName: string, fields: Partial<StateRun>): StateRun {
  return { stateName, stateType: 'Task', status: 'SUCCEEDED', attempts: 1, mapIndex: [], enteredEventId: null, exitedEventId: null, durationMs: null, error: null, cause: null, ...fields };
}

/**
 * Start dates over [T0 − 1 h, T0 + 3 h) on a 100 s grid (shared starts, so ties in the lists),
 * some unknown; per state 0–6 runs ("Fan Out" as Map iterations), durations over 0 ms … 10¹¹ ms
 * (every histogram bucket, the open-ended one too), unknown in 15 %; FAILED and CAUGHT runs carry
 * one of a few errors; "Quiet" never runs.
 */
function generated(machine: string, count: number, seed: number): Seeded[] {
  const next = mulberry32(seed);
  const out: Seeded[] = [];
  for (let i = 0; i < count; i++) {
    const startDate = next() < 0.05 ? null : new Date(T0 - HOUR + Math.floor(next() * 4 * 36) * 100_000);
    const runs: StateRun[] = [];
    for (const [s, stateName] of STATES.slice(0, 3).entries()) {
      const n = s === 2 ? Math.floor(next() * 7) : Math.floor(next() * 3);
      for (let k = 0; k < n; k++) {
        const status = STATUSES[Math.floor(next() * STATUSES.length)] ?? 'SUCCEEDED';
        const durationMs = next() < 0.15 ? null : s === 1 ? [5, 5, 120, 120, 4_000][Math.floor(next() * 5)] ?? 5 : Math.floor(10 ** (next() * 11));
        runs.push(
          run(stateName, {
            stateType: s === 2 ? 'Map' : 'Task',
            status,
            attempts: 1 + Math.floor(next() * 3),
            mapIndex: s === 2 ? [k] : [],
            durationMs,
            error: status === 'FAILED' || status === 'CAUGHT' ? (ERRORS[Math.floor(next() * ERRORS.length)] ?? null) : null,
          }),
        );
      }
    }
    out.push({ machine, executionArn: `arn:aws:states:us-east-1:${ACCOUNT}:execution:${machine}:e-${String(i).padStart(4, '0')}`, name: `e-${i}`, startDate, runs });
  }
  return out;
}

for (const backend of storeBackends('state-detail')) {
  describe(`queryStateDetail on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    const seeded = [...generated('Orders', 240, 7), ...generated('Other', 40, 8)];
    const orders = seeded.filter((s) => s.machine === 'Orders');

    beforeAll(async () => {
      const db = await backend.freshDatabase();
      drop = db.drop;
      store = await openStore(db.url);
      for (const s of seeded) {
        await saveExecutionHistory(store, {
          stateMachine: { stateMachineArn: machineArn(s.machine), name: s.machine, type: 'STANDARD' },
          execution: {
            executionArn: s.executionArn,
            stateMachineArn: machineArn(s.machine),
            name: s.name,
            status: 'SUCCEEDED',
            startDate: s.startDate,
            stopDate: s.startDate === null ? null : new Date(s.startDate.getTime() + 1000),
            input: null,
            output: null,
            error: null,
            cause: null,
            redriveCount: 0,
            historyComplete: true,
            partial: false,
          },
          events: [],
          runs: s.runs,
          analyzerVersion: ANALYZER_VERSION,
        });
      }
    }, 180_000);
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    const sql = (stateName: string, window: TimeWindow, bucketMs: number) =>
      queryStateDetail(store, { stateMachineArn: machineArn('Orders'), stateName, from: new Date(window.from), to: new Date(window.to), bucketMs });

    it('gives hand-checked figures for a small machine', async () => {
      const tiny: Seeded[] = [
        { machine: 'Tiny', executionArn: 'arn:t:1', name: 't1', startDate: new Date(T0), runs: [run('A', { durationMs: 3 }), run('A', { status: 'FAILED', durationMs: 700, error: 'E1', mapIndex: [2] })] },
        { machine: 'Tiny', executionArn: 'arn:t:2', name: 't2', startDate: new Date(T0 + 61_000), runs: [run('B', {}), run('A', { status: 'CAUGHT', error: 'E1', durationMs: null })] },
        { machine: 'Tiny', executionArn: 'arn:t:3', name: 't3', startDate: new Date(T0 + 2 * HOUR), runs: [run('A', { status: 'FAILED', error: 'E2', durationMs: 0 })] },
      ];
      const window = { from: T0, to: T0 + 3 * 60_000 };
      const expected = {
        series: [
          { start: T0, runs: 2, failed: 1, caught: 0, aborted: 0 },
          { start: T0 + 60_000, runs: 1, failed: 0, caught: 1, aborted: 0 },
          { start: T0 + 120_000, runs: 0, failed: 0, caught: 0, aborted: 0 },
        ],
        // 3 ms in [2, 5) (index 2) … 700 ms in [500, 1000) (index 9): the buckets between are there, empty.
        histogram: Array.from({ length: 8 }, (_, k) => ({ index: 2 + k, fromMs: DURATION_HISTOGRAM_EDGES_MS[1 + k], toMs: DURATION_HISTOGRAM_EDGES_MS[2 + k], count: k === 0 || k === 7 ? 1 : 0 })),
        unknownDurations: 1,
        errors: [{ error: 'E1', count: 2, failed: 1, caught: 1 }],
        slowest: [
          { executionArn: 'arn:t:1', executionName: 't1', startDate: T0, ordinal: 1, mapIndex: [2], status: 'FAILED', attempts: 1, durationMs: 700, error: 'E1' },
          { executionArn: 'arn:t:1', executionName: 't1', startDate: T0, ordinal: 0, mapIndex: [], status: 'SUCCEEDED', attempts: 1, durationMs: 3, error: null },
        ],
        recentFailures: [{ executionArn: 'arn:t:1', executionName: 't1', startDate: T0, ordinal: 1, mapIndex: [2], status: 'FAILED', attempts: 1, durationMs: 700, error: 'E1' }],
      };
      expect(computeStateDetail(tiny, 'A', window, 60_000)).toEqual(expected);
      for (const s of tiny) {
        await saveExecutionHistory(store, {
          stateMachine: { stateMachineArn: machineArn('Tiny'), name: 'Tiny', type: 'STANDARD' },
          execution: { executionArn: s.executionArn, stateMachineArn: machineArn('Tiny'), name: s.name, status: 'FAILED', startDate: s.startDate, stopDate: null, input: null, output: null, error: null, cause: null, redriveCount: 0, historyComplete: true, partial: false },
          events: [],
          runs: s.runs,
          analyzerVersion: ANALYZER_VERSION,
        });
      }
      expect(await queryStateDetail(store, { stateMachineArn: machineArn('Tiny'), stateName: 'A', from: new Date(window.from), to: new Date(window.to), bucketMs: 60_000 })).toEqual(expected);
    });

    it('equals lib/metrics computeStateDetail for every state, window and bucket size', async () => {
      const starts = [...new Set(orders.filter((s) => s.startDate).map((s) => (s.startDate as Date).getTime()))].sort((a, b) => a - b);
      const at = (i: number) => starts[Math.min(starts.length - 1, Math.max(0, i))] as number;
      const windows: Array<[TimeWindow, number]> = [
        [{ from: T0 - 2 * HOUR, to: T0 + 4 * HOUR }, HOUR],
        [{ from: T0 - HOUR + 1234, to: T0 + HOUR }, 5 * 60_000],
        [{ from: at(10), to: at(60) }, 60_000],
        [{ from: at(5), to: at(5) + 1 }, 60_000],
        [{ from: T0 + 10 * HOUR, to: T0 + 11 * HOUR }, HOUR],
      ];
      for (const stateName of [...STATES, 'Nope']) {
        for (const [window, bucketMs] of windows) {
          const expected = computeStateDetail(orders, stateName, window, bucketMs);
          expect(await sql(stateName, window, bucketMs), `${stateName} ${JSON.stringify(window)}`).toEqual(expected);
        }
      }
      // The generated data exercises what the lists and the histogram are about.
      const all = computeStateDetail(orders, 'Fan Out', windows[0]?.[0] as TimeWindow, HOUR);
      expect(all.slowest).toHaveLength(DETAIL_LIST_LIMIT);
      expect(all.recentFailures).toHaveLength(DETAIL_LIST_LIMIT);
      expect(all.errors.map((e) => e.error).sort()).toEqual([...ERRORS].sort());
      expect(all.histogram.at(-1)?.toMs).toBeNull(); // durations past 10¹⁰ ms land in the open-ended bucket
      expect(all.unknownDurations).toBeGreaterThan(0);
      // Shared start instants make ties that the orderings must break the same way.
      expect(new Set(all.recentFailures.map((r) => r.startDate)).size).toBeLessThan(all.recentFailures.length);
      const ship = computeStateDetail(orders, 'Ship', windows[0]?.[0] as TimeWindow, HOUR);
      expect(ship.slowest.every((r) => r.durationMs === 4_000)).toBe(true); // ties on duration
    });

    it('resolves last=N to [the N-th newest start, the newest + 1 ms), as lastExecutionsWindow', async () => {
      const now = new Date(T0 + 100 * HOUR);
      for (const n of [1, 2, 17, 200, 100_000]) {
        const expected = lastExecutionsWindow(
          orders.map((s) => s.startDate),
          n,
        ) as TimeWindow;
        const got = await resolveWindowRequest(store, machineArn('Orders'), { kind: 'last', last: n }, now);
        expect({ from: got.from.getTime(), to: got.to.getTime() }, `last=${n}`).toEqual(expected);
      }
      const dated = orders.filter((s) => s.startDate).length;
      const everything = await resolveWindowRequest(store, machineArn('Orders'), { kind: 'last', last: 100_000 }, now);
      expect(orders.filter((s) => s.startDate && s.startDate >= everything.from && s.startDate < everything.to)).toHaveLength(dated);
      // No executions: the default last 24 h before now.
      expect(await resolveWindowRequest(store, machineArn('Nobody'), { kind: 'last', last: 5 }, now)).toEqual({ from: new Date(now.getTime() - 24 * HOUR), to: now });
      const range = { kind: 'range' as const, from: new Date(T0), to: new Date(T0 + 1) };
      expect(await resolveWindowRequest(store, machineArn('Orders'), range)).toEqual({ from: range.from, to: range.to });
    });
  });
}
