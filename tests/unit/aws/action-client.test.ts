// The actions' own token buckets (lib/aws/action-client.ts): AWS's published figures for the
// write operations, scaled by the configured quota fraction (at least one request of burst),
// one bucket per operation and per client, so an action never spends the poller's tokens and
// a burst of stops waits on its own refill.
import { describe, expect, it } from 'vitest';
import { ACTION_OPERATIONS, ActionClient, actionBucket } from '../../../lib/aws/action-client.ts';
import type { SourceConfig } from '../../../lib/config/index.ts';
import type { BucketClock } from '../../../lib/aws/token-bucket.ts';

const SOURCE: SourceConfig = { id: 'aws:us-east-1', kind: 'aws', region: 'us-east-1' } as SourceConfig;

function fakeClock(): BucketClock & { t: number; slept: number[] } {
  const clock = {
    t: 0,
    slept: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}

describe('actionBucket', () => {
  it("takes the quota fraction of AWS's bucket, larger in the large Regions", () => {
    expect(actionBucket('StopExecution', 'us-east-1', 0.5)).toEqual({ bucket: 500, refillPerSecond: 100 });
    expect(actionBucket('StopExecution', 'ap-south-2', 0.5)).toEqual({ bucket: 250, refillPerSecond: 12.5 });
    expect(actionBucket('RedriveExecution', 'eu-west-1', 1).bucket).toBeGreaterThan(actionBucket('RedriveExecution', 'sa-east-1', 1).bucket);
    // An endpoint source (no Region to go by) gets the large figures.
    expect(actionBucket('StartExecution', null, 1)).toEqual(actionBucket('StartExecution', 'us-east-1', 1));
  });

  it('keeps at least one request of burst at a tiny fraction', () => {
    for (const operation of ACTION_OPERATIONS) expect(actionBucket(operation, 'us-east-1', 0.0001).bucket).toBe(1);
  });
});

describe('ActionClient buckets', () => {
  it('one bucket per operation and per client, sized from the quota', () => {
    const clock = fakeClock();
    const a = new ActionClient(SOURCE, { quota: { fraction: 0.002, operations: {} }, clock });
    const b = new ActionClient(SOURCE, { quota: { fraction: 0.002, operations: {} }, clock });
    expect(a.bucket('StopExecution')).toBe(a.bucket('StopExecution'));
    expect(a.bucket('StopExecution')).not.toBe(a.bucket('StartExecution'));
    expect(a.bucket('StopExecution')).not.toBe(b.bucket('StopExecution'));
    expect(a.bucket('StopExecution').capacity).toBe(2);
    expect(a.bucket('StopExecution').refillPerSecond).toBeCloseTo(0.4);
  });

  it('a burst past the bucket waits on its refill (0.4 requests/s: 2.5 s a request)', async () => {
    const clock = fakeClock();
    const client = new ActionClient(SOURCE, { quota: { fraction: 0.002, operations: {} }, clock });
    const bucket = client.bucket('StopExecution');
    for (let i = 0; i < 4; i++) await bucket.take();
    expect(clock.slept).toEqual([2500, 2500]);
    // Another operation's bucket is untouched by the burst.
    expect(client.bucket('RedriveExecution').available()).toBeCloseTo(client.bucket('RedriveExecution').capacity);
  });
});
