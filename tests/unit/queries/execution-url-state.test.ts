import { describe, expect, it } from 'vitest';
import { EXECUTION_URL_KEYS, executionFilterStateOf, executionsApiParams } from '../../../lib/queries/executions.ts';
import { EXECUTION_FILTER_KEYS, executionFilterInput, executionFiltersSchema } from '../../../lib/schemas/execution-filters.ts';

describe('executions list page: URL ↔ filter state', () => {
  it('uses the filter schema keys (but counts) plus the range preset', () => {
    expect(EXECUTION_URL_KEYS).toEqual([...EXECUTION_FILTER_KEYS.filter((key) => key !== 'counts'), 'range']);
  });

  it('reads a URL as the API does: repeated keys joined, empty and unknown ones dropped', () => {
    const state = executionFilterStateOf(new URLSearchParams('status=FAILED&status=RUNNING&q=&error=States.Timeout&range=24h&counts=1&x=y'));
    expect(state).toEqual({ status: 'FAILED,RUNNING', error: 'States.Timeout', range: '24h' });
  });

  it('sends the page state as a query the schema accepts, with counts and a resolved range', () => {
    const now = Date.parse('2026-11-20T12:00:00Z');
    const state = executionFilterStateOf(new URLSearchParams('stateMachineArn=arn:m&status=failed&range=1h&from=2026-01-01&sort=duration&limit=20&text=abc'));
    const params = executionsApiParams(state, now);
    expect(Object.fromEntries(params)).toEqual({
      stateMachineArn: 'arn:m',
      status: 'failed',
      sort: 'duration',
      limit: '20',
      text: 'abc',
      from: '2026-11-20T11:00:00.000Z',
      counts: '1',
    });
    const parsed = executionFiltersSchema.parse(executionFilterInput(params));
    expect(parsed).toMatchObject({ status: ['FAILED'], sort: 'duration', limit: 20, counts: true, from: new Date(now - 3_600_000) });
  });

  it('passes a custom range through as from/to', () => {
    const state = executionFilterStateOf(new URLSearchParams('range=custom&from=2026-11-01&to=2026-11-02T00:00:00Z'));
    expect(Object.fromEntries(executionsApiParams(state))).toEqual({ from: '2026-11-01', to: '2026-11-02T00:00:00Z', counts: '1' });
  });
});
