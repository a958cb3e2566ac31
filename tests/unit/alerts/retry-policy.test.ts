import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, attemptVerdict, backoffMs, nextSendSlot } from '../../../lib/alerts/index.ts';

const policy = { baseMs: 1_000, maxMs: 8_000, maxAttempts: 5 };

describe('delivery retries', () => {
  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(policy, n))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    // The defaults: ten attempts over about 8.5 minutes.
    const total = Array.from({ length: DEFAULT_RETRY_POLICY.maxAttempts - 1 }, (_, i) => backoffMs(DEFAULT_RETRY_POLICY, i + 1)).reduce((a, b) => a + b, 0);
    expect(total).toBe(1_000 + 2_000 + 4_000 + 8_000 + 16_000 + 32_000 + 64_000 + 128_000 + 256_000);
  });

  it('delivered on 2xx; retried on 5xx, 408, 429 and no answer; given up on other 4xx and after the last attempt', () => {
    expect(attemptVerdict(policy, 1, { httpStatus: 200 })).toEqual({ next: 'delivered' });
    expect(attemptVerdict(policy, 1, { httpStatus: 204 })).toEqual({ next: 'delivered' });
    expect(attemptVerdict(policy, 1, { httpStatus: 500 })).toEqual({ next: 'retry', delayMs: 1_000 });
    expect(attemptVerdict(policy, 2, { httpStatus: 503 })).toEqual({ next: 'retry', delayMs: 2_000 });
    expect(attemptVerdict(policy, 3, { httpStatus: null })).toEqual({ next: 'retry', delayMs: 4_000 });
    expect(attemptVerdict(policy, 1, { httpStatus: 408 })).toMatchObject({ next: 'retry' });
    expect(attemptVerdict(policy, 1, { httpStatus: 429, retryAfterSeconds: 5 })).toEqual({ next: 'retry', delayMs: 5_000 });
    // Retry-After within the cap, never below the backoff.
    expect(attemptVerdict(policy, 1, { httpStatus: 429, retryAfterSeconds: 3_600 })).toEqual({ next: 'retry', delayMs: 8_000 });
    expect(attemptVerdict(policy, 4, { httpStatus: 429, retryAfterSeconds: 1 })).toEqual({ next: 'retry', delayMs: 8_000 });
    expect(attemptVerdict(policy, 1, { httpStatus: 404 })).toEqual({ next: 'give-up', reason: 'not retried (HTTP 404: the receiver refused the request)' });
    expect(attemptVerdict(policy, 1, { httpStatus: 301 })).toMatchObject({ next: 'give-up' });
    expect(attemptVerdict(policy, 5, { httpStatus: 500 })).toEqual({ next: 'give-up', reason: 'gave up after 5 attempts' });
  });

  it('rate limit: at most N sends in any minute; the next slot is when the oldest leaves the window', () => {
    expect(nextSendSlot([], 2, 100_000)).toBe(100_000);
    expect(nextSendSlot([90_000], 2, 100_000)).toBe(100_000);
    expect(nextSendSlot([90_000, 95_000], 2, 100_000)).toBe(150_000);
    expect(nextSendSlot([30_000, 90_000, 95_000], 2, 100_000)).toBe(150_000);
    // Sends older than a minute do not count.
    expect(nextSendSlot([10_000, 20_000], 2, 100_000)).toBe(100_000);
    expect(nextSendSlot([95_000, 90_000, 99_000], 2, 100_000)).toBe(155_000);
  });
});
