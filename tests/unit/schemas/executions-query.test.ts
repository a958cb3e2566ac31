import { describe, expect, it } from 'vitest';
import { MAX_EXECUTIONS_LIMIT, executionFilterInput, executionFiltersSchema } from '../../../lib/schemas/execution-filters.ts';

/** What GET /api/executions parses (repeated keys joined with commas, as withRoute's repeatedAsCommaList does). */
function parse(query: string) {
  const result = executionFiltersSchema.safeParse(executionFilterInput(new URLSearchParams(query)));
  if (result.success) return { ok: true as const, query: result.data };
  const issue = result.error.issues[0];
  return { ok: false as const, error: `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}` };
}

describe('GET /api/executions query', () => {
  it('reads from/to as ISO-8601, naive times as UTC', () => {
    const parsed = parse('from=2023-11-14T00:00:00&to=2023-11-15T00:00:00%2B02:00');
    expect(parsed.ok && parsed.query.from?.toISOString()).toBe('2023-11-14T00:00:00.000Z');
    expect(parsed.ok && parsed.query.to?.toISOString()).toBe('2023-11-14T22:00:00.000Z');
  });

  it.each(['Nov 14 2023', '2023-02-30', '1700000000', 'yesterday'])('refuses %s as a date, naming the parameter', (value) => {
    const parsed = parse(`from=${encodeURIComponent(value)}`);
    expect(parsed).toEqual({ ok: false, error: expect.stringMatching(/^from: must be an ISO-8601 date/) });
  });

  it('takes statuses comma-separated or repeated, and refuses unknown ones', () => {
    const listed = parse('status=failed,TIMED_OUT');
    const repeated = parse('status=FAILED&status=TIMED_OUT');
    expect(listed.ok && listed.query.status).toEqual(['FAILED', 'TIMED_OUT']);
    expect(repeated.ok && repeated.query.status).toEqual(['FAILED', 'TIMED_OUT']);
    expect(parse('status=EXPLODED')).toEqual({ ok: false, error: expect.stringMatching(/^status/) });
  });

  it('defaults limit to 50 and refuses one past 500 (refused, not clamped: the caller learns the bound)', () => {
    const none = parse('');
    const most = parse(`limit=${MAX_EXECUTIONS_LIMIT}`);
    expect(none.ok && none.query.limit).toBe(50);
    expect(most.ok && most.query.limit).toBe(MAX_EXECUTIONS_LIMIT);
    for (const limit of ['100000', '0', 'abc', '0x10', '1e3']) expect(parse(`limit=${limit}`)).toEqual({ ok: false, error: 'limit: must be a whole number from 1 to 500' });
  });
});
