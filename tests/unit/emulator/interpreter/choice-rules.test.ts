import { describe, expect, it } from 'vitest';
import { evaluateRule, wildcardMatch } from '../../../../lib/emulator/interpreter/choice-rules.ts';
import { VariableScope } from '../../../../lib/emulator/interpreter/variable-scope.ts';
import { run } from './run-helper.ts';

const input = { s: 'abc', n: 5, b: true, t: '2024-01-01T00:00:00Z', z: null, other: 5, list: [] };
const scope = new VariableScope();
scope.assign({ limit: 4 });
const env = { input, context: {}, scope };
const ok = (rule: Record<string, unknown>) => evaluateRule(rule, env);

describe('Choice rules', () => {
  it('compares strings, numbers, booleans and timestamps (and their *Path forms)', () => {
    expect(ok({ Variable: '$.s', StringEquals: 'abc' })).toBe(true);
    expect(ok({ Variable: '$.s', StringLessThan: 'abd' })).toBe(true);
    expect(ok({ Variable: '$.s', StringGreaterThanEquals: 'abc' })).toBe(true);
    expect(ok({ Variable: '$.n', NumericEquals: 5 })).toBe(true);
    expect(ok({ Variable: '$.n', NumericLessThanEquals: 4 })).toBe(false);
    expect(ok({ Variable: '$.n', NumericEqualsPath: '$.other' })).toBe(true);
    expect(ok({ Variable: '$.n', NumericGreaterThanPath: '$limit' })).toBe(true);
    expect(ok({ Variable: '$.b', BooleanEquals: true })).toBe(true);
    expect(ok({ Variable: '$.t', TimestampLessThan: '2024-06-01T00:00:00Z' })).toBe(true);
    expect(ok({ Variable: '$.s', NumericEquals: 5 })).toBe(false);
  });
  it('tests types and presence', () => {
    expect(ok({ Variable: '$.z', IsNull: true })).toBe(true);
    expect(ok({ Variable: '$.missing', IsPresent: false })).toBe(true);
    expect(ok({ Variable: '$.n', IsNumeric: true })).toBe(true);
    expect(ok({ Variable: '$.s', IsString: true })).toBe(true);
    expect(ok({ Variable: '$.b', IsBoolean: true })).toBe(true);
    expect(ok({ Variable: '$.t', IsTimestamp: true })).toBe(true);
  });
  it('combines with And / Or / Not and matches wildcards', () => {
    expect(ok({ And: [{ Variable: '$.n', NumericGreaterThan: 1 }, { Not: { Variable: '$.s', StringEquals: 'x' } }] })).toBe(true);
    expect(ok({ Or: [{ Variable: '$.n', NumericLessThan: 1 }, { Variable: '$.s', StringMatches: 'a*' }] })).toBe(true);
    expect(wildcardMatch('log-*.txt', 'log-2024.txt')).toBe(true);
    expect(wildcardMatch('a\\*b', 'a*b')).toBe(true);
    expect(wildcardMatch('a\\*b', 'axb')).toBe(false);
  });
  it('routes a Choice state, JSONata Condition included', async () => {
    const def = (ql: string) => ({
      QueryLanguage: ql,
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: ql === 'JSONata' ? [{ Condition: '{% $states.input.n > 3 %}', Next: 'Big' }] : [{ Variable: '$.n', NumericGreaterThan: 3, Next: 'Big' }],
          Default: 'Small',
        },
        Big: { Type: 'Succeed' },
        Small: { Type: 'Fail', Error: 'TooSmall' },
      },
    });
    for (const ql of ['JSONPath', 'JSONata']) {
      expect((await run(def(ql), { n: 5 })).outcome.status).toBe('SUCCEEDED');
      expect((await run(def(ql), { n: 1 })).outcome.error).toBe('TooSmall');
    }
  });
});
