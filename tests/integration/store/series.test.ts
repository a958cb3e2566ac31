// queryExecutionSeries (the SQL of GET /api/state-machines/{arn}/series) against its definition in
// lib/metrics (executionSeries, revisionMarks), on SQLite and on PostgreSQL. PostgreSQL is found
// or started by tests/helpers/postgres.ts; these tests fail (never skip) without it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_VERSION } from '../../../lib/history/index.ts';
import { executionSeries, revisionMarks, type SeriesExecution, type TimeWindow } from '../../../lib/metrics/index.ts';
import { dumpStore, openStore, queryExecutionSeries, saveExecutionHistory, type SaveExecutionHistoryInput, type Store } from '../../../lib/store/index.ts';
import { storeBackends } from '../../helpers/store-backends.ts';
import { mulberry32 as random } from '../../helpers/prng.ts';

const ACCOUNT = '123456789012';
const machineArn = (machine: string) => `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${machine}`;
const executionArn = (machine: string, name: string) => `arn:aws:states:us-east-1:${ACCOUNT}:execution:${machine}:${name}`;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BUCKETS = [MINUTE, 5 * MINUTE, HOUR, DAY];
/** 2024-05-01T12:00:00Z: on a boundary of every bucket size but 1d. */
const T0 = Date.UTC(2024, 4, 1, 12);
const MIDNIGHT = Date.UTC(2024, 4, 2);

const STATUSES = ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'RUNNING', 'PENDING_REDRIVE'] as const;
const REVISIONS = ['rev-a', 'rev-b', 'rev-c'];

interface Seeded {
  machine: string;
  name: string;
  status: string;
  startDate: Date | null;
  /** null: unknown duration (no stopDate). */
  durationMs: number | null;
  /** The definition revision it ran; null: saved without a state machine (revision unknown). */
  revisionId: string | null;
}

/** Start dates on bucket edges: on a boundary, a millisecond either side, midnight. */
const EDGES = [T0, T0 - 1, T0 + 1, T0 + MINUTE, T0 + MINUTE - 1, T0 + 5 * MINUTE, T0 + 5 * MINUTE - 1, T0 + HOUR, T0 + HOUR - 1, MIDNIGHT, MIDNIGHT - 1, MIDNIGHT + 1];

/**
 * Generated executions: start dates over [T0 − 1 d, T0 + 2 d) (whole minutes for some, so several
 * share a bucket edge) plus the EDGES, some unknown; random statuses; durations unknown in 20%,
 * tied for some, past 2³¹ ms for others; revisions moving from rev-a to rev-c over time, some unknown.
 */
function generated(machine: string, count: number, seed: number): Seeded[] {
  const next = random(seed);
  const out: Seeded[] = [];
  for (let i = 0; i < count; i++) {
    const edge = EDGES[i];
    const offset = Math.floor(next() * 3 * DAY);
    const ms = edge ?? (i % 4 === 0 ? T0 - DAY + Math.floor(offset / MINUTE) * MINUTE : T0 - DAY + offset);
    const startDate = edge === undefined && next() < 0.04 ? null : new Date(ms);
    const kind = next();
    const durationMs = kind < 0.2 ? null : kind < 0.4 ? ([100, 100, 250, 900][Math.floor(next() * 4)] ?? 100) : kind < 0.45 ? 2 ** 31 + Math.floor(next() * 1e10) : Math.floor(next() * 600_000);
    const era = Math.min(2, Math.floor(((ms - (T0 - DAY)) / (3 * DAY)) * 3 + (next() - 0.5)));
    const revisionId = next() < 0.1 ? null : (REVISIONS[Math.max(0, era)] ?? 'rev-a');
    out.push({ machine, name: `exec-${String(i).padStart(4, '0')}`, status: STATUSES[Math.floor(next() * STATUSES.length)] ?? 'SUCCEEDED', startDate, durationMs, revisionId });
  }
  return out;
}

function input(seeded: Seeded): SaveExecutionHistoryInput {
  const stopDate = seeded.startDate === null || seeded.durationMs === null ? null : new Date(seeded.startDate.getTime() + seeded.durationMs);
  return {
    ...(seeded.revisionId === null
      ? {}
      : { stateMachine: { stateMachineArn: machineArn(seeded.machine), name: seeded.machine, type: 'STANDARD' as const, definition: `{"Comment":"${seeded.revisionId}"}`, revisionId: seeded.revisionId } }),
    execution: {
      executionArn: executionArn(seeded.machine, seeded.name),
      stateMachineArn: machineArn(seeded.machine),
      name: seeded.name,
      status: seeded.status,
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
    runs: [],
    analyzerVersion: ANALYZER_VERSION,
  };
}

const asSeries = (seeded: readonly Seeded[], machine: string): SeriesExecution[] =>
  seeded.filter((s) => s.machine === machine).map((s) => ({ startDate: s.startDate, status: s.status, durationMs: s.durationMs }));

const range = (from: number, to: number): TimeWindow => ({ from, to });
const query = (machine: string, window: TimeWindow, bucketMs: number) => ({ stateMachineArn: machineArn(machine), from: new Date(window.from), to: new Date(window.to), bucketMs });

for (const backend of storeBackends('series')) {
  describe(`queryExecutionSeries on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    const seeded: Seeded[] = [
      ...generated('Orders', 700, 7),
      // Same revision names, another machine: must never leak into Orders' figures.
      ...generated('Other', 60, 8),
    ];

    beforeAll(async () => {
      const db = await backend.freshDatabase();
      drop = db.drop;
      store = await openStore(db.url);
      for (const s of seeded) await saveExecutionHistory(store, input(s));
      // rev-orphan: stored, then its only execution is saved again as rev-c, so no execution ran it.
      const orphan: Seeded = { machine: 'Orders', name: 'orphaned', status: 'SUCCEEDED', startDate: new Date(T0 + 7), durationMs: 5, revisionId: 'rev-orphan' };
      await saveExecutionHistory(store, input(orphan));
      const rerun = { ...orphan, revisionId: 'rev-c' };
      await saveExecutionHistory(store, input(rerun));
      seeded.push(rerun);
    }, 180_000);
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    it('gives hand-checked figures for a small machine', async () => {
      const tiny: Seeded[] = [
        { machine: 'Tiny', name: 't0', status: 'SUCCEEDED', startDate: new Date(T0), durationMs: 10, revisionId: 'r1' },
        { machine: 'Tiny', name: 't1', status: 'FAILED', startDate: new Date(T0 + MINUTE - 1), durationMs: 40, revisionId: 'r1' },
        { machine: 'Tiny', name: 't2', status: 'RUNNING', startDate: new Date(T0 + 30_000), durationMs: null, revisionId: 'r2' },
        { machine: 'Tiny', name: 't3', status: 'TIMED_OUT', startDate: new Date(T0 + MINUTE), durationMs: 20, revisionId: 'r2' },
        { machine: 'Tiny', name: 't4', status: 'ABORTED', startDate: new Date(T0 + 3 * MINUTE), durationMs: null, revisionId: 'r3' },
      ];
      for (const s of tiny) await saveExecutionHistory(store, input(s));
      const none = { p50: null, p95: null, p99: null };
      const expected = {
        items: [
          { start: T0, started: 3, succeeded: 1, failed: 1, timedOut: 0, aborted: 0, durationMs: { p50: 10, p95: 40, p99: 40 } },
          { start: T0 + MINUTE, started: 1, succeeded: 0, failed: 0, timedOut: 1, aborted: 0, durationMs: { p50: 20, p95: 20, p99: 20 } },
          { start: T0 + 2 * MINUTE, started: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, durationMs: none },
        ],
        revisions: [
          { revisionId: 'r1', firstSeen: T0 },
          { revisionId: 'r2', firstSeen: T0 + 30_000 },
        ],
      };
      const window = range(T0 + 1, T0 + 3 * MINUTE); // from inside the first bucket: t0 is before it
      const tinySeries = asSeries(tiny, 'Tiny');
      expect(executionSeries(tinySeries, range(T0, T0 + 3 * MINUTE), MINUTE)).toEqual(expected.items);
      expect(await queryExecutionSeries(store, query('Tiny', range(T0, T0 + 3 * MINUTE), MINUTE))).toEqual(expected);
      const clipped = await queryExecutionSeries(store, query('Tiny', window, MINUTE));
      expect(clipped.items[0]).toEqual({ start: T0, started: 2, succeeded: 0, failed: 1, timedOut: 0, aborted: 0, durationMs: { p50: 40, p95: 40, p99: 40 } });
      expect(clipped).toEqual({ items: executionSeries(tinySeries, window, MINUTE), revisions: expected.revisions });
    });

    it('equals lib/metrics executionSeries over generated executions, for many windows and every bucket size', async () => {
      const orders = asSeries(seeded, 'Orders');
      const windows: TimeWindow[] = [
        range(T0 - DAY, T0 + 2 * DAY), // everything dated
        range(T0, T0 + HOUR), // aligned
        range(T0 - 1, T0 + MINUTE + 1), // a millisecond past each edge
        range(T0 + 1, T0 + 5 * MINUTE - 1),
        range(MIDNIGHT - 1, MIDNIGHT + 1),
        range(T0 - 7 * HOUR - 123, T0 + 13 * HOUR + 4567), // unaligned ends
        range(T0 + 10 * DAY, T0 + 10 * DAY + HOUR), // nothing in it
        range(T0, T0), // empty window: no buckets
      ];
      let compared = 0;
      for (const bucketMs of BUCKETS) {
        for (const window of windows) {
          if ((window.to - window.from) / bucketMs > 5_000) continue;
          const expected = executionSeries(orders, window, bucketMs);
          const got = await queryExecutionSeries(store, query('Orders', window, bucketMs));
          expect(got.items, `bucket ${bucketMs} ms, window [${new Date(window.from).toISOString()}, ${new Date(window.to).toISOString()})`).toEqual(expected);
          compared += 1;
        }
      }
      expect(compared).toBeGreaterThan(25);
      // The data exercise what they claim to.
      const byDay = executionSeries(orders, windows[0] as TimeWindow, DAY);
      expect(byDay.reduce((n, b) => n + b.started, 0)).toBeGreaterThan(650);
      expect(byDay.every((b) => b.started > b.succeeded + b.failed + b.timedOut + b.aborted)).toBe(true); // RUNNING counted in started only
      expect(byDay.some((b) => (b.durationMs.p99 ?? 0) > 2 ** 31)).toBe(true);
    });

    it('puts executions on a bucket edge in the bucket they start', async () => {
      const got = await queryExecutionSeries(store, query('Orders', range(T0 - 1, T0 + MINUTE + 1), MINUTE));
      expect(got.items.map((b) => b.start)).toEqual([T0 - MINUTE, T0, T0 + MINUTE]);
      const orders = seeded.filter((s) => s.machine === 'Orders' && s.startDate !== null).map((s) => (s.startDate as Date).getTime());
      const count = (from: number, to: number) => orders.filter((ms) => ms >= from && ms < to).length;
      expect(got.items.map((b) => b.started)).toEqual([count(T0 - 1, T0), count(T0, T0 + MINUTE), count(T0 + MINUTE, T0 + MINUTE + 1)]);
      expect(got.items[0]?.started).toBe(1);
    });

    it('marks revisions by the first execution that ran them, or their createdAt when none did', async () => {
      const dump = await dumpStore(store);
      const arn = machineArn('Orders');
      const revisions = dump.DefinitionRevision.filter((r) => r.stateMachineArn === arn).map((r) => ({ revisionId: String(r.revisionId), createdAt: new Date(String(r.createdAt)) }));
      const runs = dump.Execution.filter((e) => e.stateMachineArn === arn).map((e) => ({
        revisionId: e.revisionId === null ? null : String(e.revisionId),
        startDate: e.startDate === null ? null : new Date(String(e.startDate)),
      }));
      expect(revisions.map((r) => r.revisionId).sort()).toEqual(['rev-a', 'rev-b', 'rev-c', 'rev-orphan']);
      const future = Date.now() + DAY;
      for (const to of [future, T0 + 2 * DAY, T0, T0 - DAY + 1, T0 - DAY]) {
        const got = await queryExecutionSeries(store, query('Orders', range(to - HOUR, to), HOUR));
        expect(got.revisions, `to ${new Date(to).toISOString()}`).toEqual(revisionMarks(revisions, runs, to));
      }
      const all = revisionMarks(revisions, runs, future);
      expect(all.map((r) => r.revisionId)).toEqual(['rev-a', 'rev-b', 'rev-c', 'rev-orphan']);
      expect(all.at(-1)?.firstSeen).toBe(revisions.find((r) => r.revisionId === 'rev-orphan')?.createdAt.getTime());
      // The earliest Orders start ran rev-a (other machines' runs of rev-a do not count).
      expect(all[0]?.firstSeen).toBe(Math.min(...seeded.filter((s) => s.machine === 'Orders' && s.revisionId === 'rev-a' && s.startDate).map((s) => (s.startDate as Date).getTime())));
    });

    it('answers an empty series for an empty window and rejects a reversed one', async () => {
      expect((await queryExecutionSeries(store, query('Orders', range(T0, T0), HOUR))).items).toEqual([]);
      await expect(queryExecutionSeries(store, query('Orders', range(T0 + 1, T0), HOUR))).rejects.toThrow(RangeError);
      const unknown = await queryExecutionSeries(store, query('Nope', range(T0, T0 + 2 * HOUR), HOUR));
      expect(unknown.revisions).toEqual([]);
      expect(unknown.items.map((b) => b.started)).toEqual([0, 0]);
    });
  });
}
