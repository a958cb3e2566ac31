// The chunk format (lib/store/events/event-chunks.ts): events in, the same events out — raw byte
// for byte, every field the store kept — with `extra` only where raw does not say the value.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyFileRecord } from '../../../lib/cli/history-file-record.ts';
import { parseHistory } from '../../../lib/history/index.ts';
import type { HistoryEvent } from '../../../lib/history/types.ts';
import { CHUNK_MAX_BYTES, CHUNK_MAX_EVENTS, decodeChunk, encodeChunk, splitIntoChunks, splitJsonArray, storedEventOf, type StoredEvent } from '../../../lib/store/events/event-chunks.ts';

const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/aws-histories');

/** Decoded back into the StoredEvent form (raw as its stored text). */
function roundTrip(events: readonly StoredEvent[]): StoredEvent[] {
  const data = encodeChunk(events);
  return decodeChunk(data, true).map((e) => ({ eventKey: e.eventKey, id: e.id, type: e.type, previousEventId: e.previousEventId, timestamp: e.timestamp, details: e.detailsText, raw: e.rawText, position: e.position }));
}

describe('event chunks', () => {
  it('round-trips every corpus history with no extra for API-form events', () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThan(50);
    let apiChunks = 0;
    for (const file of files) {
      const events = historyFileRecord(readFileSync(path.join(CORPUS, file), 'utf8'), file).ingest.events.map(storedEventOf);
      for (const piece of splitIntoChunks(events)) {
        expect(roundTrip(piece), file).toEqual(piece);
        const logForm = piece.some((e) => /"(previous_event_id|event_timestamp|execution_arn|details)":/.test(e.raw));
        if (!logForm) {
          apiChunks += 1;
          expect(encodeChunk(piece).extra, file).toBeNull();
        }
      }
    }
    expect(apiChunks).toBeGreaterThan(50);
  });

  it('keeps in extra exactly the values raw does not give, and reads them back', () => {
    const base = parseHistory([
      { id: 1, previousEventId: 0, timestamp: '2024-01-01T00:00:00.000Z', type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}' } },
      { id: 2, previousEventId: 1, timestamp: '2024-01-01T00:00:01.000Z', type: 'PassStateEntered', stateEnteredEventDetails: { name: 'P', input: '{}' } },
    ]).events;
    const [first, second] = base as [HistoryEvent, HistoryEvent];
    const odd: HistoryEvent[] = [
      first,
      // Caller-built: details that are not raw's, another type, a timestamp raw does not have, after a gap.
      { ...second, details: { name: 'Q' }, type: 'PassStateExited', timestamp: 5, position: 3 },
      { id: null, previousEventId: null, type: 'X', timestamp: null, details: {}, position: 4, raw: 'not an object' },
    ];
    const stored = odd.map(storedEventOf);
    const data = encodeChunk(stored);
    expect(JSON.parse(data.extra ?? 'null')).toEqual({
      '1': { type: 'PassStateExited', timestamp: 5, details: '{"name":"Q"}', position: 3 },
      '2': { type: 'X' },
    });
    expect(roundTrip(stored)).toEqual(stored);
    const decoded = decodeChunk(data);
    expect(decoded.map((e) => e.details)).toEqual([{ input: '{}' }, { name: 'Q' }, {}]);
    expect(decoded.map((e) => e.eventKey)).toEqual([1, 2, -5]);
    expect({ minKey: data.minKey, maxKey: data.maxKey, firstPosition: data.firstPosition, eventCount: data.eventCount }).toEqual({ minKey: -5, maxKey: 2, firstPosition: 0, eventCount: 3 });
  });

  it('splits array texts byte for byte, whatever the strings hold', () => {
    const texts = ['{"a":"x,]}\\"[{"}', '[1,[2,{"b":[3]}]]', '"\\\\"', 'null', '{"u":"ü\\u2028😀"}', '-1.5e+300', '{}'];
    expect(splitJsonArray(`[${texts.join(',')}]`)).toEqual(texts);
    expect(splitJsonArray('[]')).toEqual([]);
  });

  it('bounds chunks by event count and bytes, never splitting one position', () => {
    const event = (position: number, size: number): StoredEvent => ({ eventKey: position + 1, id: position + 1, type: 'T', previousEventId: null, timestamp: null, details: null, raw: `{"p":"${'x'.repeat(size)}"}`, position });
    const small = Array.from({ length: CHUNK_MAX_EVENTS * 2 + 1 }, (_, i) => event(i, 10));
    expect(splitIntoChunks(small).map((c) => c.length)).toEqual([CHUNK_MAX_EVENTS, CHUNK_MAX_EVENTS, 1]);
    const big = Array.from({ length: 5 }, (_, i) => event(i, CHUNK_MAX_BYTES / 2));
    expect(splitIntoChunks(big).map((c) => c.length)).toEqual([1, 1, 1, 1, 1]);
    const huge = [event(0, CHUNK_MAX_BYTES * 2), event(1, 10)];
    expect(splitIntoChunks(huge).map((c) => c.length)).toEqual([1, 1]);
    const samePosition = [...Array.from({ length: CHUNK_MAX_EVENTS - 1 }, (_, i) => event(i, 10)), { ...event(CHUNK_MAX_EVENTS - 1, 10) }, { ...event(CHUNK_MAX_EVENTS - 1, 10), eventKey: 999 }];
    expect(splitIntoChunks(samePosition).map((c) => c.length)).toEqual([CHUNK_MAX_EVENTS + 1]);
  });
});
