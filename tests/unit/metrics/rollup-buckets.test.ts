import { describe, expect, it } from 'vitest';
import {
  ROLLUP_BUCKET_COUNT,
  ROLLUP_EDGES_MS,
  durationPercentiles,
  percentilesFromBuckets,
  rollupBucket,
  rollupBucketRange,
  rollupBucketValue,
  rollupRelativeError,
} from '../../../lib/metrics/index.ts';
import { mulberry32 } from '../../helpers/prng.ts';

describe('rollup duration buckets', () => {
  it('cover every whole millisecond exactly once, 20 per decade from 1 ms to 10¹¹ ms', () => {
    expect(ROLLUP_EDGES_MS[0]).toBe(1);
    expect(ROLLUP_EDGES_MS.at(-1)).toBe(1e11);
    expect(ROLLUP_EDGES_MS.slice(0, 12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13]);
    expect([...ROLLUP_EDGES_MS].sort((a, b) => a - b)).toEqual(ROLLUP_EDGES_MS);
    expect(rollupBucket(0)).toBe(0);
    expect(rollupBucket(0.7)).toBe(0);
    expect(rollupBucket(1e12)).toBe(ROLLUP_BUCKET_COUNT - 1);
    for (let bucket = 1; bucket < ROLLUP_BUCKET_COUNT - 1; bucket++) {
      const { lowMs, highMs } = rollupBucketRange(bucket);
      expect(rollupBucket(lowMs)).toBe(bucket);
      expect(rollupBucket(highMs)).toBe(bucket);
      expect(rollupBucket(highMs + 1)).toBe(bucket + 1);
    }
  });

  it('represent each bucket within the stated relative error: 6.1 % from 20 ms, 9.1 % below', () => {
    expect(rollupRelativeError(20)).toBeLessThan(0.061);
    expect(rollupRelativeError()).toBeLessThan(0.091);
    for (const d of [1, 7, 11, 19, 20, 99, 1_234, 65_432, 3_600_000, 86_400_000 * 7]) {
      const value = rollupBucketValue(rollupBucket(d));
      expect(Math.abs(value - d) / d).toBeLessThanOrEqual(rollupRelativeError());
      if (d >= 20) expect(Math.abs(value - d) / d).toBeLessThanOrEqual(rollupRelativeError(20));
    }
    expect(rollupBucketValue(rollupBucket(7))).toBe(7); // one-millisecond buckets are exact
  });

  it('estimate nearest-rank percentiles in the bucket of the exact value', () => {
    const next = mulberry32(3);
    for (let trial = 0; trial < 50; trial++) {
      const values = Array.from({ length: 1 + Math.floor(next() * 500) }, () => Math.floor(10 ** (next() * 7)));
      const counts = new Map<number, number>();
      for (const v of values) counts.set(rollupBucket(v), (counts.get(rollupBucket(v)) ?? 0) + 1);
      const exact = durationPercentiles(values);
      const estimate = percentilesFromBuckets(counts);
      for (const q of ['p50', 'p95', 'p99', 'max'] as const) {
        expect(rollupBucket(estimate[q] as number), `${q} trial ${trial}`).toBe(rollupBucket(exact[q] as number));
      }
    }
    expect(percentilesFromBuckets(new Map())).toEqual({ p50: null, p95: null, p99: null, max: null });
  });
});
