import { describe, expect, it } from 'vitest';
import { mergeEvents, parseHistory, type HistoryEvent } from '../../../lib/history/index.ts';
import { entered, ev, execStarted, exited } from './build-events.ts';

const HISTORY = [
  execStarted(),
  entered(2, 1, 'Pass', 'A'),
  exited(3, 2, 'Pass', 'A'),
  entered(4, 3, 'Pass', 'B'),
  exited(5, 4, 'Pass', 'B'),
  ev(6, 5, 'ExecutionSucceeded', { output: '{}' }),
];

const parsed = (wire: unknown[]): HistoryEvent[] => parseHistory(wire).events;
const ids = (events: readonly HistoryEvent[]): Array<number | null> => events.map((event) => event.id);
const positions = (events: readonly HistoryEvent[]): number[] => events.map((event) => event.position);

describe('mergeEvents', () => {
  it('takes everything on a first save, in id order, at position id - 1', () => {
    const { events, added } = mergeEvents([], parsed([...HISTORY].reverse()));
    expect(ids(events)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(positions(events)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(added).toHaveLength(6);
  });

  it('adds only events whose id is not stored, and never duplicates one that arrives twice', () => {
    const stored = mergeEvents([], parsed(HISTORY.slice(0, 3))).events;
    const { events, added } = mergeEvents(stored, parsed([HISTORY[2], HISTORY[3], HISTORY[3], HISTORY[4]]));
    expect(ids(added)).toEqual([4, 5]);
    expect(ids(events)).toEqual([1, 2, 3, 4, 5]);
    expect(positions(events)).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps the positions of stored events when late records fill a gap (CloudWatch Logs)', () => {
    const stored = mergeEvents([], parsed([HISTORY[0], HISTORY[1], HISTORY[4]])).events;
    expect(positions(stored)).toEqual([0, 1, 4]);
    const { events, added } = mergeEvents(stored, parsed([HISTORY[3], HISTORY[2], HISTORY[5]]));
    expect(ids(added)).toEqual([3, 4, 6]);
    expect(ids(events)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(positions(events)).toEqual([0, 1, 2, 3, 4, 5]);
    // The stored copies are the very objects that were stored (nothing rewritten).
    expect(events[4]).toBe(stored[2]);
  });

  it('returns the stored events unchanged when nothing is new', () => {
    const stored = mergeEvents([], parsed(HISTORY)).events;
    const { events, added } = mergeEvents(stored, parsed(HISTORY));
    expect(added).toEqual([]);
    expect(events).toEqual(stored);
  });

  it('takes masked events (no id) in file order on a first save, and never again once stored', () => {
    const masked = parsed(HISTORY).map((event, i) => (i === 2 || i === 3 ? { ...event, id: null } : event));
    const first = mergeEvents([], masked);
    expect(ids(first.events)).toEqual([1, 2, null, null, 5, 6]);
    expect(positions(first.events)).toEqual([0, 1, 2, 3, 4, 5]);
    const again = mergeEvents(first.events, masked);
    expect(again.added).toEqual([]);
    expect(again.events).toHaveLength(6);
  });
});
