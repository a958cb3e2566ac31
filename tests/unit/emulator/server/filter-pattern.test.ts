import { describe, expect, it } from 'vitest';
import { compileFilterPattern } from '../../../../lib/emulator/server/filter-pattern.ts';

const record = JSON.stringify({ id: '3', type: 'TaskFailed', details: { error: 'States.Timeout', n: 5 }, execution_arn: 'arn:aws:states:x', flag: true, none: null });

describe('compileFilterPattern', () => {
  it('matches everything when empty', () => {
    expect(compileFilterPattern('')(record)).toBe(true);
    expect(compileFilterPattern(undefined)('anything')).toBe(true);
  });

  it.each([
    ['{ $.type = "TaskFailed" }', true],
    ['{ $.type = "TaskSucceeded" }', false],
    ['{ $.type != "TaskSucceeded" }', true],
    ['{ $.details.error = "States.*" }', true],
    ['{ $.details.error = States.Timeout }', true],
    ['{ $.details.n > 4 }', true],
    ['{ $.details.n <= 4 }', false],
    ['{ $.type = "TaskFailed" && $.id = "3" }', true],
    ['{ $.type = "X" || ($.id = "3" && $.details.n = 5) }', true],
    ['{ $.none IS NULL }', true],
    ['{ $.missing NOT EXISTS }', true],
    ['{ $.flag IS TRUE }', true],
    ['{ $.execution_arn = "arn:aws:states:x" }', true],
  ])('%s → %s', (pattern, expected) => {
    expect(compileFilterPattern(pattern)(record)).toBe(expected);
  });

  it('never matches non-JSON messages with a JSON pattern', () => {
    expect(compileFilterPattern('{ $.a = 1 }')('plain text')).toBe(false);
  });

  it('supports term patterns', () => {
    expect(compileFilterPattern('TaskFailed States.Timeout')(record)).toBe(true);
    expect(compileFilterPattern('TaskFailed -Timeout')(record)).toBe(false);
    expect(compileFilterPattern('?nothing ?TaskFailed')(record)).toBe(true);
    expect(compileFilterPattern('"details"')(record)).toBe(true);
  });

  it('rejects malformed JSON patterns', () => {
    expect(() => compileFilterPattern('{ $.a = ')).toThrow(/Invalid filter pattern/);
    expect(() => compileFilterPattern('{ type = "x" }')).toThrow(/Invalid filter pattern/);
  });
});
