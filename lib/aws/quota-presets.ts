// AWS's published token buckets for the operations the poller calls (reference/sfn-facts.md
// §3.1, §3.2): per account per Region, shared with the console and every other tool there.
import type { PolledOperation, QuotaSettings } from '../config/index.ts';

export interface BucketFigures {
  /** Burst: requests that may be made at once. */
  bucket: number;
  /** Sustained requests per second. */
  refillPerSecond: number;
}

/** us-east-1, us-west-2, eu-west-1 have larger ListExecutions/DescribeExecution buckets. */
export const LARGE_REGIONS: ReadonlySet<string> = new Set(['us-east-1', 'us-west-2', 'eu-west-1']);

const LARGE: Record<PolledOperation, BucketFigures> = {
  ListStateMachines: { bucket: 100, refillPerSecond: 5 },
  DescribeStateMachine: { bucket: 200, refillPerSecond: 20 },
  DescribeStateMachineForExecution: { bucket: 200, refillPerSecond: 1 },
  ListExecutions: { bucket: 200, refillPerSecond: 5 },
  DescribeExecution: { bucket: 300, refillPerSecond: 15 },
  GetExecutionHistory: { bucket: 400, refillPerSecond: 20 },
  // CloudWatch Logs: 5 TPS per account and Region; no burst is documented.
  FilterLogEvents: { bucket: 5, refillPerSecond: 5 },
  // Distributed Map runs (same figures in every Region).
  ListMapRuns: { bucket: 100, refillPerSecond: 1 },
  DescribeMapRun: { bucket: 200, refillPerSecond: 1 },
};

const OTHER: Record<PolledOperation, BucketFigures> = {
  ...LARGE,
  ListExecutions: { bucket: 100, refillPerSecond: 2 },
  DescribeExecution: { bucket: 250, refillPerSecond: 10 },
};

/** AWS's figures for one operation in a Region (endpoints get the large-Region figures). */
export function publishedBucket(operation: PolledOperation, region: string | null): BucketFigures {
  return (region === null || LARGE_REGIONS.has(region) ? LARGE : OTHER)[operation];
}

/**
 * The share StepLens may use: AWS's figures (or the configured override) times the quota
 * fraction. A bucket never drops below one request, so every operation can still be called.
 */
export function effectiveBucket(operation: PolledOperation, region: string | null, quota: QuotaSettings): BucketFigures {
  const published = publishedBucket(operation, region);
  const override = quota.operations[operation] ?? {};
  const bucket = override.bucket ?? published.bucket;
  const refill = override.refillPerSecond ?? published.refillPerSecond;
  return { bucket: Math.max(1, bucket * quota.fraction), refillPerSecond: refill * quota.fraction };
}
