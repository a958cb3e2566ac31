// A state machine's executions over time (DESIGN.md §2.5 GET /api/state-machines/{arn}/series),
// defined here; lib/store's queryExecutionSeries computes the same in SQL and
// tests/integration/store/series*.test.ts checks it against these functions.
//
// Buckets are aligned to UTC boundaries of their size: bucket k covers [k·bucketMs, (k+1)·bucketMs)
// in epoch ms (for 1d that is UTC midnight to midnight). The series of a window [from, to) is
// every bucket that overlaps it, from the one holding `from` to the one holding the last
// millisecond before `to`, each present (zero counts, null percentiles when empty). An execution
// counts in the bucket holding its startDate when from <= startDate < to (so the first and last
// buckets only count the part of them inside the window); unknown start dates count nowhere.
//   started     all of them, whatever their status (RUNNING and PENDING_REDRIVE included);
//   succeeded / failed / timedOut / aborted   by Execution.status;
//   durationMs  nearest-rank p50/p95/p99 over the known durationMs of those executions.
//
// Revision marks: each definition revision of the machine, firstSeen = the earliest startDate
// of an execution that ran it, else (no execution with a known start ran it) the revision's
// createdAt; only those with firstSeen < to, in firstSeen order (ties by revisionId).
import type { ExecutionStatus } from '../history/statuses.ts';
import { DURATION_QUANTILES, percentileOfSorted, sortedKnown } from './percentiles.ts';
import { checkWindow, epochMs, inWindow, type TimeWindow } from './time-window.ts';

/** The status counts of a series bucket and the Execution.status each counts. */
export const SERIES_STATUS_COUNTS = {
  succeeded: 'SUCCEEDED',
  failed: 'FAILED',
  timedOut: 'TIMED_OUT',
  aborted: 'ABORTED',
} as const satisfies Record<string, ExecutionStatus>;

export type SeriesStatusCount = keyof typeof SERIES_STATUS_COUNTS;

/** What the series reads of an execution. */
export interface SeriesExecution {
  startDate: Date | number | null;
  status: string;
  durationMs: number | null;
}

/** p50/p95/p99 of a bucket's known durations (ms); null when none is known. */
export interface SeriesDurations {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export type SeriesBucket = { start: number; started: number } & Record<SeriesStatusCount, number> & { durationMs: SeriesDurations };

/** What the revision marks read of a revision and of an execution. */
export interface SeriesRevision {
  revisionId: string;
  createdAt: Date | number;
}
export interface RevisionRun {
  revisionId: string | null;
  startDate: Date | number | null;
}

export interface RevisionMark {
  revisionId: string;
  /** Epoch ms. */
  firstSeen: number;
}

function checkBucketMs(bucketMs: number): void {
  if (!Number.isSafeInteger(bucketMs) || bucketMs <= 0) throw new RangeError(`bucketMs must be a positive integer, got ${bucketMs}`);
}

/** Start (epoch ms) of the UTC-aligned bucket holding `ms`. */
export function bucketStart(ms: number, bucketMs: number): number {
  checkBucketMs(bucketMs);
  return Math.floor(ms / bucketMs) * bucketMs;
}

/** How many buckets the series of a window has (0 for an empty window). */
export function seriesBucketCount(window: TimeWindow, bucketMs: number): number {
  checkWindow(window);
  checkBucketMs(bucketMs);
  if (window.from === window.to) return 0;
  return Math.floor((window.to - 1) / bucketMs) - Math.floor(window.from / bucketMs) + 1;
}

/** The series' bucket starts (epoch ms), ascending. */
export function seriesBucketStarts(window: TimeWindow, bucketMs: number): number[] {
  const count = seriesBucketCount(window, bucketMs);
  const first = bucketStart(window.from, bucketMs);
  return Array.from({ length: count }, (_, i) => first + i * bucketMs);
}

/** A bucket with nothing in it. */
export function emptySeriesBucket(start: number): SeriesBucket {
  return { start, started: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, durationMs: { p50: null, p95: null, p99: null } };
}

/** The series of a window (see the top of this file). */
export function executionSeries(executions: Iterable<SeriesExecution>, window: TimeWindow, bucketMs: number): SeriesBucket[] {
  const buckets = seriesBucketStarts(window, bucketMs).map(emptySeriesBucket);
  const durations = buckets.map((): Array<number | null> => []);
  const first = buckets[0]?.start ?? 0;
  const fields = Object.keys(SERIES_STATUS_COUNTS) as SeriesStatusCount[];
  for (const execution of executions) {
    if (!inWindow(execution.startDate, window)) continue;
    const index = Math.floor(((epochMs(execution.startDate) as number) - first) / bucketMs);
    const bucket = buckets[index];
    if (bucket === undefined) continue;
    bucket.started += 1;
    for (const field of fields) if (execution.status === SERIES_STATUS_COUNTS[field]) bucket[field] += 1;
    durations[index]?.push(execution.durationMs);
  }
  for (const [i, bucket] of buckets.entries()) {
    const sorted = sortedKnown(durations[i] ?? []);
    bucket.durationMs = {
      p50: percentileOfSorted(sorted, DURATION_QUANTILES.p50),
      p95: percentileOfSorted(sorted, DURATION_QUANTILES.p95),
      p99: percentileOfSorted(sorted, DURATION_QUANTILES.p99),
    };
  }
  return buckets;
}

/** The revision marks of a machine before `to` (epoch ms; see the top of this file). */
export function revisionMarks(revisions: Iterable<SeriesRevision>, runs: Iterable<RevisionRun>, to: number): RevisionMark[] {
  const earliest = new Map<string, number>();
  for (const run of runs) {
    const ms = epochMs(run.startDate);
    if (run.revisionId === null || ms === null) continue;
    const seen = earliest.get(run.revisionId);
    if (seen === undefined || ms < seen) earliest.set(run.revisionId, ms);
  }
  const marks: RevisionMark[] = [];
  for (const revision of revisions) {
    const firstSeen = earliest.get(revision.revisionId) ?? epochMs(revision.createdAt);
    if (firstSeen !== null && firstSeen < to) marks.push({ revisionId: revision.revisionId, firstSeen });
  }
  return marks.sort(compareRevisionMarks);
}

/** firstSeen ascending, then revisionId (code-unit order, not a locale's). */
export function compareRevisionMarks(a: RevisionMark, b: RevisionMark): number {
  return a.firstSeen - b.firstSeen || (a.revisionId < b.revisionId ? -1 : a.revisionId > b.revisionId ? 1 : 0);
}
