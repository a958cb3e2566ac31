import { describe, expect, it } from 'vitest';
import { queryInput } from '../../../lib/server/query-input.ts';
import { MAX_SERIES_BUCKETS, bucketSchema, seriesQuerySchemaAt, windowQuerySchemaAt } from '../../../lib/schemas/window.ts';

const NOW = new Date('2024-05-02T12:34:56.789Z');
const DAY = 24 * 3_600_000;

function parse<T>(schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, query: string) {
  const result = schema.safeParse(queryInput(new URLSearchParams(query)));
  if (result.success) return { ok: true as const, data: result.data };
  const issue = result.error.issues[0];
  return { ok: false as const, error: `${issue?.path.map(String).join('.') || 'query'}: ${issue?.message ?? 'invalid'}` };
}

describe('windowQuerySchema', () => {
  const schema = windowQuerySchemaAt(() => NOW);

  it('defaults to the last 24 h before now', () => {
    expect(parse(schema, '')).toEqual({ ok: true, data: { from: new Date(NOW.getTime() - DAY), to: NOW } });
    expect(parse(schema, 'from=&to=')).toEqual({ ok: true, data: { from: new Date(NOW.getTime() - DAY), to: NOW } });
  });

  it('defaults from to 24 h before a given to, and to to now after a given from', () => {
    expect(parse(schema, 'to=2024-01-02T00:00:00Z')).toEqual({ ok: true, data: { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-01-02T00:00:00Z') } });
    expect(parse(schema, 'from=2024-05-01')).toEqual({ ok: true, data: { from: new Date('2024-05-01T00:00:00Z'), to: NOW } });
  });

  it('reads ISO-8601 as UTC unless an offset is given', () => {
    expect(parse(schema, 'from=2024-05-01T10:00&to=2024-05-01T14:00%2B02:00')).toEqual({
      ok: true,
      data: { from: new Date('2024-05-01T10:00:00Z'), to: new Date('2024-05-01T12:00:00Z') },
    });
  });

  it('refuses bad dates and from >= to, naming the parameter', () => {
    expect(parse(schema, 'from=yesterday')).toEqual({ ok: false, error: expect.stringMatching(/^from: must be an ISO-8601 date/) });
    expect(parse(schema, 'to=2024-02-30')).toEqual({ ok: false, error: expect.stringMatching(/^to: must be an ISO-8601 date/) });
    expect(parse(schema, 'from=2024-05-01T00:00:00Z&to=2024-05-01T00:00:00Z')).toEqual({ ok: false, error: 'from: must be before to (2024-05-01T00:00:00.000Z)' });
    expect(parse(schema, 'from=2030-01-01')).toEqual({ ok: false, error: expect.stringMatching(/^from: must be before to/) });
  });
});

describe('bucketSchema and the series query', () => {
  const schema = seriesQuerySchemaAt(() => NOW);

  it('takes 1m, 5m, 1h, 1d and nothing else', () => {
    for (const bucket of ['1m', '5m', '1h', '1d']) expect(bucketSchema.safeParse(bucket).success).toBe(true);
    for (const bucket of ['2m', '1H', '60', '']) expect(bucketSchema.safeParse(bucket).success).toBe(false);
    expect(parse(schema, 'bucket=2m')).toEqual({ ok: false, error: 'bucket: must be one of 1m, 5m, 1h, 1d' });
  });

  it('defaults to 1h buckets over the last 24 h and gives the bucket size in ms', () => {
    expect(parse(schema, '')).toEqual({ ok: true, data: { from: new Date(NOW.getTime() - DAY), to: NOW, bucket: '1h', bucketMs: 3_600_000 } });
    expect(parse(schema, 'bucket=5m')).toMatchObject({ ok: true, data: { bucket: '5m', bucketMs: 300_000 } });
  });

  it(`refuses a window of more than ${MAX_SERIES_BUCKETS} buckets, saying so`, () => {
    // 2000 one-minute buckets exactly (aligned), then one more minute.
    expect(parse(schema, 'from=2024-05-01T00:00:00Z&to=2024-05-02T09:20:00Z&bucket=1m').ok).toBe(true);
    expect(parse(schema, 'from=2024-05-01T00:00:00Z&to=2024-05-02T09:20:00.001Z&bucket=1m')).toEqual({ ok: false, error: expect.stringMatching(/^bucket: too many buckets: .*2001, more than 2000/) });
    expect(parse(schema, 'from=2020-01-01&to=2024-01-01&bucket=1h')).toEqual({ ok: false, error: expect.stringMatching(/^bucket: too many buckets/) });
    expect(parse(schema, 'from=2020-01-01&to=2024-01-01&bucket=1d').ok).toBe(true);
  });
});
