import { describe, expect, it } from 'vitest';
import { packDetail, unpackDetail } from '../../../../components/execution/packed-runs.ts';
import type { ExecutionDetail } from '../../../../lib/api/executions/get-execution-detail.ts';
import type { StateRun } from '../../../../lib/history/types.ts';

const attempt = (n: number, status: 'FAILED' | 'SUCCEEDED') => ({
  attempt: n,
  scheduledEventId: 3 + n,
  closedEventId: 4 + n,
  status,
  scheduledAt: 1000 + n,
  closedAt: 1100 + n,
  backoffMs: n > 1 ? 1000 : null,
  resource: 'invoke',
  resourceType: 'lambda',
  parameters: undefined,
  result: undefined,
  error: status === 'FAILED' ? 'Lambda.Boom' : null,
  cause: status === 'FAILED' ? '{"errorMessage":"<b>x</b>"}' : null,
});

const runs: StateRun[] = [
  { stateName: 'Start', stateType: 'Pass', status: 'SUCCEEDED', attempts: 0, mapIndex: [], enteredEventId: 2, exitedEventId: 3, durationMs: 0, error: null, cause: null, parentRunIndex: null, taskAttempts: [] },
  { stateName: 'Work', stateType: 'Task', status: 'CAUGHT', attempts: 2, mapIndex: [0, 1], enteredEventId: 4, exitedEventId: null, durationMs: null, error: 'Lambda.Boom', cause: { nested: ['json', 1] }, parentRunIndex: 0, taskAttempts: [attempt(1, 'FAILED'), attempt(2, 'FAILED')] },
  { stateName: 'Done', stateType: 'Succeed', status: 'SUCCEEDED', attempts: 0, mapIndex: [], enteredEventId: 9, exitedEventId: 10, durationMs: 5, error: null, cause: null },
];

/** Packing keeps every value; a key left undefined comes back absent or null. */
const normalise = (value: unknown) => JSON.parse(JSON.stringify(value, (_key, v: unknown) => (v === null ? undefined : v))) as unknown;

describe('packed execution detail (the page embeds its detail in this form; runs: tests/unit/history/packed-runs.test.ts)', () => {
  it('packs a whole detail and leaves the rest as is', () => {
    const detail = { execution: { name: 'x' }, definition: { StartAt: 'Start' }, runPayloads: 'omitted', analysis: { status: 'FAILED', eventCount: 10, failure: { error: 'Lambda.Boom', cause: null, stateName: 'Work', runIndex: 1 }, warnings: ['w'], runs } } as unknown as ExecutionDetail;
    const back = unpackDetail(JSON.parse(JSON.stringify(packDetail(detail))) as ReturnType<typeof packDetail>);
    expect(normalise(back)).toEqual(normalise(detail));
  });
});
