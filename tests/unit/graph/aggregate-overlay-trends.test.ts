// The rows the state machine page's trends and state panel draw (components/state-machine/
// trend-data.ts): per-bucket figures from the series API, deploy markers, the window of a drag.
import { describe, expect, it } from 'vitest';
import { bucketTick, deployMarkers, dragWindow, shortRevision, stateRunRows, trendRows } from '../../../components/state-machine/trend-data.ts';
import type { SeriesResponse, StateDetailResponse } from '../../../lib/queries/state-machine-health.ts';

const HOUR = '2026-12-02T10:00:00.000Z';
const durations = (p50: number | null) => ({ p50, p95: p50, p99: p50 });

function series(overrides: Partial<SeriesResponse> = {}): SeriesResponse {
  return {
    from: '2026-12-02T10:00:00.000Z',
    to: '2026-12-02T10:03:00.000Z',
    bucket: '1m',
    items: [
      { start: '2026-12-02T10:00:00.000Z', started: 10, succeeded: 6, failed: 2, timedOut: 1, aborted: 1, durationMs: durations(1200) },
      { start: '2026-12-02T10:01:00.000Z', started: 4, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, durationMs: durations(null) },
      { start: '2026-12-02T10:02:00.000Z', started: 3, succeeded: 2, failed: 0, timedOut: 0, aborted: 0, durationMs: durations(800) },
    ],
    revisions: [],
    ...overrides,
  };
}

describe('trendRows', () => {
  it('keeps the counts, splits off the open executions and rates success over the finished ones', () => {
    const rows = trendRows(series());
    expect(rows[0]).toEqual({ start: HOUR, started: 10, succeeded: 6, failed: 2, timedOut: 1, aborted: 1, open: 0, p50: 1200, p95: 1200, p99: 1200, successRate: 60 });
    // Nothing finished: no rate (not 0 %), every started execution is open.
    expect(rows[1]).toMatchObject({ open: 4, successRate: null, p50: null });
    // 2 of 2 finished succeeded; 1 still runs.
    expect(rows[2]).toMatchObject({ open: 1, successRate: 100 });
    // The stacked bars add up to the executions started.
    for (const r of rows) expect(r.succeeded + r.failed + r.timedOut + r.aborted + r.open).toBe(r.started);
  });
});

describe('deployMarkers', () => {
  it('puts each revision first seen in the window on the bucket holding its first start', () => {
    const markers = deployMarkers(
      series({
        revisions: [
          { revisionId: 'sha256:0123456789abcdef', firstSeen: '2026-12-01T08:00:00.000Z' },
          { revisionId: '8f7e6d5c-aaaa-bbbb-cccc-000000000000', firstSeen: '2026-12-02T10:01:42.000Z' },
        ],
      }),
    );
    // The first revision started before the window: no deploy inside it.
    expect(markers).toEqual([{ start: '2026-12-02T10:01:00.000Z', revisionIds: ['8f7e6d5c-aaaa-bbbb-cccc-000000000000'], label: 'rev 2 8f7e6d5c', firstSeen: '2026-12-02T10:01:42.000Z' }]);
  });

  it('merges revisions first seen in the same bucket into one marker naming each, and ignores those at or after `to`', () => {
    const markers = deployMarkers(
      series({
        revisions: [
          { revisionId: 'sha256:aaaaaaaaaaaa', firstSeen: '2026-12-02T10:02:01.000Z' },
          { revisionId: 'sha256:bbbbbbbbbbbb', firstSeen: '2026-12-02T10:02:59.999Z' },
          { revisionId: 'sha256:cccccccccccc', firstSeen: '2026-12-02T10:03:00.000Z' },
        ],
      }),
    );
    expect(markers).toHaveLength(1);
    expect(markers[0]).toMatchObject({ start: '2026-12-02T10:02:00.000Z', revisionIds: ['sha256:aaaaaaaaaaaa', 'sha256:bbbbbbbbbbbb'], label: 'rev 1 aaaaaaaa, rev 2 bbbbbbbb' });
  });

  it('shortens AWS revision ids and our definition hashes to 8 characters', () => {
    expect(shortRevision('sha256:0123456789abcdef')).toBe('01234567');
    expect(shortRevision('8f7e6d5c-aaaa-bbbb')).toBe('8f7e6d5c');
  });
});

describe('dragWindow', () => {
  const rows = trendRows(series());
  it('spans the first dragged bucket’s start to the end of the last, in either direction', () => {
    const expected = { from: '2026-12-02T10:00:00.000Z', to: '2026-12-02T10:02:00.000Z' };
    expect(dragWindow(rows, '2026-12-02T10:00:00.000Z', '2026-12-02T10:01:00.000Z', '1m')).toEqual(expected);
    expect(dragWindow(rows, '2026-12-02T10:01:00.000Z', '2026-12-02T10:00:00.000Z', '1m')).toEqual(expected);
  });
  it('refuses a bucket that is not on the chart', () => {
    expect(dragWindow(rows, '2026-12-02T09:00:00.000Z', '2026-12-02T10:01:00.000Z', '1m')).toBeNull();
  });
});

describe('bucketTick and stateRunRows', () => {
  it('ticks sub-day buckets by time of day and day buckets by date (UTC)', () => {
    expect(bucketTick('2026-12-02T10:05:00.000Z', '5m')).toBe('10:05');
    expect(bucketTick('2026-12-02T00:00:00.000Z', '1d')).toBe('12-02');
  });
  it('splits a state’s runs so the stacked bars add up to its run count', () => {
    const detail = { series: [{ start: HOUR, runs: 10, failed: 2, caught: 3, aborted: 1 }] } as StateDetailResponse;
    expect(stateRunRows(detail)).toEqual([{ start: HOUR, runs: 10, other: 4, failed: 2, caught: 3, aborted: 1 }]);
  });
});
