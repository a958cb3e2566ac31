// Runs with attempts, nested JSON causes and absent keys: what the page's packed forms must round-trip.
import type { StateRun } from '../../../lib/history/types.ts';

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

export const PACKED_RUNS_FIXTURE: StateRun[] = [
  { stateName: 'Start', stateType: 'Pass', status: 'SUCCEEDED', attempts: 0, mapIndex: [], enteredEventId: 2, exitedEventId: 3, durationMs: 0, error: null, cause: null, parentRunIndex: null, taskAttempts: [] },
  { stateName: 'Work', stateType: 'Task', status: 'CAUGHT', attempts: 2, mapIndex: [0, 1], enteredEventId: 4, exitedEventId: null, durationMs: null, error: 'Lambda.Boom', cause: { nested: ['json', 1] }, parentRunIndex: 0, depth: 1, taskAttempts: [attempt(1, 'FAILED'), attempt(2, 'FAILED')] },
  { stateName: 'Done', stateType: 'Succeed', status: 'SUCCEEDED', attempts: 0, mapIndex: [], enteredEventId: 9, exitedEventId: 10, durationMs: 5, error: null, cause: null },
];

/** Packing keeps every value; a key left undefined comes back absent or null. */
export const normalise = (value: unknown) => JSON.parse(JSON.stringify(value, (_key, v: unknown) => (v === null ? undefined : v))) as unknown;
