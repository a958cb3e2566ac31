import { describe, expect, it } from 'vitest';
import { DURATION_QUANTILES, QUANTILE_SCALE, durationPercentiles, nearestRank, percentile, quantilePpm, sortedKnown } from '../../../lib/metrics/index.ts';
import { mulberry32 as random } from '../../helpers/prng.ts';

/** Independent reference: the smallest rank k (1..n) with k/n >= q, compared exactly in integers. */
function referenceRank(n: number, ppm: number): number {
  for (let k = 1; k <= n; k++) if (BigInt(k) * BigInt(QUANTILE_SCALE) >= BigInt(ppm) * BigInt(n)) return k;
  return n;
}


describe('nearestRank', () => {
  it('is ⌈q·n⌉ on textbook cases', () => {
    expect(nearestRank(10, 0.5)).toBe(5);
    expect(nearestRank(10, 0.95)).toBe(10);
    expect(nearestRank(10, 0.99)).toBe(10);
    expect(nearestRank(20, 0.95)).toBe(19);
    expect(nearestRank(100, 0.95)).toBe(95);
    expect(nearestRank(100, 0.99)).toBe(99);
    expect(nearestRank(101, 0.99)).toBe(100);
    expect(nearestRank(3, 0.5)).toBe(2);
    expect(nearestRank(4, 0.5)).toBe(2);
  });

  it('computes the ceiling exactly, where Math.ceil(q * n) is off by one', () => {
    expect(Math.ceil(0.07 * 100)).toBe(8); // the floating-point trap
    expect(nearestRank(100, 0.07)).toBe(7);
    expect(nearestRank(1000, 0.007)).toBe(7);
  });

  it('clamps q = 0 to the smallest (rank 1) and q = 1 to the largest (rank n)', () => {
    expect(nearestRank(1, 0)).toBe(1);
    expect(nearestRank(7, 0)).toBe(1);
    expect(nearestRank(7, 1)).toBe(7);
    expect(nearestRank(1, 1)).toBe(1);
  });

  it('is 0 for n = 0 and rejects bad counts and quantiles', () => {
    expect(nearestRank(0, 0.5)).toBe(0);
    expect(() => nearestRank(-1, 0.5)).toThrow(RangeError);
    expect(() => nearestRank(1.5, 0.5)).toThrow(RangeError);
    for (const q of [-0.01, 1.01, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => nearestRank(5, q)).toThrow(RangeError);
  });

  it('matches the exact reference for every n up to 400 and many quantiles', () => {
    const quantiles = [0, 1e-6, 0.001, 0.01, 0.07, 0.1, 0.25, 0.29, 0.333333, 0.5, 0.57, 0.9, 0.95, 0.99, 0.999, 0.999999, 1];
    for (let n = 1; n <= 400; n++) {
      for (const q of quantiles) expect(nearestRank(n, q), `n=${n} q=${q}`).toBe(Math.max(1, referenceRank(n, quantilePpm(q))));
    }
  });

  it('stays exact for large n', () => {
    expect(nearestRank(1_000_000_000, 0.99)).toBe(990_000_000);
    expect(nearestRank(1_000_000_001, 0.5)).toBe(500_000_001);
    expect(nearestRank(9_000_000_000, 0.999999)).toBe(8_999_991_000);
  });
});

describe('percentile', () => {
  it('is null when no value is known', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([null, undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], 0.5)).toBeNull();
    expect(durationPercentiles([])).toEqual({ p50: null, p95: null, p99: null, max: null });
    expect(durationPercentiles([null, null])).toEqual({ p50: null, p95: null, p99: null, max: null });
  });

  it('with one known value gives it for every quantile', () => {
    expect(durationPercentiles([42])).toEqual({ p50: 42, p95: 42, p99: 42, max: 42 });
    expect(durationPercentiles([null, 0, undefined])).toEqual({ p50: 0, p95: 0, p99: 0, max: 0 });
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 1)).toBe(7);
  });

  it('skips unknown values and counts only the known ones', () => {
    // Known: 1, 3 (n = 2): p50 = 1st, p95 = 2nd.
    const values = [null, 3, undefined, Number.NaN, Number.POSITIVE_INFINITY, 1];
    expect(percentile(values, 0.5)).toBe(1);
    expect(percentile(values, 0.95)).toBe(3);
    expect(sortedKnown(values)).toEqual([1, 3]);
  });

  it('sorts numerically (not as strings) and leaves the input alone', () => {
    const values = [10, 9, 100, 2, 1000];
    expect(percentile(values, 0)).toBe(2);
    expect(percentile(values, 0.5)).toBe(10);
    expect(percentile(values, 1)).toBe(1000);
    expect(values).toEqual([10, 9, 100, 2, 1000]);
  });

  it('handles ties: the value at the rank, whichever tied row holds it', () => {
    expect(percentile([5, 5, 5, 1], 0.5)).toBe(5);
    expect(percentile([5, 5, 5, 1], 0.25)).toBe(1);
    expect(durationPercentiles([3, 3, 3, 3])).toEqual({ p50: 3, p95: 3, p99: 3, max: 3 });
  });

  it('gives p50/p95/p99/max of 1..100 as 50/95/99/100, of 1..10 as 5/10/10/10', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(durationPercentiles(hundred)).toEqual({ p50: 50, p95: 95, p99: 99, max: 100 });
    expect(durationPercentiles(Array.from({ length: 10 }, (_, i) => i + 1))).toEqual({ p50: 5, p95: 10, p99: 10, max: 10 });
    expect(DURATION_QUANTILES).toEqual({ p50: 0.5, p95: 0.95, p99: 0.99, max: 1 });
  });

  it('keeps big values exact (durations past 2^31 ms, up to Number.MAX_SAFE_INTEGER)', () => {
    const year = 365 * 24 * 3_600_000; // 31_536_000_000 ms: a Standard execution may run this long
    const values = [year, 2 ** 31, 2 ** 31 + 1, Number.MAX_SAFE_INTEGER, 0];
    expect(durationPercentiles(values)).toEqual({ p50: 2 ** 31 + 1, p95: Number.MAX_SAFE_INTEGER, p99: Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
    expect(percentile(values, 0.75)).toBe(year);
  });

  it('is always one of the known values, with at least ⌈q·n⌉ of them at or below it', () => {
    const next = random(20_261_202);
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(next() * 60);
      const values = Array.from({ length: n }, () => (next() < 0.2 ? null : Math.floor(next() * 50)));
      const known = values.filter((v): v is number => v !== null);
      for (const q of [0, 0.5, 0.95, 0.99, 1]) {
        const p = percentile(values, q);
        if (known.length === 0) {
          expect(p).toBeNull();
          continue;
        }
        expect(known).toContain(p);
        const atOrBelow = known.filter((v) => v <= (p as number)).length;
        const below = known.filter((v) => v < (p as number)).length;
        const rank = nearestRank(known.length, q);
        expect(atOrBelow).toBeGreaterThanOrEqual(rank);
        expect(below).toBeLessThan(rank);
      }
    }
  });
});
