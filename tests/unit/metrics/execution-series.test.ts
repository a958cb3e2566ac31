import { describe, expect, it } from 'vitest';
import { executionSeries, revisionMarks, seriesBucketCount, seriesBucketStarts, type SeriesExecution } from '../../../lib/metrics/index.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2024, 4, 1, 12);
const none = { p50: null, p95: null, p99: null };

describe('series buckets', () => {
  it('are aligned to UTC boundaries and cover [from, to)', () => {
    expect(seriesBucketStarts({ from: T0 + 1, to: T0 + 2 * MINUTE }, MINUTE)).toEqual([T0, T0 + MINUTE]);
    expect(seriesBucketStarts({ from: T0, to: T0 + 2 * MINUTE + 1 }, MINUTE)).toEqual([T0, T0 + MINUTE, T0 + 2 * MINUTE]);
    expect(seriesBucketStarts({ from: T0 - 1, to: T0 + 1 }, DAY)).toEqual([Date.UTC(2024, 4, 1)]);
    expect(seriesBucketStarts({ from: Date.UTC(2024, 4, 1, 23, 59), to: Date.UTC(2024, 4, 2, 0, 1) }, DAY)).toEqual([Date.UTC(2024, 4, 1), Date.UTC(2024, 4, 2)]);
    expect(seriesBucketCount({ from: T0, to: T0 }, HOUR)).toBe(0);
    expect(seriesBucketCount({ from: T0, to: T0 + DAY }, MINUTE)).toBe(1440);
    expect(() => seriesBucketCount({ from: T0, to: T0 - 1 }, HOUR)).toThrow(RangeError);
    expect(() => seriesBucketCount({ from: T0, to: T0 + 1 }, 0)).toThrow(RangeError);
  });
});

describe('executionSeries', () => {
  it('counts by status, started including running, and takes nearest-rank percentiles of known durations', () => {
    const executions: SeriesExecution[] = [
      { startDate: new Date(T0), status: 'SUCCEEDED', durationMs: 30 },
      { startDate: T0 + 1, status: 'FAILED', durationMs: 10 },
      { startDate: T0 + 2, status: 'RUNNING', durationMs: null },
      { startDate: T0 + 3, status: 'PENDING_REDRIVE', durationMs: 20 },
      { startDate: T0 + MINUTE - 1, status: 'TIMED_OUT', durationMs: 40 },
      { startDate: T0 + MINUTE, status: 'ABORTED', durationMs: null },
      { startDate: null, status: 'SUCCEEDED', durationMs: 1 },
      { startDate: T0 + 3 * MINUTE, status: 'SUCCEEDED', durationMs: 1 }, // at `to`: excluded
      { startDate: T0 - 1, status: 'SUCCEEDED', durationMs: 1 }, // before `from`
    ];
    expect(executionSeries(executions, { from: T0, to: T0 + 3 * MINUTE }, MINUTE)).toEqual([
      { start: T0, started: 5, succeeded: 1, failed: 1, timedOut: 1, aborted: 0, durationMs: { p50: 20, p95: 40, p99: 40 } },
      { start: T0 + MINUTE, started: 1, succeeded: 0, failed: 0, timedOut: 0, aborted: 1, durationMs: none },
      { start: T0 + 2 * MINUTE, started: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, durationMs: none },
    ]);
  });

  it('counts only the part of a partial first bucket inside the window', () => {
    const executions: SeriesExecution[] = [
      { startDate: T0, status: 'SUCCEEDED', durationMs: 5 },
      { startDate: T0 + 10, status: 'SUCCEEDED', durationMs: 7 },
    ];
    expect(executionSeries(executions, { from: T0 + 5, to: T0 + 20 }, HOUR)).toEqual([
      { start: T0, started: 1, succeeded: 1, failed: 0, timedOut: 0, aborted: 0, durationMs: { p50: 7, p95: 7, p99: 7 } },
    ]);
  });
});

describe('revisionMarks', () => {
  it('uses the earliest run of each revision, else its createdAt, before `to`, in order', () => {
    const revisions = [
      { revisionId: 'b', createdAt: new Date(T0 + 100) },
      { revisionId: 'a', createdAt: T0 + 50 },
      { revisionId: 'c', createdAt: T0 + 5 },
      { revisionId: 'late', createdAt: T0 + DAY },
    ];
    const runs = [
      { revisionId: 'a', startDate: T0 + 20 },
      { revisionId: 'a', startDate: T0 + 10 },
      { revisionId: 'b', startDate: null },
      { revisionId: null, startDate: T0 },
      { revisionId: 'late', startDate: T0 + 10 },
    ];
    expect(revisionMarks(revisions, runs, T0 + HOUR)).toEqual([
      { revisionId: 'c', firstSeen: T0 + 5 },
      { revisionId: 'a', firstSeen: T0 + 10 },
      { revisionId: 'late', firstSeen: T0 + 10 },
      { revisionId: 'b', firstSeen: T0 + 100 },
    ]);
    expect(revisionMarks(revisions, runs, T0 + 10).map((r) => r.revisionId)).toEqual(['c']);
  });
});
