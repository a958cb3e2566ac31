// The logs' one paging vocabulary (lib/schemas/paging.ts): GET /api/audit and
// GET /api/alerts/deliveries read `cursor` and `limit` alike, and cut their pages alike.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { alertDeliveriesQuerySchema, DEFAULT_DELIVERIES_LIMIT, MAX_DELIVERIES_LIMIT } from '../../../lib/schemas/alerts';
import { auditQuerySchema, DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT } from '../../../lib/schemas/audit';
import { keysetPage } from '../../../lib/schemas/paging';
import { CONTROL_CHARACTER_MESSAGE, wholeNumberMessage } from '../../../lib/schemas/query-values';

function refusal(schema: z.ZodType, input: Record<string, string>): string | null {
  const result = schema.safeParse(input);
  if (result.success) return null;
  const issue = result.error.issues[0];
  return `${issue?.path.join('.')}: ${issue?.message}`;
}

const LOGS = [
  { name: 'audit', schema: auditQuerySchema, defaultLimit: DEFAULT_AUDIT_LIMIT, maxLimit: MAX_AUDIT_LIMIT },
  { name: 'alert deliveries', schema: alertDeliveriesQuerySchema, defaultLimit: DEFAULT_DELIVERIES_LIMIT, maxLimit: MAX_DELIVERIES_LIMIT },
] as const;

describe.each(LOGS)('the $name query pages with the shared cursor and limit', ({ schema, defaultLimit, maxLimit }) => {
  it('defaults the limit, treats an empty parameter as absent and parses both as numbers', () => {
    expect(schema.parse({})).toMatchObject({ limit: defaultLimit });
    expect(schema.parse({}).cursor).toBeUndefined();
    expect(schema.parse({ cursor: '', limit: '' })).toMatchObject({ limit: defaultLimit });
    expect(schema.parse({ cursor: '42', limit: String(maxLimit) })).toMatchObject({ cursor: 42, limit: maxLimit });
  });

  it('refuses a limit past its bound and any cursor or limit that is not ASCII digits, with the shared message', () => {
    expect(refusal(schema, { limit: String(maxLimit + 1) })).toBe(`limit: ${wholeNumberMessage(1, maxLimit)}`);
    for (const value of ['0', '-1', '0x10', '1e3', '1.5', ' 5', '５']) expect(refusal(schema, { limit: value }), value).toBe(`limit: ${wholeNumberMessage(1, maxLimit)}`);
    for (const value of ['0', 'abc', '9'.repeat(30)]) expect(refusal(schema, { cursor: value }), value).toBe(`cursor: ${wholeNumberMessage(1, Number.MAX_SAFE_INTEGER)}`);
  });
});

describe('keysetPage', () => {
  const rows = [9, 7, 4, 2].map((id) => ({ id }));

  it('keeps `limit` rows and names the last as the next cursor when the extra row came', () => {
    expect(keysetPage(rows, 3)).toEqual({ rows: rows.slice(0, 3), nextCursor: '4' });
  });

  it('says there is no next page when no extra row came, or nothing did', () => {
    expect(keysetPage(rows, 4)).toEqual({ rows, nextCursor: null });
    expect(keysetPage(rows.slice(0, 2), 3)).toEqual({ rows: rows.slice(0, 2), nextCursor: null });
    expect(keysetPage([], 3)).toEqual({ rows: [], nextCursor: null });
  });
});

describe('the audit target', () => {
  it('refuses control characters with the words every filter uses', () => {
    expect(refusal(auditQuerySchema, { target: 'arn:aws:states:us-east-1:1:execution:m:\u0000' })).toBe(`target: ${CONTROL_CHARACTER_MESSAGE}`);
  });
});
