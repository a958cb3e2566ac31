import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CONTROL_CHARACTER_MESSAGE, filterTextParam, wholeNumberMessage, wholeNumberParam } from '../../../lib/schemas/query-values';

function refusal(schema: z.ZodType, input: unknown): string | null {
  const result = schema.safeParse(input);
  return result.success ? null : (result.error.issues[0]?.message ?? 'invalid');
}

describe('wholeNumberParam', () => {
  const limit = wholeNumberParam(1, 500);

  it('takes ASCII decimal digits within the bounds (leading zeros are still decimal)', () => {
    expect(limit.parse('1')).toBe(1);
    expect(limit.parse('500')).toBe(500);
    expect(limit.parse('007')).toBe(7);
    expect(wholeNumberParam(0, 10).parse('0')).toBe(0);
  });

  it('refuses everything else with one message naming the bounds', () => {
    const message = wholeNumberMessage(1, 500);
    expect(message).toBe('must be a whole number from 1 to 500');
    for (const input of ['0', '501', '-1', '+1', '0x10', '1e3', '1.5', '1,2', ' 5', '5 ', '', 'abc', 'Infinity', 'NaN', '\u0000', '５', '10000000000000000000000', '9'.repeat(400)]) {
      expect(refusal(limit, input), JSON.stringify(input)).toBe(message);
    }
  });

  it('takes a message of its own for parameters that are not counts', () => {
    expect(refusal(wholeNumberParam(0, 10, 'must be a cursor from a previous page'), 'x')).toBe('must be a cursor from a previous page');
  });
});

describe('filterTextParam', () => {
  const q = filterTextParam(10);

  it('trims, and takes any printable text up to the bound', () => {
    expect(q.parse('  Ab 💥 ')).toBe('Ab 💥');
    expect(q.parse("' OR 1=1")).toBe("' OR 1=1");
    expect(refusal(q, 'x'.repeat(11))).toBe('must be at most 10 characters');
  });

  it('refuses C0 and C1 control characters and DEL, even ones a trim would take away', () => {
    for (const input of ['\u0000', 'a\u0000b', '\u0001', '\u001f', '\u007f', '\u0085', '\u009f', '\n', 'x\t']) {
      expect(refusal(q, input), JSON.stringify(input)).toBe(CONTROL_CHARACTER_MESSAGE);
    }
    expect(q.parse('\u00a0x')).toBe('x'); // NBSP is whitespace, not a control character
  });
});
