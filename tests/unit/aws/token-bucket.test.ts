import { describe, expect, it } from 'vitest';
import { effectiveBucket, publishedBucket } from '../../../lib/aws/quota-presets.ts';
import { TokenBucket, type BucketClock } from '../../../lib/aws/token-bucket.ts';

/** A fake clock: sleep advances time instantly. */
function fakeClock(): BucketClock & { t: number } {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}

describe('TokenBucket', () => {
  it('serves the burst at once, then paces at the refill rate', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 10, refillPerSecond: 5, clock });
    for (let i = 0; i < 10; i++) expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(200); // 1 token at 5/s
    expect(bucket.reserve()).toBe(400); // in arrival order, without a queue
    for (let i = 0; i < 100; i++) await bucket.take();
    // 10 burst + 102 more at 5/s: ~20.4 s of (fake) time
    expect(clock.t).toBeGreaterThanOrEqual(20_000);
    expect(clock.t).toBeLessThanOrEqual(20_600);
  });

  it('never exceeds capacity after idling', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 1, clock });
    clock.t = 1_000_000;
    expect(bucket.available()).toBe(3);
  });

  it('halves the rate on each throttle and recovers linearly', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 10, refillPerSecond: 8, clock, recoveryMs: 60_000, minRateFactor: 1 / 16 });
    bucket.onThrottle();
    expect(bucket.currentRate()).toBeCloseTo(4);
    expect(bucket.available()).toBeLessThanOrEqual(0); // the burst is gone
    bucket.onThrottle();
    bucket.onThrottle();
    bucket.onThrottle();
    bucket.onThrottle();
    expect(bucket.currentRate()).toBeCloseTo(0.5); // floor: 1/16 of 8
    clock.t += 60_000;
    expect(bucket.currentRate()).toBeCloseTo(8);
  });

  it('rejects a bucket that could never serve', () => {
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
    expect(() => new TokenBucket({ capacity: 1, refillPerSecond: 0 })).toThrow(RangeError);
  });
});

describe('quota presets', () => {
  it("uses AWS's published figures per Region class", () => {
    expect(publishedBucket('GetExecutionHistory', 'us-east-1')).toEqual({ bucket: 400, refillPerSecond: 20 });
    expect(publishedBucket('ListExecutions', 'us-east-1')).toEqual({ bucket: 200, refillPerSecond: 5 });
    expect(publishedBucket('ListExecutions', 'ap-south-1')).toEqual({ bucket: 100, refillPerSecond: 2 });
    expect(publishedBucket('DescribeStateMachineForExecution', 'eu-west-1')).toEqual({ bucket: 200, refillPerSecond: 1 });
  });

  it('takes the configured fraction (default half) and per-operation overrides', () => {
    expect(effectiveBucket('GetExecutionHistory', 'us-east-1', { fraction: 0.5, operations: {} })).toEqual({ bucket: 200, refillPerSecond: 10 });
    expect(effectiveBucket('ListExecutions', 'us-west-2', { fraction: 0.25, operations: { ListExecutions: { refillPerSecond: 40 } } })).toEqual({
      bucket: 50,
      refillPerSecond: 10,
    });
    expect(effectiveBucket('FilterLogEvents', 'us-east-1', { fraction: 0.1, operations: {} }).bucket).toBe(1);
  });
});
