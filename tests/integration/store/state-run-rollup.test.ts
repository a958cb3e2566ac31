// StateRunRollup, the per-state hourly rollup, on SQLite and PostgreSQL: kept exactly in step
// with StateRun by both writers (saveExecutionHistory, saveDerivedRows) through re-saves that
// change runs, durations and start dates (into another hour, to unknown and back), equal to an
// independent grouping of the final runs and to rebuildStateRunRollups; and queryStateStats
// answering a big window from it: counts exact, every duration percentile in the log-scale
// bucket of the exact nearest-rank value (lib/metrics computeStateStats), `approximate: true`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_VERSION, type StateRun } from '../../../lib/history/index.ts';
import { computeStateStats, rollupBucket, type TimeWindow } from '../../../lib/metrics/index.ts';
import { internalsOf } from '../../../lib/store/db/internals.ts';
import { toDate, toNumber } from '../../../lib/store/db/sql.ts';
import { openStore, queryStateStats, rebuildStateRunRollups, saveDerivedRows, saveExecutionHistory, type Store } from '../../../lib/store/index.ts';
import { mulberry32 } from '../../helpers/prng.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Rollup';
const OTHER = 'arn:aws:states:us-east-1:123456789012:stateMachine:Elsewhere';
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 6, 1, 0);
const STATUSES: StateRun['status'][] = ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'CAUGHT', 'ABORTED', 'RUNNING'];

interface Seeded {
  executionArn: string;
  stateMachineArn: string;
  startDate: Date | null;
  runs: StateRun[];
}

function run(stateName: string, status: StateRun['status'], attempts: number, durationMs: number | null): StateRun {
  return { stateName, stateType: 'Task', status, attempts, mapIndex: [], enteredEventId: null, exitedEventId: null, durationMs, error: null, cause: null };
}

function randomRuns(next: () => number): StateRun[] {
  return Array.from({ length: Math.floor(next() * 6) }, () =>
    run(['Charge', 'Ship', 'Notify'][Math.floor(next() * 3)] as string, STATUSES[Math.floor(next() * STATUSES.length)] as StateRun['status'], 1 + Math.floor(next() * 3), next() < 0.1 ? null : Math.floor(10 ** (next() * 6))),
  );
}

/** Starts over 12 hours from T0 (some on an hour boundary, 4 % unknown). */
function randomStart(next: () => number): Date | null {
  if (next() < 0.04) return null;
  return new Date(T0 + (next() < 0.1 ? Math.floor(next() * 12) * HOUR : Math.floor(next() * 12 * HOUR)));
}

async function save(store: Store, s: Seeded): Promise<void> {
  await saveExecutionHistory(store, {
    stateMachine: { stateMachineArn: s.stateMachineArn, name: s.stateMachineArn.split(':').at(-1) as string, type: 'STANDARD' },
    execution: {
      executionArn: s.executionArn,
      stateMachineArn: s.stateMachineArn,
      name: s.executionArn.split(':').at(-1) as string,
      status: 'SUCCEEDED',
      startDate: s.startDate,
      stopDate: null,
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

async function rollupRows(store: Store): Promise<string[]> {
  const { client } = internalsOf(store);
  const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM "StateRunRollup"`);
  return rows
    .map((row) =>
      JSON.stringify([
        row.stateMachineArn,
        row.stateName,
        toDate(row.hourStart)?.getTime(),
        ...['bucket', 'runs', 'failed', 'caught', 'aborted', 'attempts', 'retriedRuns'].map((column) => toNumber(row[column])),
      ]),
    )
    .sort();
}

/** The rollup computed here from the seeded final state: what the table must hold. */
function expectedRollup(seeded: readonly Seeded[]): string[] {
  const groups = new Map<string, number[]>();
  for (const s of seeded) {
    if (s.startDate === null) continue;
    const hour = Math.floor(s.startDate.getTime() / HOUR) * HOUR;
    for (const r of s.runs) {
      const bucket = r.durationMs === null ? -1 : rollupBucket(r.durationMs);
      const key = JSON.stringify([s.stateMachineArn, r.stateName, hour, bucket]);
      const c = groups.get(key) ?? [0, 0, 0, 0, 0, 0];
      const add = [1, r.status === 'FAILED' ? 1 : 0, r.status === 'CAUGHT' ? 1 : 0, r.status === 'ABORTED' ? 1 : 0, r.attempts, r.attempts > 1 ? 1 : 0];
      groups.set(key, c.map((n, k) => n + (add[k] ?? 0)));
    }
  }
  return [...groups.entries()].map(([key, counts]) => JSON.stringify([...(JSON.parse(key) as unknown[]), ...counts])).sort();
}

for (const backend of storeBackends('state-run-rollup')) {
  describe(`StateRunRollup on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    const next = mulberry32(17);
    const seeded: Seeded[] = Array.from({ length: 400 }, (_, i) => ({
      executionArn: `${(i % 5 === 0 ? OTHER : MACHINE).replace(':stateMachine:', ':execution:')}:e${i}`,
      stateMachineArn: i % 5 === 0 ? OTHER : MACHINE,
      startDate: randomStart(next),
      runs: randomRuns(next),
    }));

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

    it('stays equal to the runs it counts through re-saves by both writers, and to a rebuild', async () => {
      expect(await rollupRows(store)).toEqual(expectedRollup(seeded));
      // Re-saves: new runs, a start in another hour, unknown and known again.
      for (const [i, s] of seeded.entries()) {
        if (i % 3 !== 0) continue;
        s.runs = randomRuns(next);
        if (i % 2 === 0) s.startDate = randomStart(next);
        await save(store, s);
      }
      expect(await rollupRows(store)).toEqual(expectedRollup(seeded));
      // The reanalyze writer, in batches.
      const batch = seeded.filter((_, i) => i % 4 === 1);
      for (const s of batch) {
        s.runs = randomRuns(next);
        s.startDate = randomStart(next);
      }
      await saveDerivedRows(
        store,
        batch.map((s) => ({
          execution: { executionArn: s.executionArn, stateMachineArn: s.stateMachineArn, status: 'SUCCEEDED', startDate: s.startDate, stopDate: null, input: null, output: null, error: null, cause: null, redriveCount: 0, failure: null },
          runs: s.runs,
        })),
        ANALYZER_VERSION,
      );
      const maintained = await rollupRows(store);
      expect(maintained).toEqual(expectedRollup(seeded));
      // Saving the same again changes nothing; a rebuild from StateRun gives the same table.
      await save(store, seeded[3] as Seeded);
      expect(await rollupRows(store)).toEqual(maintained);
      await rebuildStateRunRollups(store);
      expect(await rollupRows(store)).toEqual(maintained);
    }, 120_000);

    it('answers a big window from the rollup: exact counts, each percentile in the exact value’s bucket', async () => {
      const windows: TimeWindow[] = [
        { from: T0, to: T0 + 12 * HOUR },
        { from: T0 + 1_234_567, to: T0 + 7 * HOUR + 89_000 },
        { from: T0 + 2 * HOUR - 1, to: T0 + 3 * HOUR + 1 },
      ];
      for (const window of windows) {
        const exact = computeStateStats(seeded.filter((s) => s.stateMachineArn === MACHINE), window);
        const answer = await queryStateStats(store, { stateMachineArn: MACHINE, from: new Date(window.from), to: new Date(window.to), exactLimit: 0 });
        expect(answer.approximate).toBe(true);
        expect(answer.executions).toBe(exact.executions);
        const counts = (items: typeof exact.items) => items.map(({ durationMs: _durations, ...rest }) => rest);
        expect(counts(answer.items)).toEqual(counts(exact.items));
        for (const [i, item] of answer.items.entries()) {
          for (const q of ['p50', 'p95', 'p99', 'max'] as const) {
            const truth = exact.items[i]?.durationMs[q] ?? null;
            expect(item.durationMs[q] === null ? null : rollupBucket(item.durationMs[q] as number), `${item.stateName} ${q}`).toBe(truth === null ? null : rollupBucket(truth));
          }
        }
        // Under the exact limit the same window is exact, and says nothing about approximation.
        const precise = await queryStateStats(store, { stateMachineArn: MACHINE, from: new Date(window.from), to: new Date(window.to), exactLimit: 1_000_000 });
        expect(precise).toEqual(exact);
      }
    });
  });
}
