// Throughput (DESIGN.md §2.6 `throughputPerMinute`): executions *started* per minute.
//
// A window [from, to) is cut into consecutive buckets of `bucketMs` starting at `from`; the last
// bucket is clipped to `to` when the window is not a whole number of buckets. Each bucket's rate
// is its started count divided by its own length in minutes. Then
//   mean = (executions started in the window) / (window length in minutes)
//        = the length-weighted average of the bucket rates,
//   peak = the largest bucket rate,
// so peak >= mean always. A clipped final bucket is rated over its real length, so a short one
// can raise the peak: callers wanting comparable peaks use windows that are whole buckets.
// Both are null for an empty window (from = to): there is no time to rate over.
import { checkWindow, inWindow, type TimeWindow } from './time-window.ts';

export const MINUTE_MS = 60_000;

/** Executions started in [start, end) (epoch ms). */
export interface StartedBucket {
  start: number;
  end: number;
  started: number;
}

/** Executions started per minute: mean over the window and peak over its buckets. */
export interface ThroughputPerMinute {
  mean: number | null;
  peak: number | null;
}

/** The buckets of a window, each with started = 0. */
export function windowBuckets(window: TimeWindow, bucketMs: number): StartedBucket[] {
  checkWindow(window);
  if (!Number.isSafeInteger(bucketMs) || bucketMs <= 0) throw new RangeError(`bucketMs must be a positive integer, got ${bucketMs}`);
  const buckets: StartedBucket[] = [];
  for (let start = window.from; start < window.to; start += bucketMs) {
    buckets.push({ start, end: Math.min(start + bucketMs, window.to), started: 0 });
  }
  return buckets;
}

/** Counts the start dates in the window into its buckets; unknown and out-of-window dates are skipped. */
export function countStarted(startDates: Iterable<Date | number | null | undefined>, window: TimeWindow, bucketMs: number): StartedBucket[] {
  const buckets = windowBuckets(window, bucketMs);
  for (const date of startDates) {
    if (!inWindow(date, window)) continue;
    const ms = typeof date === 'number' ? date : (date as Date).getTime();
    const bucket = buckets[Math.floor((ms - window.from) / bucketMs)];
    if (bucket) bucket.started += 1;
  }
  return buckets;
}

/** Mean and peak executions started per minute over consecutive buckets (see the top of this file). */
export function throughputPerMinute(buckets: readonly StartedBucket[]): ThroughputPerMinute {
  let started = 0;
  let lengthMs = 0;
  let peak: number | null = null;
  for (const bucket of buckets) {
    const length = bucket.end - bucket.start;
    if (!(length > 0)) continue;
    started += bucket.started;
    lengthMs += length;
    const rate = (bucket.started * MINUTE_MS) / length;
    if (peak === null || rate > peak) peak = rate;
  }
  return lengthMs === 0 ? { mean: null, peak: null } : { mean: (started * MINUTE_MS) / lengthMs, peak };
}
