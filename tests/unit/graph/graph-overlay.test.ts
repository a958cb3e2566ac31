import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../lib/graph/build-graph.ts';
import { graphOverlay } from '../../../lib/graph/graph-overlay.ts';
import { NOT_STARTED, worseStatus, type NodeStatus } from '../../../lib/history/statuses.ts';
import type { StateRun, StateRunStatus } from '../../../lib/history/types.ts';
import { analyzeHistory } from '../../../lib/history/index.ts';
import { corpusFile } from './corpus-definitions.ts';

function run(stateName: string, status: StateRunStatus, extra: Partial<StateRun> = {}): StateRun {
  return { stateName, stateType: 'Task', status, attempts: 1, mapIndex: [], enteredEventId: null, exitedEventId: null, durationMs: 100, error: null, cause: null, ...extra };
}

const def = {
  StartAt: 'Prep',
  States: {
    Prep: { Type: 'Pass', Next: 'Each' },
    Each: {
      Type: 'Map',
      ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: 'x', Retry: [{ ErrorEquals: ['States.ALL'] }], End: true } } },
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    Never: { Type: 'Pass', End: true },
  },
};

describe('graphOverlay', () => {
  const graph = buildGraph(def);
  const runs: StateRun[] = [
    run('Prep', 'SUCCEEDED', { durationMs: 5, attempts: 0 }),
    run('Each', 'FAILED', { stateType: 'Map', attempts: 0, durationMs: 900, error: 'States.TaskFailed' }),
    run('Work', 'SUCCEEDED', { mapIndex: [0], parentRunIndex: 1, durationMs: 100 }),
    run('Work', 'FAILED', { mapIndex: [1], parentRunIndex: 1, attempts: 3, durationMs: 300, error: 'Boom' }),
    run('Work', 'CAUGHT', { mapIndex: [2], parentRunIndex: 1, durationMs: 200, error: 'Caught' }),
    run('Work', 'RUNNING', { mapIndex: [3], parentRunIndex: 1, durationMs: null }),
  ];

  it('orders statuses FAILED > CAUGHT > ABORTED > RUNNING > SUCCEEDED > NOT_STARTED', () => {
    const worstStatus = (statuses: NodeStatus[]): NodeStatus => statuses.reduce<NodeStatus>((worst, s) => worseStatus(worst, s), NOT_STARTED);
    expect(worstStatus([])).toBe('NOT_STARTED');
    expect(worstStatus(['SUCCEEDED', 'RUNNING'])).toBe('RUNNING');
    expect(worstStatus(['RUNNING', 'ABORTED', 'SUCCEEDED'])).toBe('ABORTED');
    expect(worstStatus(['ABORTED', 'CAUGHT'])).toBe('CAUGHT');
    expect(worstStatus(['CAUGHT', 'FAILED', 'SUCCEEDED'])).toBe('FAILED');
  });

  it('shows the worst run, counts, durations, retries and the error', () => {
    const o = graphOverlay(graph, runs);
    const work = o.nodes['Each/items/Work'];
    expect(work?.status).toBe('FAILED');
    expect(work?.runCount).toBe(4);
    expect(work?.totalDurationMs).toBe(600);
    expect(work?.lastDurationMs).toBeNull();
    expect(work?.maxAttempts).toBe(3);
    expect(work?.retries).toBe(2);
    expect(work?.error).toBe('Boom');
    expect(work?.runIndex).toBe(3);
    expect(o.nodes.Each?.status).toBe('FAILED');
    expect(o.nodes.Prep?.status).toBe('SUCCEEDED');
    expect(o.nodes.Prep?.retries).toBe(0);
    expect(o.nodes.Done?.status).toBe('NOT_STARTED');
    expect(o.nodes.Never?.status).toBe('NOT_STARTED');
    expect(o.nodes['^start']?.status).toBe('NOT_STARTED');
    expect(o.scopes['Each/items']).toBe('FAILED');
    expect(o.unmatchedRuns).toEqual([]);
  });

  it('shows the selected Map iteration', () => {
    const at = (i: number) => graphOverlay(graph, runs, { mapIndex: [i] }).nodes['Each/items/Work'];
    expect(at(0)?.status).toBe('SUCCEEDED');
    expect(at(0)?.runCount).toBe(1);
    expect(at(2)?.status).toBe('CAUGHT');
    expect(at(2)?.error).toBe('Caught');
    expect(at(3)?.status).toBe('RUNNING');
    expect(at(9)?.status).toBe('NOT_STARTED');
    // Nodes outside the Map keep their own runs.
    expect(graphOverlay(graph, runs, { mapIndex: [0] }).nodes.Each?.status).toBe('FAILED');
    // Restricted to another container: the Map's children keep the aggregate.
    expect(graphOverlay(graph, runs, { mapIndex: [0], mapNodeId: 'Prep' }).nodes['Each/items/Work']?.status).toBe('FAILED');
    expect(graphOverlay(graph, runs, { mapIndex: [0], mapNodeId: 'Each' }).nodes['Each/items/Work']?.status).toBe('SUCCEEDED');
  });

  it('places runs of repeated names through their parent run and branch', () => {
    const branch = { StartAt: 'Work', States: { Work: { Type: 'Pass', End: true } } };
    const g = buildGraph({ StartAt: 'Work', States: { Work: { Type: 'Pass', Next: 'P' }, P: { Type: 'Parallel', Branches: [branch, branch], End: true } } });
    const o = graphOverlay(g, [
      run('Work', 'SUCCEEDED'),
      run('P', 'CAUGHT', { stateType: 'Parallel' }),
      run('Work', 'SUCCEEDED', { parentRunIndex: 1, branchIndex: 0 }),
      run('Work', 'FAILED', { parentRunIndex: 1, branchIndex: 1 }),
      run('Ghost', 'FAILED'),
    ]);
    expect(o.nodes.Work?.status).toBe('SUCCEEDED');
    expect(o.nodes['P/b0/Work']?.status).toBe('SUCCEEDED');
    expect(o.nodes['P/b1/Work']?.status).toBe('FAILED');
    expect(o.scopes['P/b1']).toBe('FAILED');
    expect(o.unmatchedRuns).toEqual([4]);
  });

  it('paints a corpus execution (Map with Catch and Retry)', () => {
    const record = corpusFile('test_error_output__TestStateVariablesTemplate.test_map_catch_error-MAP_CATCH_ERROR_OUTPUT_WITH_RETRY__0.json');
    const analysis = analyzeHistory(record);
    const g = buildGraph(record.definition);
    const o = graphOverlay(g, analysis.runs);
    expect(o.unmatchedRuns).toEqual([]);
    const statuses = Object.values(o.nodes).map((n) => n.status);
    expect(statuses).toContain('CAUGHT');
    expect(statuses).toContain('FAILED');
    expect(Object.values(o.nodes).some((n) => n.retries > 0)).toBe(true);
  });
});
