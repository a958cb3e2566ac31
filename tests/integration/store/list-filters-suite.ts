// Executions list filters and sorts added for the dashboard (error, text, sort, counts, stats),
// run on every backend from store-suite.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countExecutionsByStatus,
  listExecutions,
  openStore,
  saveExecutionHistory,
  stateMachineStats,
  InvalidCursorError,
  type ExecutionListItem,
  type ListExecutionsQuery,
  type Store,
} from '../../../lib/store/index.ts';
import { history, maskedEvents, stateMachineArn } from './store-fixtures.ts';
import type { Backend } from './store-suite.ts';

export function listFiltersSuite(backend: Backend): void {
  describe(`executions list filters and sorts on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    const all: ExecutionListItem[] = [];
    const statuses = ['SUCCEEDED', 'FAILED', 'RUNNING', 'TIMED_OUT', 'SUCCEEDED'];
    const base = Date.UTC(2024, 6, 1);

    beforeAll(async () => {
      const db = await backend.freshDatabase('filters');
      drop = db.drop;
      store = await openStore(db.url);
      for (let i = 0; i < 60; i++) {
        const status = statuses[i % statuses.length]!;
        const machine = i % 2 === 0 ? 'Even' : 'Odd';
        const start = i % 13 === 5 ? null : new Date(base + Math.floor(i / 3) * 60_000);
        const error = status === 'FAILED' ? (i % 3 === 0 ? 'States.Timeout' : 'States.TaskFailed') : status === 'TIMED_OUT' ? 'States.Timeout' : null;
        const input = history({ machine, name: `e-${String(i).padStart(2, '0')}`, status, start, error, events: maskedEvents(start?.getTime() ?? 0).slice(0, 2) });
        // Durations with ties (i % 4), running executions have none.
        const stop = start === null || status === 'RUNNING' ? null : new Date(start.getTime() + 1000 * (i % 4) + 7);
        input.execution = { ...input.execution, stopDate: stop, input: i % 7 === 0 ? `{"customer":"Zoë-${i}","flag":"NeedleX"}` : `{"n":${i}}`, output: i % 11 === 0 ? '{"res":"needlex out"}' : null };
        await saveExecutionHistory(store, input);
        const e = input.execution;
        all.push({
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
    });
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    const byArn = (a: ExecutionListItem, b: ExecutionListItem, desc: boolean) => (a.executionArn < b.executionArn ? -1 : a.executionArn > b.executionArn ? 1 : 0) * (desc ? -1 : 1);
    const orderBy = (key: (e: ExecutionListItem) => string | number | null, desc: boolean) => (a: ExecutionListItem, b: ExecutionListItem) => {
      const ka = key(a);
      const kb = key(b);
      if ((ka === null) !== (kb === null)) return ka === null ? 1 : -1;
      if (ka !== kb && ka !== null && kb !== null) return (ka < kb ? -1 : 1) * (desc ? -1 : 1);
      return byArn(a, b, desc);
    };
    const newest = orderBy((e) => e.startDate, true);
    const oldest = orderBy((e) => e.startDate, false);
    const longest = orderBy((e) => e.durationMs, true);

    async function allPages(query: Omit<ListExecutionsQuery, 'cursor'>): Promise<ExecutionListItem[]> {
      const items: ExecutionListItem[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await listExecutions(store, { ...query, cursor });
        items.push(...page.items);
        cursor = page.nextCursor;
        expect(++pages).toBeLessThan(200);
      } while (cursor !== null);
      return items;
    }

    const cases: Array<[string, Omit<ListExecutionsQuery, 'cursor'>, (e: ExecutionListItem) => boolean, typeof newest]> = [
      ['error name, exact', { limit: 4, error: 'States.Timeout' }, (e) => e.error === 'States.Timeout', newest],
      ['error + status', { limit: 3, error: 'States.Timeout', status: ['FAILED'] }, (e) => e.error === 'States.Timeout' && e.status === 'FAILED', newest],
      ['error that no execution has', { limit: 3, error: 'States.Time' }, () => false, newest],
      ['text in input or output, any case', { limit: 3, text: 'needlex' }, (e) => Number(e.name.slice(2)) % 7 === 0 || Number(e.name.slice(2)) % 11 === 0, newest],
      ['text with non-ASCII', { limit: 3, text: 'Zoë' }, (e) => Number(e.name.slice(2)) % 7 === 0, newest],
      ['text + statuses', { limit: 2, text: 'NeedleX', status: ['SUCCEEDED', 'FAILED'] }, (e) => (Number(e.name.slice(2)) % 7 === 0 || Number(e.name.slice(2)) % 11 === 0) && ['SUCCEEDED', 'FAILED'].includes(e.status), newest],
      ['oldest first', { limit: 7, sort: 'oldest' }, () => true, oldest],
      ['oldest first, several statuses', { limit: 5, sort: 'oldest', status: ['RUNNING', 'FAILED'] }, (e) => ['RUNNING', 'FAILED'].includes(e.status), oldest],
      ['longest first', { limit: 6, sort: 'duration' }, () => true, longest],
      ['longest first, one machine + statuses', { limit: 4, sort: 'duration', stateMachineArn: stateMachineArn('Odd'), status: ['SUCCEEDED', 'TIMED_OUT'] }, (e) => e.stateMachineArn === stateMachineArn('Odd') && ['SUCCEEDED', 'TIMED_OUT'].includes(e.status), longest],
      ['longest first in a date range', { limit: 5, sort: 'duration', from: new Date(base + 3 * 60_000), to: new Date(base + 12 * 60_000) }, (e) => e.startDate !== null && e.startDate >= new Date(base + 3 * 60_000).toISOString() && e.startDate <= new Date(base + 12 * 60_000).toISOString(), longest],
    ];

    it.each(cases)('pages through every match exactly once, in order: %s', async (_name, query, keep, order) => {
      const want = all.filter(keep).sort(order);
      const items = await allPages(query);
      expect(items.map((e) => e.name)).toEqual(want.map((e) => e.name));
      expect(items).toEqual(want);
    });

    it('rejects a cursor of another sort', async () => {
      const page = await listExecutions(store, { limit: 2, sort: 'duration' });
      expect(page.nextCursor).not.toBeNull();
      await expect(listExecutions(store, { cursor: page.nextCursor })).rejects.toThrow(InvalidCursorError);
      await expect(listExecutions(store, { cursor: page.nextCursor, sort: 'oldest' })).rejects.toThrow(InvalidCursorError);
    });

    it('counts executions by status in the filter scope', async () => {
      const tally = (items: ExecutionListItem[]) => items.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.status]: (acc[e.status] ?? 0) + 1 }), {});
      expect(await countExecutionsByStatus(store, {})).toEqual(tally(all));
      expect(await countExecutionsByStatus(store, { stateMachineArn: stateMachineArn('Even'), error: 'States.Timeout' })).toEqual(
        tally(all.filter((e) => e.stateMachineArn === stateMachineArn('Even') && e.error === 'States.Timeout')),
      );
      const from = new Date(base + 5 * 60_000);
      expect(await countExecutionsByStatus(store, { from })).toEqual(tally(all.filter((e) => e.startDate !== null && e.startDate >= from.toISOString())));
    });

    it('computes recent success rate, last failure and executions per hour per state machine', async () => {
      const arn = stateMachineArn('Even');
      const now = new Date(base + 30 * 60_000);
      const stats = (await stateMachineStats(store, [arn], now))[arn]!;
      const mine = all.filter((e) => e.stateMachineArn === arn && e.startDate !== null).sort(newest);
      const terminal = mine.filter((e) => e.status !== 'RUNNING');
      expect(stats.successRate).toBeCloseTo(terminal.filter((e) => e.status === 'SUCCEEDED').length / terminal.length, 6);
      const failure = mine.find((e) => ['FAILED', 'TIMED_OUT', 'ABORTED'].includes(e.status))!;
      expect(stats.lastFailure).toMatchObject({ executionArn: failure.executionArn, error: failure.error });
      expect(stats.perHour).toHaveLength(24);
      expect(stats.perHour[23]).toBe(mine.length);
      expect(stats.perHour.slice(0, 23).every((n) => n === 0)).toBe(true);
    });
  });
}
