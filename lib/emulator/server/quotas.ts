/**
 * AWS's API throttling as token buckets per account, Region and operation
 * (reference/sfn-facts.md §3.1; "large" Regions us-east-1, us-west-2, eu-west-1). Operations
 * not listed there are not throttled. Buckets run on the wall clock: quotas limit request
 * rates, which the time scale does not change.
 */
interface BucketSpec {
  size: number;
  refillPerSecond: number;
}

const LARGE_REGIONS = new Set(['us-east-1', 'us-west-2', 'eu-west-1']);

/** [large Regions, other Regions] */
const SFN_QUOTAS: Record<string, [BucketSpec, BucketSpec]> = {
  GetExecutionHistory: [{ size: 400, refillPerSecond: 20 }, { size: 400, refillPerSecond: 20 }],
  ListExecutions: [{ size: 200, refillPerSecond: 5 }, { size: 100, refillPerSecond: 2 }],
  DescribeExecution: [{ size: 300, refillPerSecond: 15 }, { size: 250, refillPerSecond: 10 }],
  DescribeStateMachine: [{ size: 200, refillPerSecond: 20 }, { size: 200, refillPerSecond: 20 }],
  DescribeStateMachineForExecution: [{ size: 200, refillPerSecond: 1 }, { size: 200, refillPerSecond: 1 }],
  ListStateMachines: [{ size: 100, refillPerSecond: 5 }, { size: 100, refillPerSecond: 5 }],
  ListMapRuns: [{ size: 100, refillPerSecond: 1 }, { size: 100, refillPerSecond: 1 }],
  DescribeMapRun: [{ size: 200, refillPerSecond: 1 }, { size: 200, refillPerSecond: 1 }],
  StopExecution: [{ size: 1000, refillPerSecond: 200 }, { size: 500, refillPerSecond: 25 }],
  RedriveExecution: [{ size: 1300, refillPerSecond: 300 }, { size: 800, refillPerSecond: 150 }],
  ListTagsForResource: [{ size: 100, refillPerSecond: 1 }, { size: 100, refillPerSecond: 1 }],
  SendTaskSuccess: [{ size: 3000, refillPerSecond: 500 }, { size: 1500, refillPerSecond: 300 }],
  SendTaskFailure: [{ size: 3000, refillPerSecond: 500 }, { size: 1500, refillPerSecond: 300 }],
  SendTaskHeartbeat: [{ size: 3000, refillPerSecond: 500 }, { size: 1500, refillPerSecond: 300 }],
  StartExecution: [{ size: 1300, refillPerSecond: 300 }, { size: 800, refillPerSecond: 150 }],
  // Express StartExecution has its own bucket, the same in all Regions.
  'StartExecution:EXPRESS': [{ size: 6000, refillPerSecond: 6000 }, { size: 6000, refillPerSecond: 6000 }],
};

export function quotaFor(operation: string, region: string): BucketSpec | undefined {
  const pair = SFN_QUOTAS[operation];
  return pair && (LARGE_REGIONS.has(region) ? pair[0] : pair[1]);
}

export class QuotaLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Takes one token for (region, operation); false when the bucket is empty (→ ThrottlingException). */
  take(operation: string, region: string): boolean {
    const spec = quotaFor(operation, region);
    if (!spec) return true;
    const key = `${region}\u0000${operation}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: spec.size, at: now };
    bucket.tokens = Math.min(spec.size, bucket.tokens + ((now - bucket.at) / 1000) * spec.refillPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
