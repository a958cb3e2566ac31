import { describe, expect, it } from 'vitest';
import { readableCause } from '../../../../components/execution/error-cause.ts';
import { childrenOf, enclosingMapRun, failedRuns, mapIterationCounts, mapPickers, parseIndexList, resolveRun, runDepths } from '../../../../components/execution/run-tree.ts';
import type { StateRun, StateRunStatus } from '../../../../lib/history/types.ts';

function run(stateName: string, stateType: string, status: StateRunStatus, mapIndex: number[], parentRunIndex: number | null): StateRun {
  return { stateName, stateType, status, attempts: 0, mapIndex, enteredEventId: null, exitedEventId: null, durationMs: null, error: null, cause: null, parentRunIndex };
}

// Start → Map(3 iterations of Work; iteration 1 failed and was caught by the Map's Catch) → Done
const runs: StateRun[] = [
  run('Start', 'Pass', 'SUCCEEDED', [], null),
  run('Items', 'Map', 'CAUGHT', [], null),
  run('Work', 'Task', 'SUCCEEDED', [0], 1),
  run('Work', 'Task', 'FAILED', [1], 1),
  run('Work', 'Task', 'SUCCEEDED', [2], 1),
  run('Done', 'Pass', 'SUCCEEDED', [], null),
];

describe('run-tree helpers', () => {
  it('computes nesting depths and enclosing Maps', () => {
    expect(runDepths(runs)).toEqual([0, 0, 1, 1, 1, 0]);
    expect(enclosingMapRun(runs, 3)).toBe(1);
    expect(enclosingMapRun(runs, 5)).toBeNull();
  });

  it('builds one Map picker with iteration statuses', () => {
    const pickers = mapPickers(runs, childrenOf(runs), null);
    expect(pickers).toHaveLength(1);
    expect(pickers[0]?.iterations).toEqual([
      { index: 0, status: 'SUCCEEDED' },
      { index: 1, status: 'FAILED' },
      { index: 2, status: 'SUCCEEDED' },
    ]);
  });

  it('resolves a URL selection to a run, preferring the selected iteration, else the worst run', () => {
    expect(resolveRun(runs, 'Work', null, null)).toBe(3);
    expect(resolveRun(runs, 'Work', [2], null)).toBe(4);
    expect(resolveRun(runs, 'Work', [0], 2)).toBe(2);
    expect(resolveRun(runs, 'Done', [1], null)).toBe(5);
    expect(resolveRun(runs, null, null, null)).toBeNull();
  });

  it('lists failed runs (caught ones only when nothing failed)', () => {
    expect(failedRuns(runs)).toEqual([3]);
    expect(failedRuns(runs.filter((r) => r.status !== 'FAILED'))).toEqual([1]);
  });

  it('counts the iterations of a Map by status (worst run of each; caught inside counts as succeeded)', () => {
    expect(mapIterationCounts(runs, childrenOf(runs), 1)).toEqual({ total: 3, succeeded: 2, failed: 1, aborted: 0, running: 0 });
    const more = [
      ...runs,
      run('Loop', 'Map', 'RUNNING', [], null),
      run('Step', 'Task', 'CAUGHT', [0], 6),
      run('Step', 'Task', 'ABORTED', [1], 6),
      run('Step', 'Task', 'SUCCEEDED', [2], 6),
      run('Step', 'Task', 'RUNNING', [2], 6),
    ];
    expect(mapIterationCounts(more, childrenOf(more), 6)).toEqual({ total: 3, succeeded: 1, failed: 0, aborted: 1, running: 1 });
    expect(mapIterationCounts(more, childrenOf(more), 0)).toEqual({ total: 0, succeeded: 0, failed: 0, aborted: 0, running: 0 });
  });

  it('parses iteration lists', () => {
    expect(parseIndexList('1,2')).toEqual([1, 2]);
    expect(parseIndexList('')).toBeNull();
    expect(parseIndexList('a')).toBeNull();
  });
});

describe('readableCause', () => {
  it('unpacks a Lambda error payload', () => {
    const cause = JSON.stringify({ errorMessage: 'Some exception was raised.', errorType: 'Exception', requestId: 'r-1', stackTrace: ['  File "/var/task/h.py", line 3, in handler\n    raise Exception()\n'] });
    const r = readableCause(cause);
    expect(r.errorType).toBe('Exception');
    expect(r.errorMessage).toBe('Some exception was raised.');
    expect(r.stack).toEqual(['  File "/var/task/h.py", line 3, in handler', '    raise Exception()']);
    expect(r.extra).toEqual({ requestId: 'r-1' });
    expect(r.text).toBe(cause);
  });
  it('keeps plain text and already-parsed objects', () => {
    expect(readableCause('An error occurred').errorType).toBeNull();
    expect(readableCause('An error occurred').text).toBe('An error occurred');
    expect(readableCause({ errorType: 'X', errorMessage: 'm' }).errorMessage).toBe('m');
    expect(readableCause(null).text).toBeNull();
    expect(readableCause('{broken').text).toBe('{broken');
  });
});
