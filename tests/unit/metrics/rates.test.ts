import { describe, expect, it } from 'vitest';
import { FAILURE_STATUSES, FINISHED_STATUSES, abortedRate, countStatuses, failureRate, finishedCount, successRate } from '../../../lib/metrics/index.ts';

describe('execution rates', () => {
  it('finished means SUCCEEDED, FAILED, TIMED_OUT, ABORTED; failures are FAILED and TIMED_OUT', () => {
    expect([...FINISHED_STATUSES].sort()).toEqual(['ABORTED', 'FAILED', 'SUCCEEDED', 'TIMED_OUT']);
    expect([...FAILURE_STATUSES].sort()).toEqual(['FAILED', 'TIMED_OUT']);
  });

  it('successRate = succeeded / finished, running and pending redrives excluded', () => {
    const counts = { SUCCEEDED: 6, FAILED: 2, TIMED_OUT: 1, ABORTED: 1, RUNNING: 90, PENDING_REDRIVE: 5 };
    expect(finishedCount(counts)).toBe(10);
    expect(successRate(counts)).toBe(0.6);
    expect(failureRate(counts)).toBe(0.3);
    expect(abortedRate(counts)).toBe(0.1);
  });

  it('the three rates add up to 1 whenever something finished', () => {
    for (const counts of [{ SUCCEEDED: 1 }, { FAILED: 3, ABORTED: 4 }, { SUCCEEDED: 7, FAILED: 11, TIMED_OUT: 13, ABORTED: 17, RUNNING: 5 }]) {
      expect((successRate(counts) ?? 0) + (failureRate(counts) ?? 0) + (abortedRate(counts) ?? 0)).toBeCloseTo(1, 12);
    }
  });

  it('is null, not 0 or NaN, when nothing has finished', () => {
    for (const counts of [{}, { RUNNING: 3 }, { PENDING_REDRIVE: 1, RUNNING: 2 }]) {
      expect(successRate(counts)).toBeNull();
      expect(failureRate(counts)).toBeNull();
      expect(abortedRate(counts)).toBeNull();
      expect(finishedCount(counts)).toBe(0);
    }
  });

  it('reaches the ends of [0, 1]', () => {
    expect(successRate({ SUCCEEDED: 5, RUNNING: 1 })).toBe(1);
    expect(failureRate({ SUCCEEDED: 5 })).toBe(0);
    expect(successRate({ TIMED_OUT: 2 })).toBe(0);
    expect(failureRate({ TIMED_OUT: 2 })).toBe(1);
  });

  it('ignores status words it does not know, including inherited property names', () => {
    const counts = countStatuses(['SUCCEEDED', 'SUCCEEDED', 'FAILED', 'weird', 'constructor', '__proto__']);
    expect(counts).toMatchObject({ SUCCEEDED: 2, FAILED: 1, weird: 1 });
    expect(finishedCount(counts)).toBe(3);
    expect(successRate(counts)).toBeCloseTo(2 / 3, 15);
    expect(successRate(Object.create({ SUCCEEDED: 100 }) as Record<string, number>)).toBeNull();
  });

  it('handles big counts and rejects negative or fractional ones', () => {
    expect(successRate({ SUCCEEDED: 3_000_000_000, FAILED: 1_000_000_000 })).toBe(0.75);
    expect(() => successRate({ SUCCEEDED: -1 })).toThrow(RangeError);
    expect(() => failureRate({ FAILED: 1.5 })).toThrow(RangeError);
    expect(() => successRate({ SUCCEEDED: Number.NaN })).toThrow(RangeError);
  });
});
