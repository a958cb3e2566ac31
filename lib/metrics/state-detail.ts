// One state of one state machine in a window (GET /api/state-machines/{arn}/states/{stateName}, the
// state panel of the state machine page). This is the definition; lib/store's queryStateDetail
// computes the same in SQL over StateRun joined to Execution, and tests/integration/store/
// state-detail.test.ts checks it against this function on SQLite and PostgreSQL.
//
// The runs are those of the state (by StateRun.stateName, every entry: Map iterations, Parallel
// branches, redrive attempts) in the executions started in [from, to) (DESIGN.md §2.5).
//   series          per UTC-aligned bucket of the window (execution-series.ts), the runs of the
//                   executions started in it (a run has no start date of its own in the store) and
//                   how many were FAILED, CAUGHT, ABORTED (state-stats.ts STATUS_COUNTS);
//   histogram       the runs with a known duration per DURATION_HISTOGRAM_EDGES_MS bucket (log scale,
//                   1-2-5 steps), from the first non-empty bucket to the last (empty buckets between
//                   them included, so the chart's x axis is continuous); [] when no duration is known;
//   unknownDurations runs whose durationMs is not known (open, or recorded without timestamps);
//   errors          runs whose error is set (FAILED and CAUGHT runs) per error name: count and how many
//                   of them failed / were caught; largest first, then by name (code-unit order);
//   slowest         the runs with the largest known durationMs (ties: newer execution first, then
//                   executionArn, then ordinal);
//   recentFailures  the FAILED runs, newest execution first (ties: executionArn, then the later run
//                   of the execution first);
// each list at most DETAIL_LIST_LIMIT long. A run is identified by (executionArn, ordinal), the
// ordinal being its index in the execution's analysis (ExecutionAnalysis.runs), which is what the
// execution page's `?run=` selects.
import type { StateRunStatus } from '../history/statuses.ts';
import { bucketStart, seriesBucketStarts } from './execution-series.ts';
import { STATUS_COUNTS, compareStateNames, type StatusCount } from './state-stats.ts';
import { checkWindow, epochMs, inWindow, type TimeWindow } from './time-window.ts';

/** Longest list of errors, slowest runs and recent failures in a state's detail. */
export const DETAIL_LIST_LIMIT = 10;

/**
 * Upper edges (exclusive) of the duration histogram's buckets, ms: 1, 2, 5, 10, 20, 50, … 10¹⁰
 * (about 115 days). Bucket 0 is [0, 1) (and any negative value); bucket i is [edge[i−1], edge[i]);
 * the last bucket, index DURATION_HISTOGRAM_EDGES_MS.length, is [10¹⁰, ∞).
 */
export const DURATION_HISTOGRAM_EDGES_MS: readonly number[] = Array.from({ length: 10 }, (_, decade) => [1, 2, 5].map((m) => m * 10 ** decade))
  .flat()
  .concat([10 ** 10]);

/** Index of the histogram bucket holding `durationMs` (0 … DURATION_HISTOGRAM_EDGES_MS.length). */
export function durationBucketIndex(durationMs: number): number {
  let i = 0;
  while (i < DURATION_HISTOGRAM_EDGES_MS.length && durationMs >= (DURATION_HISTOGRAM_EDGES_MS[i] as number)) i += 1;
  return i;
}

export interface HistogramBucket {
  /** Bucket index (durationBucketIndex). */
  index: number;
  /** Inclusive lower edge, ms. */
  fromMs: number;
  /** Exclusive upper edge, ms; null for the last, open-ended bucket. */
  toMs: number | null;
  count: number;
}

/** The edges of bucket `index`. */
export function histogramBucket(index: number, count = 0): HistogramBucket {
  return { index, fromMs: index === 0 ? 0 : (DURATION_HISTOGRAM_EDGES_MS[index - 1] as number), toMs: DURATION_HISTOGRAM_EDGES_MS[index] ?? null, count };
}

/** Counts per bucket index → the contiguous histogram from the first to the last non-empty bucket. */
export function histogramFromCounts(counts: ReadonlyMap<number, number>): HistogramBucket[] {
  const used = [...counts.entries()].filter(([, n]) => n > 0).map(([i]) => i);
  if (used.length === 0) return [];
  const lo = Math.min(...used);
  const hi = Math.max(...used);
  return Array.from({ length: hi - lo + 1 }, (_, k) => histogramBucket(lo + k, counts.get(lo + k) ?? 0));
}

export type StateRunSeriesBucket = { start: number; runs: number } & Record<StatusCount, number>;

export interface StateErrorCount {
  error: string;
  count: number;
  failed: number;
  caught: number;
}

/** One run, as the panel links to it. */
export interface StateRunRef {
  executionArn: string;
  executionName: string;
  /** Epoch ms of the execution's startDate. */
  startDate: number;
  /** Index of the run in the execution's analysis (the execution page's `?run=`). */
  ordinal: number;
  /** Enclosing inline Map iteration indexes, outermost first (the execution page's `?iter=`). */
  mapIndex: number[];
  status: string;
  attempts: number;
  durationMs: number | null;
  error: string | null;
}

export interface StateDetail {
  series: StateRunSeriesBucket[];
  histogram: HistogramBucket[];
  unknownDurations: number;
  errors: StateErrorCount[];
  slowest: StateRunRef[];
  recentFailures: StateRunRef[];
}

/** What the detail reads of a run; its ordinal is its index in `runs`. */
export interface DetailRun {
  stateName: string;
  status: StateRunStatus | (string & {});
  attempts: number;
  mapIndex: readonly number[];
  durationMs: number | null;
  error: string | null;
}

export interface DetailExecution {
  executionArn: string;
  name: string;
  startDate: Date | number | null;
  runs: readonly DetailRun[];
}

const STATUS_FIELDS = Object.keys(STATUS_COUNTS) as StatusCount[];

export function emptyStateRunSeriesBucket(start: number): StateRunSeriesBucket {
  return { start, runs: 0, failed: 0, caught: 0, aborted: 0 };
}

/** Slowest first; ties: newer execution, then executionArn, then ordinal. */
export function compareSlowest(a: StateRunRef, b: StateRunRef): number {
  return (b.durationMs ?? -1) - (a.durationMs ?? -1) || b.startDate - a.startDate || compareStateNames(a.executionArn, b.executionArn) || a.ordinal - b.ordinal;
}

/** Newest execution first; ties: executionArn, then the later run first. */
export function compareRecent(a: StateRunRef, b: StateRunRef): number {
  return b.startDate - a.startDate || compareStateNames(a.executionArn, b.executionArn) || b.ordinal - a.ordinal;
}

/** Largest count first, then error name in code-unit order. */
export function compareErrorCounts(a: StateErrorCount, b: StateErrorCount): number {
  return b.count - a.count || compareStateNames(a.error, b.error);
}

export function computeStateDetail(executions: Iterable<DetailExecution>, stateName: string, window: TimeWindow, bucketMs: number): StateDetail {
  checkWindow(window);
  const series = seriesBucketStarts(window, bucketMs).map(emptyStateRunSeriesBucket);
  const first = series[0]?.start ?? bucketStart(window.from, bucketMs);
  const histogram = new Map<number, number>();
  const errors = new Map<string, StateErrorCount>();
  const refs: StateRunRef[] = [];
  let unknownDurations = 0;
  for (const execution of executions) {
    if (!inWindow(execution.startDate, window)) continue;
    const startDate = epochMs(execution.startDate) as number;
    const bucket = series[Math.floor((startDate - first) / bucketMs)];
    for (const [ordinal, run] of execution.runs.entries()) {
      if (run.stateName !== stateName) continue;
      if (bucket) {
        bucket.runs += 1;
        for (const field of STATUS_FIELDS) if (run.status === STATUS_COUNTS[field]) bucket[field] += 1;
      }
      if (run.durationMs === null || !Number.isFinite(run.durationMs)) unknownDurations += 1;
      else {
        const index = durationBucketIndex(run.durationMs);
        histogram.set(index, (histogram.get(index) ?? 0) + 1);
      }
      if (run.error !== null) {
        const entry = errors.get(run.error) ?? { error: run.error, count: 0, failed: 0, caught: 0 };
        entry.count += 1;
        if (run.status === STATUS_COUNTS.failed) entry.failed += 1;
        if (run.status === STATUS_COUNTS.caught) entry.caught += 1;
        errors.set(run.error, entry);
      }
      refs.push({
        executionArn: execution.executionArn,
        executionName: execution.name,
        startDate,
        ordinal,
        mapIndex: [...run.mapIndex],
        status: run.status,
        attempts: run.attempts,
        durationMs: run.durationMs !== null && Number.isFinite(run.durationMs) ? run.durationMs : null,
        error: run.error,
      });
    }
  }
  return {
    series,
    histogram: histogramFromCounts(histogram),
    unknownDurations,
    errors: [...errors.values()].sort(compareErrorCounts).slice(0, DETAIL_LIST_LIMIT),
    slowest: refs
      .filter((r) => r.durationMs !== null)
      .sort(compareSlowest)
      .slice(0, DETAIL_LIST_LIMIT),
    recentFailures: refs
      .filter((r) => r.status === STATUS_COUNTS.failed)
      .sort(compareRecent)
      .slice(0, DETAIL_LIST_LIMIT),
  };
}
