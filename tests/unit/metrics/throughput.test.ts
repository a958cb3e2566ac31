import { describe, expect, it } from 'vitest';
import { MINUTE_MS, countStarted, inWindow, throughputPerMinute, windowBuckets } from '../../../lib/metrics/index.ts';

const T0 = Date.UTC(2024, 0, 1);
const min = (m: number) => T0 + m * MINUTE_MS;

describe('windows', () => {
  it('are half-open [from, to) on startDate; unknown start dates are in none', () => {
    const window = { from: min(0), to: min(10) };
    expect(inWindow(min(0), window)).toBe(true);
    expect(inWindow(new Date(min(10) - 1), window)).toBe(true);
    expect(inWindow(min(10), window)).toBe(false);
    expect(inWindow(min(0) - 1, window)).toBe(false);
    expect(inWindow(null, window)).toBe(false);
    expect(inWindow(undefined, window)).toBe(false);
    expect(inWindow(new Date(Number.NaN), window)).toBe(false);
  });
});

describe('throughputPerMinute', () => {
  it('mean = started / window minutes, peak = the busiest bucket, in executions per minute', () => {
    const window = { from: min(0), to: min(10) };
    // 12 in minute 0, 3 in minute 4, 5 in minute 9; one at `to` and one before `from` do not count.
    const starts = [
      ...Array.from({ length: 12 }, (_, i) => min(0) + i * 1000),
      min(4),
      min(4) + 59_999,
      min(4) + 30_000,
      ...Array.from({ length: 5 }, (_, i) => new Date(min(9) + i)),
      min(10),
      min(0) - 1,
      null,
    ];
    const buckets = countStarted(starts, window, MINUTE_MS);
    expect(buckets.map((b) => b.started)).toEqual([12, 0, 0, 0, 3, 0, 0, 0, 0, 5]);
    expect(throughputPerMinute(buckets)).toEqual({ mean: 2, peak: 12 });
  });

  it('rates per minute whatever the bucket size', () => {
    const window = { from: min(0), to: min(60) };
    const starts = Array.from({ length: 30 }, (_, i) => min(i < 20 ? 1 : 40));
    const buckets = countStarted(starts, window, 5 * MINUTE_MS);
    expect(buckets).toHaveLength(12);
    // mean 30 / 60 min; peak 20 in one 5-minute bucket = 4 per minute.
    expect(throughputPerMinute(buckets)).toEqual({ mean: 0.5, peak: 4 });
  });

  it('clips the last bucket to the window and rates it over its real length', () => {
    const window = { from: min(0), to: min(2.5) };
    const buckets = windowBuckets(window, MINUTE_MS);
    expect(buckets.map((b) => [b.start - T0, b.end - T0])).toEqual([
      [0, 60_000],
      [60_000, 120_000],
      [120_000, 150_000],
    ]);
    const counted = countStarted([min(0), min(2), min(2.1)], window, MINUTE_MS);
    expect(counted.map((b) => b.started)).toEqual([1, 0, 2]);
    // mean 3 / 2.5 min = 1.2; the half-minute bucket holds 2 = 4 per minute.
    expect(throughputPerMinute(counted)).toEqual({ mean: 1.2, peak: 4 });
  });

  it('a window shorter than one bucket rates over the window itself (peak = mean)', () => {
    const counted = countStarted([min(0), min(0.1)], { from: min(0), to: min(0.5) }, 60 * MINUTE_MS);
    expect(throughputPerMinute(counted)).toEqual({ mean: 4, peak: 4 });
  });

  it('is 0/0 with no executions and null/null for an empty window or no buckets', () => {
    expect(throughputPerMinute(countStarted([], { from: min(0), to: min(3) }, MINUTE_MS))).toEqual({ mean: 0, peak: 0 });
    expect(throughputPerMinute(countStarted([min(0)], { from: min(0), to: min(0) }, MINUTE_MS))).toEqual({ mean: null, peak: null });
    expect(throughputPerMinute([])).toEqual({ mean: null, peak: null });
  });

  it('peak >= mean always', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 100; round++) {
      const to = min(1 + next() * 120);
      const starts = Array.from({ length: Math.floor(next() * 200) }, () => T0 + next() * (to - T0));
      const { mean, peak } = throughputPerMinute(countStarted(starts, { from: T0, to }, Math.ceil(next() * 10) * MINUTE_MS));
      expect(peak as number).toBeGreaterThanOrEqual((mean as number) - 1e-9);
      expect(mean as number).toBeCloseTo((starts.length * MINUTE_MS) / (to - T0), 9);
    }
  });

  it('counts big volumes and rejects bad buckets and windows', () => {
    const day = { from: T0, to: T0 + 24 * 60 * MINUTE_MS };
    const starts = Array.from({ length: 1_440_000 }, (_, i) => T0 + i * 60);
    const { mean, peak } = throughputPerMinute(countStarted(starts, day, MINUTE_MS));
    expect(mean).toBe(1000);
    expect(peak).toBe(1000);
    expect(() => windowBuckets(day, 0)).toThrow(RangeError);
    expect(() => windowBuckets(day, 1.5)).toThrow(RangeError);
    expect(() => windowBuckets({ from: min(1), to: min(0) }, MINUTE_MS)).toThrow(RangeError);
    expect(() => windowBuckets({ from: Number.NaN, to: min(0) }, MINUTE_MS)).toThrow(RangeError);
  });
});
