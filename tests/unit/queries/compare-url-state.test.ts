import { describe, expect, it } from 'vitest';
import { compareApiParams, compareUrlSearch, compareUrlStateOf, defaultComparison } from '../../../lib/queries/compare-url-state.ts';

const machine = (name: string, type: 'STANDARD' | 'EXPRESS') => ({ stateMachineArn: `arn:aws:states:us-east-1:1:stateMachine:${name}`, name, type });

describe('/compare URL state', () => {
  it('reads repeated machines in order without duplicates, a known range or the default', () => {
    const state = compareUrlStateOf(new URLSearchParams('stateMachineArn=b&stateMachineArn=a&stateMachineArn=b&stateMachineArn=&range=7d'));
    expect(state).toEqual({ stateMachineArns: ['b', 'a'], range: '7d' });
    expect(compareUrlStateOf(new URLSearchParams('range=2w&from=x')).range).toBe('24h');
  });

  it('keeps custom from/to as typed and round-trips through the URL', () => {
    const state = compareUrlStateOf(new URLSearchParams('stateMachineArn=a&range=custom&from=2026-01-01T00:00:00Z&to=nonsense'));
    expect(state).toEqual({ stateMachineArns: ['a'], range: 'custom', from: '2026-01-01T00:00:00Z', to: 'nonsense' });
    expect(compareUrlStateOf(new URLSearchParams(compareUrlSearch(state)))).toEqual(state);
  });

  it('sends a preset as a window ending now', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    const params = compareApiParams({ stateMachineArns: ['a', 'b'], range: '1h' }, now);
    expect(params.getAll('stateMachineArn')).toEqual(['a', 'b']);
    expect(params.get('from')).toBe('2026-12-02T11:00:00.000Z');
    expect(params.get('to')).toBe('2026-12-02T12:00:00.000Z');
  });
});

describe('defaultComparison', () => {
  it('prefers one workflow deployed as both types, Standard first', () => {
    const machines = [machine('approvals', 'STANDARD'), machine('iot-ingestion', 'EXPRESS'), machine('audit', 'EXPRESS'), machine('iot-ingestion-standard', 'STANDARD')];
    expect(defaultComparison(machines)).toEqual([machines[3]?.stateMachineArn, machines[1]?.stateMachineArn]);
  });

  it('else the first Standard and the first Express by name, else the first two', () => {
    const machines = [machine('zeta', 'STANDARD'), machine('beta', 'EXPRESS'), machine('alpha', 'STANDARD')];
    expect(defaultComparison(machines)).toEqual([machines[2]?.stateMachineArn, machines[1]?.stateMachineArn]);
    const standards = [machine('b', 'STANDARD'), machine('a', 'STANDARD'), machine('c', 'STANDARD')];
    expect(defaultComparison(standards)).toEqual([standards[1]?.stateMachineArn, standards[0]?.stateMachineArn]);
    expect(defaultComparison([])).toEqual([]);
  });
});
