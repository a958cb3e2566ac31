// Retention (lib/store/retention) on SQLite and PostgreSQL: a pass deletes exactly the events of
// the finished executions no rule keeps (age, newest N per machine, overrides), in batches of the
// configured size, stamps eventsPrunedAt, and leaves the summaries: execution rows, StateRun rows,
// per-state statistics and status counts read the same before and after. Reanalyze does not
// rebuild a pruned execution from its missing events; the detail and the events API say when they
// went; a save of the whole history again clears the stamp; of two processes one prunes.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getExecutionDetail } from '../../../lib/api/executions/get-execution-detail.ts';
import { getExecutionEvents } from '../../../lib/api/executions/get-execution-events.ts';
import { getHealth } from '../../../lib/api/health/get-health.ts';
import { reanalyze } from '../../../lib/ingest/index.ts';
import {
  countExecutionsByStatus,
  countRows,
  countStoredEvents,
  getExecution,
  listStaleExecutions,
  listStateRuns,
  openStore,
  pruneExpiredEvents,
  queryStateStats,
  readStoreSize,
  runRetentionPass,
  saveExecutionHistory,
  type RetentionPolicy,
  type Store,
} from '../../../lib/store/index.ts';
import { ANALYZER_VERSION } from '../../../lib/history/index.ts';
import { storeBackends } from '../../helpers/store-backends.ts';
import { executionArn, history, maskedEvents, stateMachineArn } from './store-fixtures.ts';

const DAY = 86_400_000;
const NOW = new Date(Date.UTC(2026, 11, 3, 12, 0, 0));
const EVENTS_EACH = maskedEvents(0).length; // 7

interface Seeded {
  arn: string;
  machine: string;
  daysAgo: number;
  status: string;
  historyComplete: boolean;
}

/** Orders: 12 finished executions started 1..12 days ago, plus an old RUNNING one and an old FAILED one still in the backlog; Sales: 6 finished. */
function seeds(): Seeded[] {
  const out: Seeded[] = [];
  for (let d = 1; d <= 12; d++) out.push({ arn: executionArn('Orders', `o-${d}`), machine: 'Orders', daysAgo: d, status: d % 4 === 0 ? 'FAILED' : 'SUCCEEDED', historyComplete: true });
  out.push({ arn: executionArn('Orders', 'o-running'), machine: 'Orders', daysAgo: 30, status: 'RUNNING', historyComplete: false });
  out.push({ arn: executionArn('Orders', 'o-backlog'), machine: 'Orders', daysAgo: 30, status: 'FAILED', historyComplete: false });
  for (let d = 1; d <= 6; d++) out.push({ arn: executionArn('Sales', `s-${d}`), machine: 'Sales', daysAgo: d * 10, status: 'SUCCEEDED', historyComplete: true });
  return out;
}

async function seed(store: Store): Promise<Seeded[]> {
  const all = seeds();
  for (const s of all) {
    const start = new Date(NOW.getTime() - s.daysAgo * DAY);
    const input = history({ machine: s.machine, name: s.arn.slice(s.arn.lastIndexOf(':') + 1), status: s.status, start, ...(s.status === 'FAILED' ? { error: 'Boom' } : {}) });
    await saveExecutionHistory(store, { ...input, execution: { ...input.execution, historyComplete: s.historyComplete } });
  }
  return all;
}

const policy = (over: Partial<RetentionPolicy> = {}): RetentionPolicy => ({
  defaults: { eventsDays: null, keepNewest: null },
  stateMachines: {},
  batchExecutions: 100,
  batchEvents: 20_000,
  ...over,
});

async function prunedSet(store: Store, arns: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const arn of arns) if ((await getExecution(store, arn))?.execution.eventsPrunedAt) out.push(arn);
  return out.sort();
}

for (const backend of storeBackends('retention')) {
  describe(`retention on ${backend.name}`, () => {
    let store: Store;
    let url: string;
    let drop: () => Promise<void>;
    let seeded: Seeded[];

    beforeAll(async () => {
      const db = await backend.freshDatabase();
      drop = db.drop;
      url = db.url;
      store = await openStore(db.url);
      seeded = await seed(store);
    });
    afterAll(async () => {
      await store.close();
      await drop();
    });

    it('deletes exactly the events of old finished executions, in batches, and keeps every summary', async () => {
      const orders = stateMachineArn('Orders');
      const window = { stateMachineArn: orders, from: new Date(NOW.getTime() - 60 * DAY), to: NOW };
      const before = { rows: await countRows(store), stats: await queryStateStats(store, window), counts: await countExecutionsByStatus(store, { stateMachineArn: orders }) };
      const runsBefore = await listStateRuns(store, executionArn('Orders', 'o-9'));
      expect(runsBefore.length).toBeGreaterThan(0);

      // Orders: events kept 5 days; Sales: no rule of its own matches, so the defaults apply too.
      const result = await pruneExpiredEvents(store, policy({ defaults: { eventsDays: 5, keepNewest: null }, batchExecutions: 3 }), { now: NOW });
      // Ended more than 5 days ago (a start d days ago ends 1.234 s later, so o-5 ended just under 5 days ago and is kept).
      const expected = seeded.filter((s) => s.status !== 'RUNNING' && s.historyComplete && s.daysAgo * DAY - 1234 > 5 * DAY).map((s) => s.arn);
      expect(expected.length).toBe(7 + 6); // o-6..o-12 and every Sales execution
      expect(await prunedSet(store, seeded.map((s) => s.arn))).toEqual([...expected].sort());
      expect(result).toMatchObject({ executions: expected.length, events: expected.length * EVENTS_EACH, finished: true });
      // Batches of at most 3 executions per machine: Orders 7 → 3, Sales 6 → 2 (+1 empty read that is not a batch).
      expect(result.batches).toBe(Math.ceil(7 / 3) + Math.ceil(6 / 3));
      for (const s of seeded) {
        const events = await countStoredEvents(store, s.arn);
        expect(events, s.arn).toBe(expected.includes(s.arn) ? 0 : EVENTS_EACH);
        const stored = await getExecution(store, s.arn);
        if (expected.includes(s.arn)) expect(stored?.execution.eventsPrunedAt).toBe(NOW.toISOString());
        // The count of events it had stays (the page says how many went).
        expect(stored?.execution.eventCount).toBe(EVENTS_EACH);
      }

      const after = { rows: await countRows(store), stats: await queryStateStats(store, window), counts: await countExecutionsByStatus(store, { stateMachineArn: orders }) };
      expect(after.rows.events).toBe(before.rows.events - expected.length * EVENTS_EACH);
      expect({ ...after.rows, events: 0 }).toEqual({ ...before.rows, events: 0 }); // executions, runs, revisions unchanged
      expect(after.stats).toEqual(before.stats);
      expect(after.counts).toEqual(before.counts);
      expect(await listStateRuns(store, executionArn('Orders', 'o-9'))).toEqual(runsBefore);

      // Nothing more to prune with the same policy: the pruned are out of the index range.
      expect(await pruneExpiredEvents(store, policy({ defaults: { eventsDays: 5, keepNewest: null }, batchExecutions: 3 }), { now: NOW })).toEqual({ executions: 0, events: 0, batches: 0, finished: true });
    });

    it('keeps the newest N per machine, overrides by name or ARN, and limits a batch by events', async () => {
      // Both rules: an execution goes only when older than 2 days AND beyond the newest 6. o-1..o-5
      // still have events and are among Orders' newest 6 (o-1..o-6): nothing goes.
      const first = await pruneExpiredEvents(
        store,
        policy({ defaults: { eventsDays: 2, keepNewest: 6 }, stateMachines: {}, batchEvents: EVENTS_EACH }),
        { now: NOW },
      );
      expect(first.executions).toBe(0);
      // By ARN: keep only the newest 2 of Orders (no age rule): o-3, o-4, o-5 go, one batch each (batchEvents = one execution).
      const second = await pruneExpiredEvents(
        store,
        policy({ defaults: { eventsDays: null, keepNewest: null }, stateMachines: { [stateMachineArn('Orders')]: { eventsDays: null, keepNewest: 2 }, Orders: { eventsDays: null, keepNewest: 100 } }, batchEvents: EVENTS_EACH }),
        { now: NOW },
      );
      expect(second).toMatchObject({ executions: 3, events: 3 * EVENTS_EACH, batches: 3 });
      expect(await prunedSet(store, ['o-1', 'o-2', 'o-3', 'o-4', 'o-5'].map((n) => executionArn('Orders', n)))).toEqual(['o-3', 'o-4', 'o-5'].map((n) => executionArn('Orders', n)).sort());
      // Never the running one nor the one the poller still has to read whole.
      expect(await countStoredEvents(store, executionArn('Orders', 'o-running'))).toBe(EVENTS_EACH);
      expect(await countStoredEvents(store, executionArn('Orders', 'o-backlog'))).toBe(EVENTS_EACH);
    });

    it('reanalyze leaves pruned executions as they are; the detail and the events API say when their events went', async () => {
      const pruned = executionArn('Orders', 'o-8'); // FAILED, pruned by the first test
      const before = await getExecution(store, pruned);
      const runsBefore = await listStateRuns(store, pruned);
      const stale = await listStaleExecutions(store, { version: ANALYZER_VERSION, all: true, limit: 1000 });
      expect(stale.map((s) => s.executionArn)).not.toContain(pruned);
      expect(stale.map((s) => s.executionArn)).toContain(executionArn('Orders', 'o-1'));
      await reanalyze(store, { all: true });
      const after = await getExecution(store, pruned);
      expect(after?.execution).toMatchObject({ status: 'FAILED', error: 'Boom', eventsPrunedAt: NOW.toISOString() });
      expect(after?.execution.startDate).toBe(before?.execution.startDate);
      expect(await listStateRuns(store, pruned)).toEqual(runsBefore);

      const detail = await getExecutionDetail(store, pruned);
      expect(detail?.analysis.status).toBe('FAILED');
      expect(detail?.analysis.failure).toMatchObject({ error: 'Boom' });
      expect(detail?.analysis.warnings[0]).toBe(
        `Events pruned on ${NOW.toISOString().slice(0, 10)} by retention (${EVENTS_EACH} events): the history is no longer stored; the execution's summary and its state figures are kept.`,
      );
      const events = await getExecutionEvents(store, pruned);
      expect(events).toMatchObject({ items: [], total: 0, prunedAt: NOW.toISOString() });
      expect(events?.note).toBe(detail?.analysis.warnings[0]);
      expect(detail?.prunedNote).toBe(detail?.analysis.warnings[0]);
      // An execution with its events has no note.
      expect((await getExecutionEvents(store, executionArn('Orders', 'o-1')))?.note).toBeUndefined();

      // The whole history saved again (a redrive re-read) clears the stamp.
      const input = history({ machine: 'Orders', name: 'o-8', status: 'FAILED', start: new Date(NOW.getTime() - 8 * DAY), error: 'Boom' });
      await saveExecutionHistory(store, input);
      expect((await getExecution(store, pruned))?.execution.eventsPrunedAt).toBeNull();
      expect(await countStoredEvents(store, pruned)).toBe(EVENTS_EACH);
    });

    it('of two processes one prunes (the retention lease); the next pass waits for the interval', async () => {
      // Two owners racing on one database (the lease statement is what serialises them).
      const runPolicy = { ...policy({ defaults: { eventsDays: 5, keepNewest: null } }), intervalMs: 60_000, pauseMs: 0 };
      const [a, b] = await Promise.all([
        runRetentionPass(store, runPolicy, { owner: 'process-a', leaseTtlMs: 60_000, clock: () => NOW.getTime() }),
        runRetentionPass(store, runPolicy, { owner: 'process-b', leaseTtlMs: 60_000, clock: () => NOW.getTime() }),
      ]);
      const ran = [a, b].filter((r) => r.ran);
      expect(ran).toHaveLength(1);
      // o-8 got its events back in the previous test and is old: the pass that ran pruned it alone.
      expect(ran[0]).toMatchObject({ executions: 1, events: EVENTS_EACH });
      const other = [a, b].find((r) => !r.ran);
      expect(other).toMatchObject({ ran: false });
      // Right after: not due, for either owner.
      const again = await runRetentionPass(store, runPolicy, { owner: 'process-b', leaseTtlMs: 60_000, clock: () => NOW.getTime() + 1_000 });
      expect(again).toMatchObject({ ran: false, reason: 'not-due', last: { executions: 1, events: EVENTS_EACH } });
      // After the interval and the winner's lease (60 s from NOW), the other process takes over.
      const later = await runRetentionPass(store, runPolicy, { owner: ran[0] === a ? 'process-b' : 'process-a', leaseTtlMs: 60_000, clock: () => NOW.getTime() + 61_000 });
      expect(later).toMatchObject({ ran: true, executions: 0 });
    });

    it('reports the store size', async () => {
      if (backend.name === 'postgres') {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query('ANALYZE "HistoryEventChunk"; ANALYZE "Execution"');
        await client.end();
      }
      const rows = await countRows(store);
      const size = await readStoreSize(store, Date.now() + 3_600_000);
      expect(size).toMatchObject({ executions: rows.executions, events: rows.events, estimated: backend.name === 'postgres' });
      expect(size.prunedExecutions).toBe(seeded.filter((s) => s.status !== 'RUNNING' && s.historyComplete && s.daysAgo > 5).length + 3);
      expect(size.eventBytes).toBeGreaterThan(rows.events * 50);
      expect(size.bytesPerEvent).toBe(Math.round((size.eventBytes ?? 0) / rows.events));
      expect(size.totalBytes).toBeGreaterThanOrEqual(size.eventBytes ?? 0);
      // GET /api/health (with a session) carries them and the last pass.
      const health = await getHealth(store);
      expect(health.store).toMatchObject({ executions: rows.executions, events: rows.events, prunedExecutions: size.prunedExecutions });
      expect(health.retention.lastPass).toMatchObject({ owner: expect.stringMatching(/^process-[ab]$/), executions: 0 });
    });
  });
}
