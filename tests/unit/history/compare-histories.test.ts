// compareHistories: null only when types, ids, previousEventId, state names, Map iteration indexes,
// errors and causes all agree, event for event; otherwise the first difference, naming the field.
// Causes compare as JSON values (a parsed cause equals its text); masked recordings compare by id
// and as a multiset; a recording that stops early compares as a prefix.
import { describe, expect, it } from 'vitest';
import { compareHistories, valueMatches, type ComparableEvent } from '../../../lib/history/compare-histories.ts';

const e = (id: number | null, previousEventId: number, type: string, details: Record<string, unknown> = {}): ComparableEvent => ({ id, previousEventId, type, details });

const recorded: ComparableEvent[] = [
  e(1, 0, 'ExecutionStarted', { input: '{}' }),
  e(2, 1, 'TaskStateEntered', { name: 'Charge' }),
  e(3, 2, 'TaskScheduled'),
  e(4, 3, 'TaskFailed', { error: 'Card.Declined', cause: '{"code":51,"reason":"insufficient funds"}' }),
  e(5, 4, 'ExecutionFailed', { error: 'Card.Declined', cause: '{"code":51,"reason":"insufficient funds"}' }),
];

const withEvent = (index: number, replacement: ComparableEvent) => recorded.map((x, i) => (i === index ? replacement : x));

describe('compareHistories', () => {
  it('finds no difference in the same history, nor where only inputs, outputs or timestamps differ', () => {
    expect(compareHistories(recorded, recorded)).toBeNull();
    expect(compareHistories(recorded, withEvent(0, e(1, 0, 'ExecutionStarted', { input: '{"other":true}' })))).toBeNull();
  });

  it('names the first field that differs, with both events', () => {
    const cases: Array<[ComparableEvent[], string]> = [
      [withEvent(2, e(3, 2, 'LambdaFunctionScheduled')), 'type'],
      [withEvent(2, e(3, 1, 'TaskScheduled')), 'previousEventId'],
      [withEvent(1, e(2, 1, 'TaskStateEntered', { name: 'Pay' })), 'stateName'],
      [withEvent(3, e(4, 3, 'TaskFailed', { error: 'Card.Expired', cause: '{"code":51,"reason":"insufficient funds"}' })), 'error'],
      [withEvent(3, e(4, 3, 'TaskFailed', { error: 'Card.Declined', cause: '{"code":52,"reason":"insufficient funds"}' })), 'cause'],
      [withEvent(3, e(4, 3, 'TaskFailed', { error: 'Card.Declined' })), 'cause'],
    ];
    for (const [replayed, field] of cases) {
      const difference = compareHistories(recorded, replayed);
      expect(difference?.field).toBe(field);
      expect(difference?.eventId).toBe(replayed.findIndex((x, i) => x !== recorded[i]) + 1);
      expect(difference?.expected).not.toBeNull();
      expect(difference?.got).not.toBeNull();
    }
    expect(compareHistories(recorded, withEvent(2, e(3, 2, 'LambdaFunctionScheduled')))?.message).toBe(
      'event 3 differs (type): recorded #3 (previous 2) TaskScheduled | replayed #3 (previous 2) LambdaFunctionScheduled',
    );
  });

  it('compares causes as JSON values: parsed, re-spaced or reordered causes are equal', () => {
    const parsed = withEvent(3, e(4, 3, 'TaskFailed', { error: 'Card.Declined', cause: { reason: 'insufficient funds', code: 51 } }));
    expect(compareHistories(recorded, parsed)).toBeNull();
    expect(valueMatches('{"a": [1, {"b": "2"}]}', '{"a":[1,{"b":"2"}]}')).toBe(true);
    expect(valueMatches('{"a":1}', '{"a":1,"b":2}')).toBe(false);
    expect(valueMatches('plain text', 'plain text!')).toBe(false);
  });

  it('compares Map iteration indexes', () => {
    const map = [e(1, 0, 'ExecutionStarted'), e(2, 1, 'MapIterationStarted', { name: 'Each', index: 0 })];
    expect(compareHistories(map, [map[0] as ComparableEvent, e(2, 1, 'MapIterationStarted', { name: 'Each', index: 1 })])?.field).toBe('index');
  });

  it('reports a replay that stops early or goes on', () => {
    expect(compareHistories(recorded, recorded.slice(0, 3))).toMatchObject({ field: 'missing', eventId: 4, got: null });
    const longer = [...recorded.slice(0, 4), e(5, 4, 'TaskStateExited', { name: 'Charge' }), e(6, 5, 'ExecutionSucceeded')];
    expect(compareHistories(recorded.slice(0, 4), longer)).toMatchObject({ field: 'extra', eventId: 5, expected: null });
    // A recording of a running execution: only its own length counts.
    expect(compareHistories(recorded.slice(0, 4), longer, { prefixOnly: true })).toBeNull();
  });

  it('takes a text test for recordings whose text was masked', () => {
    const masked = withEvent(3, e(4, 3, 'TaskFailed', { error: 'Card.Declined', cause: '{"code":51,"reason":"<reason>"}' }));
    expect(compareHistories(masked, recorded)?.field).toBe('cause');
    expect(compareHistories(masked, recorded, { textMatches: (a, b) => a === b || a === '<reason>' })).toBeNull();
  });

  it('compares masked Parallel branches by id outside them and as a multiset inside', () => {
    const before = [e(1, 0, 'ExecutionStarted'), e(2, 1, 'ParallelStateEntered', { name: 'Both' })];
    const branches = [e(null, 0, 'PassStateEntered', { name: 'B' }), e(null, 0, 'PassStateEntered', { name: 'A' })];
    // The masking also dropped ParallelStateSucceeded (#5): the Exited event points to it.
    const after = [e(6, 5, 'ParallelStateExited', { name: 'Both' })];
    const replay = (second: string) => [
      ...before,
      e(3, 2, 'PassStateEntered', { name: 'A' }),
      e(4, 2, 'PassStateEntered', { name: second }),
      e(5, 4, 'ParallelStateSucceeded'),
      e(6, 5, 'ParallelStateExited', { name: 'Both' }),
    ];
    expect(compareHistories([...before, ...branches, ...after], replay('B'))).toBeNull();
    expect(compareHistories([...before, ...branches, ...after], replay('C'))).toMatchObject({ field: 'maskedEvents', message: expect.stringContaining('PassStateEntered|B|') });
    expect(compareHistories([...before, ...branches, ...after], replay('B').slice(0, 5))).toMatchObject({ field: 'missing', eventId: 6 });
  });
});
