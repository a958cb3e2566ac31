// Call and throttle counters for GET /api/health (DESIGN.md §2.3 `poller.apiCalls`, `throttled`).

export interface ApiStatsSnapshot {
  /** Requests sent, by operation (retries included: each is a request AWS counts). */
  apiCalls: Record<string, number>;
  /** ThrottlingException responses received. */
  throttled: number;
  /** Calls that finally failed after our retries (their last error is in the source's status). */
  failed: number;
}

export class ApiStats {
  private calls = new Map<string, number>();
  private throttles = 0;
  private failures = 0;

  countCall(operation: string): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
  }

  countThrottle(): void {
    this.throttles += 1;
  }

  countFailure(): void {
    this.failures += 1;
  }

  snapshot(): ApiStatsSnapshot {
    return { apiCalls: Object.fromEntries([...this.calls].sort(([a], [b]) => a.localeCompare(b))), throttled: this.throttles, failed: this.failures };
  }

  reset(): void {
    this.calls.clear();
    this.throttles = 0;
    this.failures = 0;
  }
}
