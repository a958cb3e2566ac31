// Issue 4 "Must show": under --fault-rate 0.1 (5xx, latency, dropped connections) and AWS's
// quotas, the bench's workload (a quarter of it: Standard successes, failures, time-outs,
// aborts, long-running ones, 3,000-event histories, Express via CloudWatch Logs) ends complete
// and exact: the store holds exactly the emulator's events, compared event by event.
import { describe, expect, it } from 'vitest';
import { runPollerBench } from '../../bench/poller-bench.ts';

describe('poller under faults', () => {
  it('ends complete and exact with --fault-rate 0.1 and --aws-quotas', async () => {
    const result = await runPollerBench({ scale: 0.25, faultRate: 0.1 });
    expect(result.mismatches).toEqual([]);
    expect(result.summary.executionsStored).toBe(result.summary.executions);
    expect(result.summary.eventsStored).toBe(result.summary.sourceEvents);
    expect(result.summary.sourceErrors).toBe(0);
    expect(result.summary.throttlesSurfaced).toBe(0);
  }, 240_000);
});
