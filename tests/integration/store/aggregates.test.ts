// The store's SQL aggregates against their definitions in lib/metrics (DESIGN.md §1: the pure
// lib/metrics defines each figure and checks the SQL), on SQLite and on PostgreSQL. PostgreSQL
// is found or started by tests/helpers/postgres.ts; these tests fail (never skip) without it.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_VERSION, analyzeExecution, parseHistory, type StateRun } from '../../../lib/history/index.ts';
import { computeStateStats, type ExecutionRuns, type TimeWindow } from '../../../lib/metrics/index.ts';
import { listStateRuns, openStore, queryStateStats, saveExecutionHistory, type SaveExecutionHistoryInput, type Store } from '../../../lib/store/index.ts';
import { storeBackends } from '../../helpers/store-backends.ts';
import { mulberry32 as random } from '../../helpers/prng.ts';

const ACCOUNT = '123456789012';
const machineArn = (machine: string) => `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${machine}`;
const executionArn = (machine: string, name: string) => `arn:aws:states:us-east-1:${ACCOUNT}:execution:${machine}:${name}`;
const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/aws-histories');

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 4, 1, 12);


interface Seeded {
  machine: string;
  startDate: Date | null;
  runs: StateRun[];
}

function runOf(stateName: string, fields: Partial<StateRun>): StateRun {
  return {
    stateName,
    stateType: 'Task',
    status: 'SUCCEEDED',
    attempts: 1,
    mapIndex: [],
    enteredEventId: null,
    exitedEventId: null,
    durationMs: null,
    error: null,
    cause: null,
    ...fields,
  };
}

const STATES = ['Validate', 'Charge', 'Ship', 'Notify', 'Fan Out', 'Überprüfen', 'a-lower', 'Z'];
const RUN_STATUSES = ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'CAUGHT', 'ABORTED', 'RUNNING'] as const;

/**
 * Generated executions: start dates over [T0 − 1 h, T0 + 3 h) on whole seconds (so several share
 * a start, and windows can begin and end exactly on one), some unknown; per state 0–12 runs
 * (inline Map iterations), random statuses and attempts, durations unknown in 15% of runs,
 * drawn from a few values for some states (ties) and past 2³¹ ms for others (big values).
 */
function generated(machine: string, count: number, seed: number): Seeded[] {
  const next = random(seed);
  const out: Seeded[] = [];
  for (let i = 0; i < count; i++) {
    const startDate = next() < 0.05 ? null : new Date(T0 - HOUR + Math.floor(next() * 4 * 3600) * 1000 + (i % 3 === 0 ? 0 : 123));
    const runs: StateRun[] = [];
    for (const [s, stateName] of STATES.entries()) {
      const n = next() < 0.3 ? 0 : s === 4 ? Math.floor(next() * 12) : 1 + Math.floor(next() * 2);
      for (let k = 0; k < n; k++) {
        const unknown = next() < 0.15;
        const durationMs = unknown
          ? null
          : s === 1
            ? [100, 100, 250, 250, 250, 900][Math.floor(next() * 6)] ?? 100
            : s === 2
              ? 2 ** 31 + Math.floor(next() * 30_000_000_000)
              : Math.floor(next() * 5_000);
        runs.push(
          runOf(stateName, {
            stateType: s === 4 ? 'Map' : 'Task',
            status: RUN_STATUSES[Math.floor(next() * RUN_STATUSES.length)] ?? 'SUCCEEDED',
            attempts: s === 5 ? 0 : Math.floor(next() * 5),
            mapIndex: s === 4 ? [k] : [],
            durationMs,
            error: null,
          }),
        );
      }
    }
    out.push({ machine, startDate, runs });
  }
  return out;
}

/** Every corpus history analysed by lib/history, as executions of one machine, started in turn. */
function corpus(machine: string): Seeded[] {
  const files = readdirSync(CORPUS)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((file, i) => {
    const parsed = parseHistory(JSON.parse(readFileSync(path.join(CORPUS, file), 'utf8')));
    const analysis = analyzeExecution(parsed.events, { definition: parsed.definition });
    // Recorded timestamps are placeholders: give each execution a start, one a minute from T0.
    return { machine, startDate: new Date(T0 + i * 60_000), runs: analysis.runs };
  });
}

function input(seeded: Seeded, name: string): SaveExecutionHistoryInput {
  const stopDate = seeded.startDate === null ? null : new Date(seeded.startDate.getTime() + 1000);
  return {
    execution: {
      executionArn: executionArn(seeded.machine, name),
      stateMachineArn: machineArn(seeded.machine),
      name,
      status: seeded.runs.some((r) => r.status === 'RUNNING') ? 'RUNNING' : 'SUCCEEDED',
      startDate: seeded.startDate,
      stopDate,
      input: '{}',
      output: null,
      error: null,
      cause: null,
      redriveCount: 0,
      historyComplete: true,
      partial: false,
    },
    events: [],
    runs: seeded.runs,
    analyzerVersion: ANALYZER_VERSION,
  };
}

/** The executions a machine's window selects, as lib/metrics reads them. */
const figures = (seeded: readonly Seeded[], machine: string): ExecutionRuns[] =>
  seeded.filter((s) => s.machine === machine).map((s) => ({ startDate: s.startDate, runs: s.runs }));

const range = (from: number, to: number): TimeWindow => ({ from, to });
const query = (machine: string, window: TimeWindow) => ({ stateMachineArn: machineArn(machine), from: new Date(window.from), to: new Date(window.to) });

for (const backend of storeBackends('aggregates')) {
  describe(`queryStateStats on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    const seeded: Seeded[] = [
      ...generated('Orders', 160, 1),
      // Same state names, another machine: must never leak into Orders' figures.
      ...generated('Other', 40, 2),
      ...corpus('Corpus'),
    ];

    beforeAll(async () => {
      const db = await backend.freshDatabase();
      drop = db.drop;
      store = await openStore(db.url);
      const counters = new Map<string, number>();
      for (const s of seeded) {
        const n = (counters.get(s.machine) ?? 0) + 1;
        counters.set(s.machine, n);
        await saveExecutionHistory(store, input(s, `exec-${String(n).padStart(4, '0')}`));
      }
    }, 180_000);
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    it('stores the runs it is given (the SQL reads what lib/metrics is handed)', async () => {
      const runs = await listStateRuns(store, executionArn('Orders', 'exec-0001'));
      expect(runs.map((r) => [r.stateName, r.status, r.attempts, r.durationMs])).toEqual(
        (seeded[0] as Seeded).runs.map((r) => [r.stateName, r.status, r.attempts, r.durationMs]),
      );
    });

    it('gives hand-checked figures for a small machine', async () => {
      const tiny: Seeded[] = [
        { machine: 'Tiny', startDate: new Date(T0), runs: [runOf('A', { attempts: 1, durationMs: 10 }), runOf('A', { status: 'FAILED', attempts: 3, durationMs: 40 })] },
        { machine: 'Tiny', startDate: new Date(T0 + 1), runs: [runOf('A', { status: 'CAUGHT', attempts: 2, durationMs: 30 }), runOf('B', { status: 'RUNNING', attempts: 0 })] },
        { machine: 'Tiny', startDate: new Date(T0 + 2), runs: [runOf('A', { status: 'ABORTED', attempts: 1, durationMs: 20 })] },
        { machine: 'Tiny', startDate: new Date(T0 + 3), runs: [] },
        { machine: 'Tiny', startDate: new Date(T0 + HOUR), runs: [runOf('A', { durationMs: 1 })] },
      ];
      for (const [i, s] of tiny.entries()) await saveExecutionHistory(store, input(s, `tiny-${i}`));
      const expected = {
        executions: 4,
        items: [
          { stateName: 'A', runs: 4, failed: 1, caught: 1, aborted: 1, attempts: 7, retriedRuns: 2, durationMs: { p50: 20, p95: 40, p99: 40, max: 40 } },
          { stateName: 'B', runs: 1, failed: 0, caught: 0, aborted: 0, attempts: 0, retriedRuns: 0, durationMs: { p50: null, p95: null, p99: null, max: null } },
        ],
      };
      const window = range(T0, T0 + HOUR);
      expect(computeStateStats(figures(tiny, 'Tiny'), window)).toEqual(expected);
      expect(await queryStateStats(store, query('Tiny', window))).toEqual(expected);
    });

    it('equals lib/metrics computeStateStats over generated executions, for many windows', async () => {
      const starts = [...new Set(seeded.filter((s) => s.machine === 'Orders' && s.startDate !== null).map((s) => (s.startDate as Date).getTime()))].sort((a, b) => a - b);
      const at = (i: number) => starts[Math.min(starts.length - 1, Math.max(0, i))] as number;
      const windows: TimeWindow[] = [
        range(T0 - 2 * HOUR, T0 + 4 * HOUR), // everything dated
        range(T0, T0 + HOUR),
        range(T0 - HOUR, T0 - HOUR + 60_000),
        range(at(10), at(40)), // from on an execution's start (included), to on another's (excluded)
        range(at(0), at(1)),
        range(at(5), at(5) + 1), // one start instant only
        range(at(20), at(20)), // empty window
        range(T0 + 10 * HOUR, T0 + 11 * HOUR), // nothing in it
      ];
      for (const window of windows) {
        const expected = computeStateStats(figures(seeded, 'Orders'), window);
        const got = await queryStateStats(store, query('Orders', window));
        expect(got, `window [${new Date(window.from).toISOString()}, ${new Date(window.to).toISOString()})`).toEqual(expected);
      }
      // The windows above exercise what they claim to.
      const everything = computeStateStats(figures(seeded, 'Orders'), windows[0] as TimeWindow);
      expect(everything.executions).toBeGreaterThan(140);
      expect(everything.items.map((i) => i.stateName)).toEqual([...STATES].sort());
      expect(everything.items.find((i) => i.stateName === 'Ship')?.durationMs.max).toBeGreaterThan(2 ** 31);
      expect(computeStateStats(figures(seeded, 'Orders'), windows[3] as TimeWindow).executions).toBeGreaterThan(10);
      expect(computeStateStats(figures(seeded, 'Orders'), windows[5] as TimeWindow).executions).toBeGreaterThan(0);
      expect(computeStateStats(figures(seeded, 'Orders'), windows[6] as TimeWindow)).toEqual({ executions: 0, items: [] });
    });

    it('equals lib/metrics over the real AWS histories of aws-histories (durations unknown there)', async () => {
      const all = range(T0, T0 + 1_000 * 60_000);
      const expected = computeStateStats(figures(seeded, 'Corpus'), all);
      expect(expected.executions).toBeGreaterThan(500);
      expect(expected.items.some((i) => i.failed > 0 && i.caught > 0)).toBe(true);
      expect(expected.items.some((i) => i.retriedRuns > 0)).toBe(true);
      expect(await queryStateStats(store, query('Corpus', all))).toEqual(expected);
      const part = range(T0 + 100 * 60_000, T0 + 250 * 60_000);
      expect(await queryStateStats(store, query('Corpus', part))).toEqual(computeStateStats(figures(seeded, 'Corpus'), part));
    });

    it('rejects a window whose end is before its start', async () => {
      await expect(queryStateStats(store, query('Orders', range(T0 + 1, T0)))).rejects.toThrow(RangeError);
    });
  });
}
