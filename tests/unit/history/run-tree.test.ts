import { describe, expect, it } from 'vitest';
import { mapIterationCounts, mapIterations, mapPickers } from '../../../lib/history/map-iterations.ts';
import { childrenOf, enclosingMapRun, failedRuns, parseIndexList, pickRun, resolveRun, sameIndex } from '../../../lib/history/run-tree.ts';
import type { StateRun, StateRunStatus } from '../../../lib/history/types.ts';

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

describe('run tree and Map iterations', () => {
  it('finds enclosing Maps', () => {
    expect(enclosingMapRun(runs, 3)).toBe(1);
    expect(enclosingMapRun(runs, 5)).toBeNull();
  });

  it('compares index lists', () => {
    expect(sameIndex([1, 2], [1, 2])).toBe(true);
    expect(sameIndex([1], [1, 2])).toBe(false);
    expect(sameIndex(null, [])).toBe(false);
  });

  it('builds one Map picker with iteration statuses, the failed ones grouped', () => {
    const pickers = mapPickers(runs, childrenOf(runs), null);
    expect(pickers).toHaveLength(1);
    expect(pickers[0]?.iterations).toEqual([
      { index: 0, status: 'SUCCEEDED' },
      { index: 1, status: 'FAILED' },
      { index: 2, status: 'SUCCEEDED' },
    ]);
    expect(pickers[0]?.groups).toEqual([{ status: 'FAILED', iterations: [{ index: 1, status: 'FAILED' }] }]);
  });

  it('groups iterations that did not succeed worst first, and shows nested Maps only inside the selected iteration', () => {
    // Outer Map: iteration 0 aborted, 1 caught, 2 failed, 3 has a nested Map (its iteration 1 failed, caught by the nested Map).
    const nested: StateRun[] = [
      run('Outer', 'Map', 'FAILED', [], null),
      run('A', 'Task', 'ABORTED', [0], 0),
      run('A', 'Task', 'CAUGHT', [1], 0),
      run('A', 'Task', 'FAILED', [2], 0),
      run('Inner', 'Map', 'CAUGHT', [3], 0),
      run('B', 'Task', 'SUCCEEDED', [3, 0], 4),
      run('B', 'Task', 'FAILED', [3, 1], 4),
    ];
    const children = childrenOf(nested);
    const [outer, ...rest] = mapPickers(nested, children, null);
    expect(rest).toEqual([]);
    expect(outer?.groups.map((g) => [g.status, g.iterations.map((i) => i.index)])).toEqual([
      ['FAILED', [2]],
      ['CAUGHT', [1, 3]],
      ['ABORTED', [0]],
    ]);
    // The nested Map counts with its own status: the failure it caught is not iteration 3's.
    expect(mapIterations(nested, children, 0).find((i) => i.index === 3)?.status).toBe('CAUGHT');
    const inside = mapPickers(nested, children, [3]);
    expect(inside.map((p) => [p.stateName, p.prefix])).toEqual([
      ['Outer', []],
      ['Inner', [3]],
    ]);
    expect(inside[1]?.iterations).toEqual([
      { index: 0, status: 'SUCCEEDED' },
      { index: 1, status: 'FAILED' },
    ]);
  });

  it('picks the worst run, ties to the later one', () => {
    expect(pickRun(runs, [0, 2, 4])).toBe(4);
    expect(pickRun(runs, [2, 3, 4])).toBe(3);
    expect(pickRun(runs, [])).toBeNull();
    expect(pickRun(runs, [99])).toBeNull();
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
