import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../../lib/history/parse-timestamp.ts';
import {
  DEFAULT_EXECUTIONS_LIMIT,
  EXECUTION_FILTER_KEYS,
  MAX_EXECUTIONS_LIMIT,
  executionFilterInput,
  executionFiltersSchema,
  parseIsoDate,
  type ExecutionFilters,
  type ListExecutionsQuery,
} from '../../../lib/schemas/execution-filters.ts';

const parse = (input: Record<string, unknown>) => executionFiltersSchema.safeParse(input);
const ok = (input: Record<string, unknown>): ExecutionFilters => {
  const result = parse(input);
  if (!result.success) throw new Error(result.error.message);
  return result.data;
};
/** The first issue as the route words it: "<key>: <message>". */
const refusal = (input: Record<string, unknown>): string => {
  const result = parse(input);
  if (result.success) return 'accepted';
  const issue = result.error.issues[0];
  return `${issue?.path.join('.')}: ${issue?.message}`;
};

describe('execution filter schema', () => {
  it('has exactly the listed keys', () => {
    expect(Object.keys(executionFiltersSchema.shape).sort()).toEqual([...EXECUTION_FILTER_KEYS].sort());
  });

  it('gives only the default limit for an empty or blank query, and drops unknown keys', () => {
    expect(ok({})).toEqual({ limit: DEFAULT_EXECUTIONS_LIMIT });
    const blank = Object.fromEntries(EXECUTION_FILTER_KEYS.map((key) => [key, '']));
    expect(ok(blank)).toEqual({ limit: DEFAULT_EXECUTIONS_LIMIT });
    expect(ok({ range: '24h', page: '3' })).toEqual({ limit: DEFAULT_EXECUTIONS_LIMIT });
  });

  it('reads statuses comma-separated, in any case, and refuses unknown ones naming the key', () => {
    expect(ok({ status: 'failed, TIMED_OUT,,Running' }).status).toEqual(['FAILED', 'TIMED_OUT', 'RUNNING']);
    expect(ok({ status: 'PENDING_REDRIVE' }).status).toEqual(['PENDING_REDRIVE']);
    expect(refusal({ status: 'FAILED,EXPLODED' })).toBe('status: "EXPLODED" is not a status (RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE)');
  });

  it('trims text filters and refuses them over 256 characters', () => {
    expect(ok({ q: '  order-42 ', error: ' States.Timeout', text: 'customer-17 ' })).toMatchObject({ q: 'order-42', error: 'States.Timeout', text: 'customer-17' });
    expect(ok({ q: 'x'.repeat(256) }).q).toHaveLength(256);
    for (const key of ['q', 'error', 'text']) expect(refusal({ [key]: 'x'.repeat(257) })).toMatch(new RegExp(`^${key}: `));
  });

  it('takes the three sorts and nothing else', () => {
    for (const sort of ['newest', 'oldest', 'duration']) expect(ok({ sort }).sort).toBe(sort);
    expect(refusal({ sort: 'random' })).toMatch(/^sort: /);
  });

  it('defaults limit, and refuses anything but decimal digits from 1 to 500', () => {
    expect(ok({ limit: '10' }).limit).toBe(10);
    expect(ok({ limit: String(MAX_EXECUTIONS_LIMIT) }).limit).toBe(MAX_EXECUTIONS_LIMIT);
    for (const limit of ['0', '-1', '2.5', 'abc', '0x10', '1e3', ' 5', '100000']) expect(refusal({ limit })).toBe('limit: must be a whole number from 1 to 500');
  });

  it('refuses control characters in free text (NUL matched every execution) and offsets past ±23:59', () => {
    for (const key of ['q', 'text', 'error', 'stateMachineArn']) {
      for (const value of ['\u0000', 'a\u0000b', '\u001f', '\u007f', '\u0085']) {
        expect(refusal({ [key]: value })).toBe(`${key}: must not contain control characters (U+0000–U+001F, U+007F–U+009F)`);
      }
    }
    for (const from of ['2024-01-01T00:00:00+99:99', '2024-01-01T00:00:00-24:00', '2024-01-01T00:00:00+05:60']) {
      expect(refusal({ from })).toBe('from: must be an ISO-8601 date (UTC unless it has an offset)');
    }
    expect(ok({ from: '2024-01-01T00:00:00+23:59' }).from).toEqual(new Date('2023-12-31T00:01:00Z'));
  });

  it('reads counts as a flag', () => {
    expect(ok({ counts: '1' }).counts).toBe(true);
    expect(ok({ counts: 'true' }).counts).toBe(true);
    expect(ok({ counts: '0' }).counts).toBe(false);
    expect(ok({ counts: 'false' }).counts).toBe(false);
    expect(refusal({ counts: '2' })).toMatch(/^counts: /);
  });

  it('bounds the cursor length', () => {
    expect(ok({ cursor: 'c'.repeat(1024) }).cursor).toHaveLength(1024);
    expect(refusal({ cursor: 'c'.repeat(1025) })).toMatch(/^cursor: /);
  });

  it('reads from/to as ISO-8601 dates, naive ones as UTC', () => {
    const parsed = ok({ from: '2023-11-14', to: '2023-11-15T00:00:00+02:00' });
    expect(parsed.from?.toISOString()).toBe('2023-11-14T00:00:00.000Z');
    expect(parsed.to?.toISOString()).toBe('2023-11-14T22:00:00.000Z');
    for (const value of ['Nov 14 2023', '2023-02-30', '1700000000', 'yesterday', '2023-11-14T10', '2023-11-14T10:00+02']) {
      expect(refusal({ from: value }), value).toBe('from: must be an ISO-8601 date (UTC unless it has an offset)');
      expect(refusal({ to: value }), value).toBe('to: must be an ISO-8601 date (UTC unless it has an offset)');
    }
  });
});

describe('parseIsoDate', () => {
  const iso = (text: string) => parseIsoDate(text)?.toISOString() ?? null;

  it('reads dates, date-times, offsets with or without a colon, a space for the T, fractions', () => {
    expect(iso('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(iso(' 2023-11-14 10:20 ')).toBe('2023-11-14T10:20:00.000Z');
    expect(iso('2023-11-14t10:20:30z')).toBe('2023-11-14T10:20:30.000Z');
    expect(iso('2023-11-14T10:20:30.123456-0530')).toBe('2023-11-14T15:50:30.123Z');
    expect(iso('2023-11-14T00:30:00+01:00')).toBe('2023-11-13T23:30:00.000Z');
  });

  it('refuses impossible days and times rather than rolling them over', () => {
    for (const text of ['2023-02-29', '2023-04-31', '2023-13-01', '2023-00-10', '2023-11-00', '2023-11-14T25:00', '2023-11-14T10:60']) {
      expect(parseIsoDate(text), text).toBeNull();
    }
  });

  it('reads years below 100 as themselves', () => {
    expect(parseIsoDate('0050-03-01')?.getUTCFullYear()).toBe(50);
  });

  it('does not depend on the process time zone', () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      expect(iso('2023-07-01T12:00:00')).toBe('2023-07-01T12:00:00.000Z');
    } finally {
      process.env.TZ = zone;
    }
  });

  it('agrees with lib/history parseTimestamp on every ISO form it accepts', () => {
    const samples = [
      '2023-11-14',
      '2023-11-14T10:20',
      '2023-11-14T10:20:30',
      '2023-11-14 10:20:30.5',
      '2023-11-14T10:20:30.123Z',
      '2023-11-14T10:20:30.1234567Z',
      '2023-11-14T10:20:30+02:00',
      '2023-11-14T10:20:30-0130',
      '2024-02-29T23:59:59.999Z',
      '2023-12-31T24:00:00Z',
      '2016-12-31T23:59:60Z',
    ];
    for (const text of samples) expect(parseIsoDate(text)?.getTime(), text).toBe(new Date(parseTimestamp(text) as number).getTime());
  });
});

describe('executionFilterInput', () => {
  it('joins a repeated key with commas, keeps only filter keys and leaves absent ones out', () => {
    const input = executionFilterInput(new URLSearchParams('status=FAILED&status=TIMED_OUT&q=x&range=24h&other=1'));
    expect(input).toEqual({ status: 'FAILED,TIMED_OUT', q: 'x' });
    expect(ok(input).status).toEqual(['FAILED', 'TIMED_OUT']);
  });

  it('keeps an empty value (the schema reads it as unset)', () => {
    expect(executionFilterInput(new URLSearchParams('q=&sort=oldest'))).toEqual({ q: '', sort: 'oldest' });
  });
});

describe('ListExecutionsQuery', () => {
  it('is what the route hands the store: the parsed filter without counts', () => {
    const { counts: _counts, ...filter } = ok({ status: 'FAILED', limit: '5', counts: '1' });
    const query: ListExecutionsQuery = filter;
    const next: ListExecutionsQuery = { ...query, cursor: null }; // a last page's nextCursor
    expect(next).toEqual({ status: ['FAILED'], limit: 5, cursor: null });
  });
});
