// The store contract, run against every backend (sqlite-store.test.ts, postgres-store.test.ts).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidCursorError,
  countRows,
  countStoredEvents,
  dumpStore,
  getExecution,
  getExecutionForAnalysis,
  listExecutions,
  listStateMachines,
  listStateRuns,
  migrateStore,
  openStore,
  saveExecutionHistory,
  type ExecutionListItem,
  type ListExecutionsQuery,
  type SaveExecutionHistoryInput,
  type Store,
} from '../../../lib/store/index.ts';
import { listFiltersSuite } from './list-filters-suite.ts';
import { DEFINITION, executionArn, history, maskedEvents, stateMachineArn } from './store-fixtures.ts';

/** Every migration folder, oldest first (the same names on both backends). */
const MIGRATIONS = readdirSync(path.join(import.meta.dirname, '../../../prisma/migrations'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty database per call. */
  freshDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }>;
  /** Rows of `_prisma_migrations` (read with the raw driver). */
  migrationRows(url: string): Promise<Array<{ migration_name: string; checksum: string; finished_at: unknown }>>;
}

export function storeSuite(backend: Backend): void {
  listFiltersSuite(backend);
  describe(`store on ${backend.name}`, () => {
    let store: Store;
    let url: string;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      ({ url, drop } = await backend.freshDatabase('suite'));
      store = await openStore(url);
    });
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    describe('migrations', () => {
      it('were applied on open and recorded as Prisma does; re-running is a no-op', async () => {
        const before = await backend.migrationRows(url);
        expect(before.map((r) => r.migration_name)).toEqual(MIGRATIONS);
        for (const row of before) {
          expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
          expect(row.finished_at).not.toBeNull();
        }
        const again = await migrateStore(url);
        expect(again).toEqual({ backend: backend.name, applied: [], skipped: MIGRATIONS, modified: [] });
        expect(await backend.migrationRows(url)).toEqual(before);
      });

      it('applies the migrations to a fresh database once, even with concurrent migrators', async () => {
        const fresh = await backend.freshDatabase('migrate');
        try {
          const results = await Promise.all([migrateStore(fresh.url), migrateStore(fresh.url), migrateStore(fresh.url)]);
          expect(results.flatMap((r) => r.applied)).toEqual(MIGRATIONS);
          expect((await migrateStore(fresh.url)).applied).toEqual([]);
          expect(await backend.migrationRows(fresh.url)).toHaveLength(MIGRATIONS.length);
        } finally {
          await fresh.drop();
        }
      });
    });

    describe('openStore', () => {
      it('caches one store per URL until it is closed', async () => {
        expect(await openStore(url)).toBe(store);
        expect(store.backend).toBe(backend.name);
      });
    });

    describe('saveExecutionHistory', () => {
      const input = history({ machine: 'Idem', name: 'twice' });

      it('stores events (masked ids included), runs, revision and execution', async () => {
        const result = await saveExecutionHistory(store, input);
        expect(result.insertedEvents).toBe(7);
        expect(result.eventCount).toBe(7);
        expect(result.revisionId).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(await countStoredEvents(store, input.execution.executionArn)).toBe(7);

        const stored = await getExecution(store, input.execution.executionArn);
        expect(stored).not.toBeNull();
        expect(stored?.definition).toBe(DEFINITION);
        expect(stored?.events).toEqual(input.events); // raw, details, ids, positions, timestamps round-trip
        expect(stored?.events.filter((e) => e.id === null)).toHaveLength(3);
        expect(stored?.events[2]?.raw).toEqual({ id: [0], previousEventId: [0], type: 'PassStateEntered', timestamp: 'timestamp', stateEnteredEventDetails: { name: 'A' } });
        expect(stored?.execution).toMatchObject({
          executionArn: input.execution.executionArn,
          status: 'SUCCEEDED',
          startDate: '2024-01-01T00:00:00.000Z',
          stopDate: '2024-01-01T00:00:01.234Z',
          durationMs: 1234,
          eventCount: 7,
          historyComplete: true,
          partial: false,
          expired: false,
          input: '{"n":1}',
        });
        expect(await listStateRuns(store, input.execution.executionArn)).toEqual(input.runs);
        // The analysis reader: the same execution, definition and events, without the raw copies.
        const forAnalysis = await getExecutionForAnalysis(store, input.execution.executionArn);
        expect(forAnalysis?.execution).toEqual(stored?.execution);
        expect(forAnalysis?.definition).toBe(DEFINITION);
        expect(forAnalysis?.events).toEqual(input.events.map((e) => ({ ...e, raw: null })));
        expect(await getExecutionForAnalysis(store, 'arn:aws:states:us-east-1:123456789012:execution:Nope:nope')).toBeNull();
      });

      it('changes nothing when the same history is saved again', async () => {
        const before = await dumpStore(store);
        const countsBefore = await countRows(store);
        const result = await saveExecutionHistory(store, input);
        expect(result.insertedEvents).toBe(0);
        expect(await countRows(store)).toEqual(countsBefore);
        expect(await dumpStore(store)).toEqual(before); // updatedAt included
      });

      it('appends new events of a growing history without duplicating the old ones', async () => {
        const all = maskedEvents(Date.UTC(2024, 0, 2));
        const growing = history({ machine: 'Idem', name: 'growing', events: all.slice(0, 4), status: 'RUNNING' });
        expect((await saveExecutionHistory(store, growing)).insertedEvents).toBe(4);
        const done = history({ machine: 'Idem', name: 'growing', events: all });
        const result = await saveExecutionHistory(store, done);
        expect(result).toMatchObject({ insertedEvents: 3, eventCount: 7 });
        const stored = await getExecution(store, done.execution.executionArn);
        expect(stored?.events).toEqual(all);
        expect(stored?.execution.status).toBe('SUCCEEDED');
        expect(stored?.execution.eventCount).toBe(7);
      });

      it('rolls the whole batch back when one row fails, keeping the previous state', async () => {
        const before = await dumpStore(store);
        const all = maskedEvents(Date.UTC(2024, 0, 3));
        const grown: SaveExecutionHistoryInput = {
          ...input,
          execution: { ...input.execution, status: 'FAILED', error: 'Boom' },
          events: [...input.events, { ...all[6]!, id: 8, position: 7 }],
          // A run without a state name violates NOT NULL after events were inserted.
          runs: [...input.runs, { ...input.runs[0]!, stateName: null as unknown as string }],
        };
        await expect(saveExecutionHistory(store, grown)).rejects.toThrow();
        expect(await dumpStore(store)).toEqual(before);

        // A failing batch for a new execution leaves no trace of it.
        const fresh = history({ machine: 'Rollback', name: 'never' });
        fresh.runs = [{ ...fresh.runs[0]!, status: null as unknown as 'SUCCEEDED' }];
        await expect(saveExecutionHistory(store, fresh)).rejects.toThrow();
        expect(await getExecution(store, fresh.execution.executionArn)).toBeNull();
        expect(await dumpStore(store)).toEqual(before);
      });

      it('stores a large history in chunks under the bound-parameter limits', async () => {
        const n = 12_000; // > SQLite's 32,766 / 9 columns and > PostgreSQL's 65,535 / 9 rows per statement
        const events = Array.from({ length: n }, (_, position) => ({
          id: position + 1,
          previousEventId: position,
          type: position === 0 ? 'ExecutionStarted' : 'PassStateEntered',
          timestamp: Date.UTC(2024, 0, 4) + position,
          details: { name: `S${position}` },
          position,
          raw: { id: position + 1, type: 'PassStateEntered', stateEnteredEventDetails: { name: `S${position}` } },
        }));
        const big = history({ machine: 'Big', name: 'large', events });
        expect((await saveExecutionHistory(store, big)).insertedEvents).toBe(n);
        expect((await saveExecutionHistory(store, big)).insertedEvents).toBe(0);
        expect(await countStoredEvents(store, big.execution.executionArn)).toBe(n);
      });

      it('keeps one consistent result when the same execution is saved concurrently', async () => {
        const base = history({ machine: 'Race', name: 'same' });
        await saveExecutionHistory(store, base);
        // Same execution row (so no upsert takes a row lock), different derived runs.
        const variants = [1, 3, 2, 3, 1].map((n, i) => ({ ...base, runs: base.runs.slice(0, n).map((run) => ({ ...run, attempts: i })) }));
        await Promise.all(variants.map((v) => saveExecutionHistory(store, v)));
        const stored = await getExecution(store, base.execution.executionArn);
        const runs = await listStateRuns(store, base.execution.executionArn);
        expect(variants.map((v) => v.runs)).toContainEqual(runs);
        expect(stored?.events).toEqual(base.events);
        expect(stored?.execution.eventCount).toBe(7);
      });

      it('stores values that recordings left untyped: objects as JSON text, undefined as null', async () => {
        const odd = history({ machine: 'Odd', name: 'untyped', status: 'FAILED' });
        const cause = { errorMessage: 'boom', errorType: 'Exception' };
        odd.execution = { ...odd.execution, error: 'Exception', cause: cause as unknown as string, output: undefined as unknown as null };
        odd.runs = [{ ...odd.runs[0]!, status: 'FAILED', error: 'Exception', cause: cause as unknown as string, durationMs: undefined as unknown as null }];
        await saveExecutionHistory(store, odd);
        const stored = await getExecution(store, odd.execution.executionArn);
        expect(stored?.execution).toMatchObject({ error: 'Exception', cause: JSON.stringify(cause), output: null });
        expect(await listStateRuns(store, odd.execution.executionArn)).toEqual([
          { ...odd.runs[0], cause: JSON.stringify(cause), durationMs: null },
        ]);
      });

      it('creates a stub state machine when none is given, typed from the execution ARN', async () => {
        const express = history({ machine: 'Stub', name: 'x' });
        delete express.stateMachine;
        const arn = `arn:aws:states:us-east-1:123456789012:express:Stub:x:abc`;
        express.execution = { ...express.execution, executionArn: arn };
        await saveExecutionHistory(store, express);
        const machines = await listStateMachines(store);
        expect(machines.find((m) => m.stateMachineArn === stateMachineArn('Stub'))).toEqual({
          stateMachineArn: stateMachineArn('Stub'),
          name: 'Stub',
          type: 'EXPRESS',
          counts: { SUCCEEDED: 1 },
        });
        expect((await getExecution(store, arn))?.definition).toBeNull();
      });
    });

    describe('listExecutions and listStateMachines', () => {
      let listStore: Store;
      let listDrop: () => Promise<void>;
      const expected: ExecutionListItem[] = [];
      const machines = ['Alpha', 'Beta', 'Gamma'];
      const statuses = ['SUCCEEDED', 'FAILED', 'RUNNING', 'TIMED_OUT', 'ABORTED'];

      beforeAll(async () => {
        const db = await backend.freshDatabase('list');
        listDrop = db.drop;
        listStore = await openStore(db.url);
        const base = Date.UTC(2024, 5, 1);
        for (let i = 0; i < 131; i++) {
          const machine = machines[i % 3]!;
          const status = statuses[i % 5]!;
          // Ties on startDate (i % 7), and a few executions without a startDate.
          const start = i % 17 === 0 ? null : new Date(base + Math.floor(i / 7) * 60_000);
          const error = status === 'FAILED' ? (i % 2 === 0 ? 'States.TaskFailed' : 'Lambda.Unknown') : null;
          const input = history({ machine, name: `run-${String(i).padStart(3, '0')}`, status, start, error, events: maskedEvents(start?.getTime() ?? 0).slice(0, 2) });
          await saveExecutionHistory(listStore, input);
          const e = input.execution;
          expected.push({
            executionArn: e.executionArn,
            stateMachineArn: e.stateMachineArn,
            name: e.name,
            status: e.status,
            startDate: e.startDate?.toISOString() ?? null,
            stopDate: e.stopDate?.toISOString() ?? null,
            durationMs: e.startDate && e.stopDate ? e.stopDate.getTime() - e.startDate.getTime() : null,
            error: e.error,
            cause: e.cause,
            redriveCount: 0,
          });
        }
        // Reference order: dated rows by (startDate, executionArn) desc, then undated by executionArn desc.
        expected.sort((a, b) => {
          if ((a.startDate === null) !== (b.startDate === null)) return a.startDate === null ? 1 : -1;
          if (a.startDate !== b.startDate) return (a.startDate ?? '') < (b.startDate ?? '') ? 1 : -1;
          return a.executionArn < b.executionArn ? 1 : -1;
        });
      });
      afterAll(async () => {
        await listStore?.close();
        await listDrop?.();
      });

      async function allPages(query: Omit<ListExecutionsQuery, 'cursor'>): Promise<{ items: ExecutionListItem[]; pages: number }> {
        const items: ExecutionListItem[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await listExecutions(listStore, { ...query, cursor });
          expect(page.items.length).toBeLessThanOrEqual(query.limit ?? 50);
          items.push(...page.items);
          cursor = page.nextCursor;
          pages += 1;
          expect(pages).toBeLessThan(500);
        } while (cursor !== null);
        return { items, pages };
      }

      const cases: Array<[string, Omit<ListExecutionsQuery, 'cursor'>, (e: ExecutionListItem) => boolean]> = [
        ['no filter', { limit: 10 }, () => true],
        ['one state machine', { limit: 7, stateMachineArn: stateMachineArn('Beta') }, (e) => e.stateMachineArn === stateMachineArn('Beta')],
        ['one status', { limit: 4, status: ['FAILED'] }, (e) => e.status === 'FAILED'],
        ['several statuses', { limit: 6, status: ['FAILED', 'RUNNING', 'ABORTED'] }, (e) => ['FAILED', 'RUNNING', 'ABORTED'].includes(e.status)],
        [
          'state machine + statuses',
          { limit: 3, stateMachineArn: stateMachineArn('Alpha'), status: ['SUCCEEDED', 'TIMED_OUT'] },
          (e) => e.stateMachineArn === stateMachineArn('Alpha') && ['SUCCEEDED', 'TIMED_OUT'].includes(e.status),
        ],
        ['q on the error, any case', { limit: 5, q: 'taskfailed' }, (e) => e.error === 'States.TaskFailed'],
        ['q on the name', { limit: 5, q: 'run-01' }, (e) => e.name.startsWith('run-01')],
        ['q with LIKE wildcards is literal', { limit: 5, q: '%_' }, () => false],
        [
          'from/to (inclusive) exclude undated',
          { limit: 8, from: new Date(Date.UTC(2024, 5, 1, 0, 3)), to: new Date(Date.UTC(2024, 5, 1, 0, 10)) },
          (e) => e.startDate !== null && e.startDate >= '2024-06-01T00:03:00.000Z' && e.startDate <= '2024-06-01T00:10:00.000Z',
        ],
        ['limit larger than the table', { limit: 500 }, () => true],
      ];

      it.each(cases)('pages through every row exactly once, in order: %s', async (_name, query, keep) => {
        const want = expected.filter(keep);
        const { items, pages } = await allPages(query);
        expect(items).toEqual(want);
        expect(new Set(items.map((e) => e.executionArn)).size).toBe(items.length);
        expect(pages).toBe(Math.max(1, Math.ceil(want.length / (query.limit ?? 50))));
      });

      it('defaults to 50 and clamps the limit to 500', async () => {
        expect((await listExecutions(listStore)).items).toHaveLength(50);
        expect((await listExecutions(listStore, { limit: 10_000 })).items).toHaveLength(131);
        expect((await listExecutions(listStore, { limit: 0 })).items).toHaveLength(1);
      });

      it('rejects a cursor it did not produce', async () => {
        await expect(listExecutions(listStore, { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(listExecutions(listStore, { cursor: '!!!' })).rejects.toBeInstanceOf(InvalidCursorError);
        for (const bad of ['abc', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["nope","x"]').toString('base64url')]) {
          await expect(listExecutions(listStore, { cursor: bad }), bad).rejects.toBeInstanceOf(InvalidCursorError);
        }
      });

      it('counts executions per state machine and status', async () => {
        const summaries = await listStateMachines(listStore);
        expect(summaries.map((s) => s.name)).toEqual(machines);
        for (const summary of summaries) {
          const counts: Record<string, number> = {};
          for (const e of expected.filter((x) => x.stateMachineArn === summary.stateMachineArn)) counts[e.status] = (counts[e.status] ?? 0) + 1;
          expect(summary).toEqual({ stateMachineArn: summary.stateMachineArn, name: summary.name, type: 'STANDARD', counts });
        }
      });

      it('returns null for an unknown execution', async () => {
        expect(await getExecution(listStore, executionArn('Alpha', 'nope'))).toBeNull();
      });
    });
  });
}
