import { describe, expect, it } from 'vitest';
import { decodePayload, HistoryInputError, parseHistory, parseTimestamp } from '../../../lib/history/index.ts';
import { entered, ev, execStarted, exited } from './build-events.ts';

const ARN = 'arn:aws:states:us-east-1:123456789012:express:sm:name:0b2c';

/** A 3-event Express execution as CloudWatch Logs records (all scalars strings, epoch ms). */
function logRecords() {
  const rec = (id: number, prev: number, type: string, details: Record<string, unknown>, ts: number) => ({
    id: String(id),
    type,
    details,
    previous_event_id: String(prev),
    event_timestamp: String(ts),
    execution_arn: ARN,
    redrive_count: '0',
  });
  return [
    rec(1, 0, 'ExecutionStarted', { input: '{"x":1}', roleArn: 'arn:aws:iam::123456789012:role/r' }, 1668095539600),
    rec(2, 0, 'PassStateEntered', { name: 'State_1', input: '{"x":1}' }, 1668095539605),
    rec(3, 2, 'PassStateExited', { name: 'State_1', output: '{"Arg1":"argument1"}' }, 1668095539607),
    rec(4, 3, 'ExecutionSucceeded', { output: '{"Arg1":"argument1"}' }, 1668095539610),
  ];
}

describe('parseHistory: input forms', () => {
  const history = [execStarted(), entered(2, 0, 'Pass', 'P'), exited(3, 2, 'Pass', 'P'), ev(4, 3, 'ExecutionSucceeded', { output: '{}' })];

  it('reads get-execution-history output (CLI v2, ISO timestamps)', () => {
    const parsed = parseHistory(JSON.stringify({ events: history }));
    expect(parsed.form).toBe('api');
    expect(parsed.warnings).toEqual([]);
    expect(parsed.events.map((e) => [e.id, e.previousEventId, e.type, e.position])).toEqual([
      [1, 0, 'ExecutionStarted', 0],
      [2, 0, 'PassStateEntered', 1],
      [3, 2, 'PassStateExited', 2],
      [4, 3, 'ExecutionSucceeded', 3],
    ]);
    expect(parsed.events[1]?.details).toEqual({ name: 'P', input: '{}' });
    expect(parsed.events[1]?.timestamp).toBe(Date.UTC(2025, 0, 15, 12, 0, 2));
    expect(parsed.events[1]?.raw).toEqual(history[1]);
  });

  it('reads CLI v1 output (epoch seconds, fractional)', () => {
    const v1 = history.map((e, i) => ({ ...e, timestamp: 1560606024.632 + i * 0.25 }));
    const parsed = parseHistory(JSON.stringify({ events: v1 }));
    expect(parsed.events.map((e) => e.timestamp)).toEqual([1560606024632, 1560606024882, 1560606025132, 1560606025382]);
  });

  it('reverses a newest-first (reverseOrder=true) history', () => {
    const parsed = parseHistory({ events: [...history].reverse() });
    expect(parsed.events.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(parsed.events.map((e) => e.position)).toEqual([0, 1, 2, 3]);
  });

  it('sorts shuffled pages by id', () => {
    const parsed = parseHistory([history[2], history[0], history[3], history[1]]);
    expect(parsed.events.map((e) => e.id)).toEqual([1, 2, 3, 4]);
  });

  it('reads a bare array and the corpus wrapper (other keys, definition)', () => {
    expect(parseHistory(history).events).toHaveLength(4);
    const definition = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const parsed = parseHistory({ source: 'x', definition, input: {}, events: history, kind: 'standard-history', meta: {} });
    expect(parsed.events).toHaveLength(4);
    expect(parsed.definition).toEqual(definition);
  });

  it('keeps events that are already parsed objects (SDK Dates)', () => {
    const sdk = history.map((e) => ({ ...e, timestamp: new Date(String(e.timestamp)) }));
    expect(parseHistory({ events: sdk }).events[0]?.timestamp).toBe(Date.UTC(2025, 0, 15, 12, 0, 1));
  });

  it('reads CloudWatch Logs records: string ids, epoch-ms strings, details without wrapper', () => {
    const parsed = parseHistory(logRecords());
    expect(parsed.form).toBe('cloudwatch-logs');
    expect(parsed.executionArn).toBe(ARN);
    expect(parsed.events.map((e) => [e.id, e.previousEventId, e.timestamp])).toEqual([
      [1, 0, 1668095539600],
      [2, 0, 1668095539605],
      [3, 2, 1668095539607],
      [4, 3, 1668095539610],
    ]);
    expect(parsed.events[2]?.details).toEqual({ name: 'State_1', output: '{"Arg1":"argument1"}' });
  });

  it('reads CloudWatch Logs records as JSON lines', () => {
    const text = logRecords()
      .map((r) => JSON.stringify(r))
      .join('\n');
    const parsed = parseHistory(`${text}\n\n`);
    expect(parsed.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });

  it('reads `aws logs filter-log-events` output (records in events[].message)', () => {
    const output = {
      events: [...logRecords()].reverse().map((r, i) => ({
        logStreamName: 'states/sm/2025-01-15-12-00/abcd1234',
        timestamp: Number(r.event_timestamp),
        message: JSON.stringify(r),
        ingestionTime: 1668095540000 + i,
        eventId: `3700${i}`,
      })),
      searchedLogStreams: [],
    };
    const parsed = parseHistory(JSON.stringify(output));
    expect(parsed.form).toBe('cloudwatch-logs');
    expect(parsed.executionArn).toBe(ARN);
    expect(parsed.events.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(parsed.events[1]?.details.name).toBe('State_1');
  });

  it('turns masked ids ([0]) into null and keeps them where they are', () => {
    const masked = (type: string, name?: string) => ({ id: [0], previousEventId: 0, timestamp: 'timestamp', type, ...(name ? { stateEnteredEventDetails: { name } } : {}) });
    const parsed = parseHistory({
      events: [
        { id: 1, previousEventId: 0, timestamp: 'timestamp', type: 'ExecutionStarted' },
        { id: 2, previousEventId: 0, timestamp: 'timestamp', type: 'ParallelStateEntered', stateEnteredEventDetails: { name: 'P' } },
        { id: 3, previousEventId: 2, timestamp: 'timestamp', type: 'ParallelStateStarted' },
        masked('PassStateEntered', 'B1'),
        masked('PassStateEntered', 'B2'),
        { id: 8, previousEventId: 7, timestamp: 'timestamp', type: 'ParallelStateExited', stateExitedEventDetails: { name: 'P' } },
      ],
    });
    expect(parsed.warnings).toEqual([]);
    expect(parsed.events.map((e) => [e.id, e.type, e.timestamp])).toEqual([
      [1, 'ExecutionStarted', null],
      [2, 'ParallelStateEntered', null],
      [3, 'ParallelStateStarted', null],
      [null, 'PassStateEntered', null],
      [null, 'PassStateEntered', null],
      [8, 'ParallelStateExited', null],
    ]);
    expect(parsed.events[4]?.details.name).toBe('B2');
  });

  it('keeps odd events with a type and reports the others', () => {
    const parsed = parseHistory({
      events: [execStarted(), { type: 'SomethingNew', foo: 1 }, 42, { id: 3, previousEventId: 1 }, ev(4, 1, 'ExecutionSucceeded')],
    });
    expect(parsed.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'SomethingNew', 'ExecutionSucceeded']);
    expect(parsed.events[1]?.id).toBeNull();
    expect(parsed.warnings).toHaveLength(4);
    expect(parsed.warnings.join('\n')).toMatch(/unknown event type "SomethingNew"; kept/);
    expect(parsed.warnings.join('\n')).toMatch(/no usable id/);
    expect(parsed.warnings.join('\n')).toMatch(/not an object/);
    expect(parsed.warnings.join('\n')).toMatch(/no "type"/);
  });

  it('drops a duplicate id (log records delivered twice)', () => {
    const records = logRecords();
    const parsed = parseHistory([records[0], records[2], records[1], records[2], records[3]]);
    expect(parsed.events.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(parsed.warnings).toEqual(['duplicate event id; later copy dropped (3)']);
  });
});

describe('parseHistory: bad input', () => {
  const cases: [string, unknown, RegExp][] = [
    ['not JSON', 'this is { not json', /^not JSON or JSON lines/],
    ['JSON lines of which none parses', '{"type":\n{also broken', /^not JSON or JSON lines \(line 1/],
    ['empty', '   \n', /not JSON or JSON lines/],
    ['an object without events', '{"executionArn":"x"}', /^no events array$/],
    ['a JSON number', '42', /^no events array$/],
    ['elements without type', '[{"id":1},{"id":2}]', /^no element has a "type"$/],
    ['an empty events array', '{"events":[]}', /^no events/],
  ];
  it('keeps the records of JSON lines around a truncated line and warns about it', () => {
    const parsed = parseHistory('{"type":"ExecutionStarted","id":1}\n{"type":\n{"type":"ExecutionSucceeded","id":2,"previousEventId":1}\n');
    expect(parsed.events.map((event) => event.type)).toEqual(['ExecutionStarted', 'ExecutionSucceeded']);
    expect(parsed.warnings).toEqual(['line is not JSON; dropped (line 2)']);
  });

  it.each(cases)('%s -> HistoryInputError with a one-line message', (_name, input, message) => {
    let error: unknown;
    try {
      parseHistory(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HistoryInputError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['epoch seconds', 1700000000.123, 1700000000123],
    ['epoch seconds (integer)', 1700000000, 1700000000000],
    ['epoch ms', 1700000000123, 1700000000123],
    ['epoch ms string (CloudWatch Logs)', '1668095539607', 1668095539607],
    ['epoch seconds string', '1560606024.632', 1560606024632],
    ['ISO with Z', '2025-04-10T17:04:02.020Z', Date.UTC(2025, 3, 10, 17, 4, 2, 20)],
    ['ISO with offset, 6 digits (CLI v2)', '2025-04-10T13:04:02.020000-04:00', Date.UTC(2025, 3, 10, 17, 4, 2, 20)],
    ['ISO with offset, no fraction', '2026-01-13T12:15:57-05:00', Date.UTC(2026, 0, 13, 17, 15, 57)],
    ['ISO +05:30', '2025-01-01T05:30:00+05:30', Date.UTC(2025, 0, 1)],
    ['ISO +0530 (no colon)', '2025-01-01T05:30:00+0530', Date.UTC(2025, 0, 1)],
    ['naive ISO = UTC', '2019-02-19T16:39:08.105000', Date.UTC(2019, 1, 19, 16, 39, 8, 105)],
    ['naive with a space', '2019-02-19 16:39:08.105', Date.UTC(2019, 1, 19, 16, 39, 8, 105)],
    ['Date object', new Date(Date.UTC(2024, 5, 1)), Date.UTC(2024, 5, 1)],
    ['placeholder', 'timestamp', null],
    ['missing', undefined, null],
    ['garbage', '2025-13-45T99:00:00Z', null],
    ['object', { t: 1 }, null],
  ])('%s', (_name, input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });
});

describe('decodePayload', () => {
  it('parses JSON strings and keeps the raw value', () => {
    expect(decodePayload('{"a":1}')).toEqual({ raw: '{"a":1}', value: { a: 1 }, parsed: true });
    expect(decodePayload('"text"')).toEqual({ raw: '"text"', value: 'text', parsed: true });
    expect(decodePayload('42')).toEqual({ raw: '42', value: 42, parsed: true });
  });
  it('leaves plain strings and parsed values alone', () => {
    expect(decodePayload('Lorem ipsum')).toEqual({ raw: 'Lorem ipsum', value: 'Lorem ipsum', parsed: false });
    expect(decodePayload('{broken')).toEqual({ raw: '{broken', value: '{broken', parsed: false });
    const obj = { a: 1 };
    expect(decodePayload(obj)).toEqual({ raw: obj, value: obj, parsed: false });
    expect(decodePayload(null)).toEqual({ raw: null, value: null, parsed: false });
  });
});
