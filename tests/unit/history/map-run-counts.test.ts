// The Map Run words the pages draw (lib/history map-run-counts): the node's badge line and
// tooltip from DescribeMapRun's executionCounts, and which links belong to a selected run.
import { describe, expect, it } from 'vitest';
import { linksOfRun, mapRunBadge, mapRunEnded, mapRunLive, runOfLink, startedChildren, unsuccessfulChildren, type MapRunCounts } from '../../../lib/history/index.ts';

const counts = (over: Partial<MapRunCounts>): MapRunCounts => ({ pending: 0, running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, total: 0, resultsWritten: 0, ...over });

describe('mapRunBadge', () => {
  it('puts the children that did not succeed first, then succeeded of total, then those still going', () => {
    const c = counts({ succeeded: 7, failed: 2, timedOut: 1, aborted: 2, running: 3, pending: 1, total: 16 });
    expect(unsuccessfulChildren(c)).toBe(5);
    const badge = mapRunBadge('RUNNING', c);
    expect(badge).toMatchObject({ text: '2 failed · 1 timed out · 2 aborted · 7/16 succeeded · 3 running · 1 pending', short: '2 failed · 1 timed out · 2 aborted · 7/16 ok · 3 running · 1 pending', unsuccessful: 5 });
    expect(badge.title.split('\n')).toEqual([badge.text, 'Map Run RUNNING: child executions', 'Pending: 1', 'Running: 3', 'Succeeded: 7', 'Failed: 2', 'Timed out: 1', 'Aborted: 2', 'Total: 16']);
  });

  it('says succeeded of total alone when every child succeeded, and that it is not described yet without counts', () => {
    expect(mapRunBadge('SUCCEEDED', counts({ succeeded: 4, total: 4 })).text).toBe('4/4 succeeded');
    expect(mapRunBadge(null, null)).toMatchObject({ text: 'Map Run: not described yet', unsuccessful: 0 });
  });
});

describe('a Map Run that ended with items never started', () => {
  // DescribeMapRun after a failed 12-item run: 6 children started, the other 6 items stay pending.
  const failed = counts({ succeeded: 5, failed: 1, pending: 6, total: 12 });

  it('calls its pending items not started on the node, pending while it runs', () => {
    expect(mapRunBadge('FAILED', failed).text).toBe('1 failed · 5/12 succeeded · 6 not started');
    expect(mapRunBadge('ABORTED', counts({ aborted: 1, pending: 9, total: 10 })).short).toBe('1 aborted · 0/10 ok · 9 not started');
    expect(mapRunBadge('RUNNING', failed).text).toBe('1 failed · 5/12 succeeded · 6 pending');
    // The tooltip keeps AWS's field name.
    expect(mapRunBadge('FAILED', failed).title.split('\n')).toContain('Pending: 6');
  });

  it('counts only the children it started', () => {
    expect(startedChildren(failed)).toBe(6);
    expect(startedChildren(counts({ succeeded: 4, total: 4 }))).toBe(4);
    expect(startedChildren(counts({ pending: 3, total: 2 }))).toBe(0);
  });

  it('keeps a Map Run page live until the Map Run ended and its children are settled', () => {
    expect([null, 'RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED'].map(mapRunEnded)).toEqual([false, false, true, true, true]);
    expect(mapRunLive('RUNNING', true)).toBe(true);
    expect(mapRunLive(null, false)).toBe(true);
    expect(mapRunLive('FAILED', false)).toBe(true);
    expect(mapRunLive('FAILED', true)).toBe(false);
    expect(mapRunLive('SUCCEEDED', true)).toBe(false);
  });
});

describe('linksOfRun / runOfLink', () => {
  const runs = [{ stateName: 'Launch' }, { stateName: 'Fan' }, { stateName: 'Launch' }];
  const links = [
    { id: 'a', stateName: 'Launch', runIndex: 0 },
    { id: 'b', stateName: 'Launch', runIndex: 2 },
    { id: 'c', stateName: 'Launch', runIndex: null },
    { id: 'd', stateName: null, runIndex: null },
  ];

  it('gives a run the links tied to it and those of its state whose run is unknown', () => {
    expect(linksOfRun(links, 0, 'Launch').map((l) => l.id)).toEqual(['a', 'c']);
    expect(linksOfRun(links, 2, 'Launch').map((l) => l.id)).toEqual(['b', 'c']);
    expect(linksOfRun(links, 1, 'Fan')).toEqual([]);
  });

  it('places a link on its own run, else the last run of its state, else nowhere', () => {
    expect(links.map((l) => runOfLink(runs, l))).toEqual([0, 2, 2, null]);
    expect(runOfLink(runs, { stateName: 'Fan', runIndex: 9 })).toBe(1);
    expect(runOfLink(runs, { stateName: 'Gone', runIndex: null })).toBeNull();
  });
});
