// Log-scale duration buckets of the per-state hourly rollups (lib/store StateRunRollup): how a
// big window's percentiles are estimated without reading every run (DESIGN.md §2.5: such an
// answer says "approximate": true).
//
// The edges are the whole milliseconds ⌈10^(k/20)⌉ for k = 0 … 220 (1 ms … 10¹¹ ms, about 27
// years), duplicates dropped: 20 buckets per decade, each [edge(i−1), edge(i)) of integer
// durations. Below ~60 ms a bucket holds one or a few whole milliseconds (exact there); above,
// consecutive edges differ by a factor of 10^(1/20) ≈ 1.122. A bucket's representative value is
// the geometric middle of its integer range, so an estimate is within rollupRelativeError() of
// every duration in its bucket: 6.1 % from 20 ms up (√1.122 − 1), at most 9.1 % below (a bucket
// of two whole milliseconds, 10–11 ms). Bucket 0 holds durations below 1 ms (0 ms), the last one
// everything from 10¹¹ ms on (represented by its lower edge). Durations are integers (ms).
import { DURATION_QUANTILES, nearestRank, type DurationPercentiles } from './percentiles.ts';

export const ROLLUP_BUCKETS_PER_DECADE = 20;
const DECADES = 11;

/** Ascending integer edges, ms: bucket i (1 … edges.length − 1) is [edges[i−1], edges[i]). */
export const ROLLUP_EDGES_MS: readonly number[] = [
  ...new Set(Array.from({ length: DECADES * ROLLUP_BUCKETS_PER_DECADE + 1 }, (_, k) => Math.ceil(10 ** (k / ROLLUP_BUCKETS_PER_DECADE) - 1e-9))),
];

/** Number of buckets: [0, 1), the edges' ranges, and [10¹¹, ∞). */
export const ROLLUP_BUCKET_COUNT = ROLLUP_EDGES_MS.length + 1;


/** The bucket of a duration (ms; fractions are floored): the number of edges ≤ it. */
export function rollupBucket(durationMs: number): number {
  const d = Math.floor(durationMs);
  let lo = 0;
  let hi = ROLLUP_EDGES_MS.length;
  // First edge > d: binary search over the sorted edges.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ROLLUP_EDGES_MS[mid] as number) <= d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The integer durations [lowMs, highMs] a bucket holds (highMs is Infinity for the last). */
export function rollupBucketRange(bucket: number): { lowMs: number; highMs: number } {
  if (bucket <= 0) return { lowMs: 0, highMs: 0 };
  const low = ROLLUP_EDGES_MS[bucket - 1] as number;
  const next = ROLLUP_EDGES_MS[bucket];
  return { lowMs: low, highMs: next === undefined ? Infinity : next - 1 };
}

/** The value a bucket stands for: the rounded geometric middle of its range (its lower edge for the last). */
export function rollupBucketValue(bucket: number): number {
  const { lowMs, highMs } = rollupBucketRange(bucket);
  if (!Number.isFinite(highMs)) return lowMs;
  if (lowMs === 0) return 0;
  return Math.round(Math.sqrt(lowMs * highMs));
}

/**
 * p50/p95/p99/max estimated from bucket counts (bucket → runs with a known duration): the
 * bucket holding the nearest-rank value, as rollupBucketValue. The true nearest-rank value lies
 * in that bucket; null when no duration is known.
 */
export function percentilesFromBuckets(counts: ReadonlyMap<number, number>): DurationPercentiles {
  const buckets = [...counts.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  const at = (q: number): number | null => {
    if (total === 0) return null;
    const rank = nearestRank(total, q);
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (seen >= rank) return rollupBucketValue(bucket);
    }
    return null;
  };
  return { p50: at(DURATION_QUANTILES.p50), p95: at(DURATION_QUANTILES.p95), p99: at(DURATION_QUANTILES.p99), max: at(DURATION_QUANTILES.max) };
}

/**
 * The largest relative distance between a bucket's representative and a duration in it, over
 * the buckets from `fromMs` up (the open last bucket excluded): the bound of every estimate.
 */
export function rollupRelativeError(fromMs = 0): number {
  let worst = 0;
  for (let bucket = 1; bucket < ROLLUP_BUCKET_COUNT - 1; bucket++) {
    const { lowMs, highMs } = rollupBucketRange(bucket);
    if (lowMs < fromMs) continue;
    const value = rollupBucketValue(bucket);
    worst = Math.max(worst, (value - lowMs) / lowMs, (highMs - value) / highMs);
  }
  return worst;
}
