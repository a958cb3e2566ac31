// Chunked event storage (lib/store/events) through saveExecutionHistory, on both backends: a
// history arriving in pages reads back as the same events as when it arrives whole; an append
// rewrites only the last chunk; a late event fills its gap in place; stored keys are skipped
// (first copy wins, as the per-event ON CONFLICT DO NOTHING did); the counts follow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHistory } from '../../../lib/history/index.ts';
import type { HistoryEvent } from '../../../lib/history/types.ts';
import { CHUNK_MAX_EVENTS } from '../../../lib/store/events/event-chunks.ts';
import { internalsOf } from '../../../lib/store/db/internals.ts';
import { closeAllStores, countStoredEvents, getExecution, getStoredHistoryHead, openStore, readAnalysisEvents, saveExecutionHistory, type Store } from '../../../lib/store/index.ts';
import { dumpStore } from '../../../lib/store/tools/dump-store.ts';
import { storeBackends } from '../../helpers/store-backends.ts';
import { history } from './store-fixtures.ts';

/** n API-form events, ids 1..n, as parseHistory gives them. */
function events(n: number): HistoryEvent[] {
  return parseHistory({
    events: Array.from({ length: n }, (_, i) => ({
      id: i + 1,
      previousEventId: i,
      timestamp: new Date(Date.UTC(2024, 0, 1) + i * 250).toISOString(),
      type: i === 0 ? 'ExecutionStarted' : 'PassStateEntered',
      ...(i === 0 ? { executionStartedEventDetails: { input: '{}' } } : { stateEnteredEventDetails: { name: `S${i % 7}`, input: `{"i":${i},"s":"a,]\\"b"}` } }),
    })),
  }).events;
}

async function chunkRows(store: Store, executionArn: string): Promise<Array<{ chunkIndex: number; eventCount: number; events: string }>> {
  const { client } = internalsOf(store);
  return client.historyEventChunk.findMany({ where: { executionArn }, orderBy: { chunkIndex: 'asc' }, select: { chunkIndex: true, eventCount: true, events: true } });
}

for (const backend of storeBackends('event-chunks')) {
  describe(`event chunks on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const database = await backend.freshDatabase();
      drop = database.drop;
      store = await openStore(database.url);
    });
    afterAll(async () => {
      await closeAllStores();
      await drop();
    });

    it('stores a history in pages as it stores it whole, rewriting only the last chunk on append', async () => {
      const all = events(CHUNK_MAX_EVENTS * 2 + 40);
      const whole = history({ name: 'whole', events: all });
      await saveExecutionHistory(store, whole);
      const paged = history({ name: 'paged', events: [] });
      const arn = paged.execution.executionArn;
      let before: Awaited<ReturnType<typeof chunkRows>> = [];
      for (let start = 0; start < all.length; start += 50) {
        if (start === 250) before = await chunkRows(store, arn);
        const result = await saveExecutionHistory(store, { ...paged, events: all.slice(start, start + 50) });
        expect(result.insertedEvents).toBe(Math.min(50, all.length - start));
      }
      const after = await chunkRows(store, arn);
      expect(after.map((c) => c.eventCount)).toEqual([CHUNK_MAX_EVENTS, CHUNK_MAX_EVENTS, 40]);
      // Before the last page: [128, 122]. The full chunk is the same row, byte for byte.
      expect(before.map((c) => c.eventCount)).toEqual([CHUNK_MAX_EVENTS, 250 - CHUNK_MAX_EVENTS]);
      expect(after[0]).toEqual(before[0]);
      expect((await chunkRows(store, whole.execution.executionArn)).map((c) => c.events)).toEqual(after.map((c) => c.events));

      const stored = await getExecution(store, arn);
      expect(stored?.events).toEqual(all);
      expect((await readAnalysisEvents(store, [arn])).get(arn)).toEqual(all.map((event) => ({ ...event, raw: null })));
      expect(await countStoredEvents(store, arn)).toBe(all.length);
      expect((await getStoredHistoryHead(store, arn))?.maxEventId).toBe(all.length);
    });

    it('skips stored keys, keeps the first copy within a batch, and fills a gap in place', async () => {
      const all = events(200);
      const input = history({ name: 'gaps', events: [] });
      const arn = input.execution.executionArn;
      const missing = all[49] as HistoryEvent;
      const first = await saveExecutionHistory(store, { ...input, events: all.filter((e) => e !== missing) });
      expect(first).toMatchObject({ insertedEvents: 199, eventCount: 199 });
      // A stored event again (with another raw: the stored copy stays), and the same new one twice.
      const changed = { ...(all[10] as HistoryEvent), raw: { ...(all[10]?.raw as object), extra: 1 } };
      const late = await saveExecutionHistory(store, { ...input, events: [changed, missing, { ...missing, raw: { other: true } }] });
      expect(late).toMatchObject({ insertedEvents: 1, eventCount: 200 });
      // Position 49 is in the first chunk's range: that chunk takes it (and grows past the bound).
      expect((await chunkRows(store, arn)).map((c) => c.eventCount)).toEqual([CHUNK_MAX_EVENTS + 1, 199 - CHUNK_MAX_EVENTS]);
      expect((await getExecution(store, arn))?.events).toEqual(all);
      const again = await saveExecutionHistory(store, { ...input, events: all });
      expect(again).toMatchObject({ insertedEvents: 0, eventCount: 200 });
    });

    it('keeps masked histories (negative keys) and caller-built fields exactly', async () => {
      const input = history({ name: 'masked' });
      const arn = input.execution.executionArn;
      const dumpBefore = (await dumpStore(store)).HistoryEvent.filter((r) => r.executionArn !== arn);
      const first = await saveExecutionHistory(store, input);
      expect(first.insertedEvents).toBe(input.events.length);
      const second = await saveExecutionHistory(store, input);
      expect(second.insertedEvents).toBe(0);
      const stored = await getExecution(store, arn);
      expect(stored?.events).toEqual(input.events.map((event) => ({ ...event, raw: JSON.parse(JSON.stringify(event.raw)) as unknown })));
      // Other executions' events are untouched by this one's saves.
      expect((await dumpStore(store)).HistoryEvent.filter((r) => r.executionArn !== arn)).toEqual(dumpBefore);
    });
  });
}
