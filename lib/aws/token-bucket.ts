// A client-side token bucket with adaptive slow-down. Tokens are reserved rather than queued:
// a caller that finds the bucket empty takes a token "on credit" (tokens go negative) and waits
// until the refill has paid it back, so concurrent callers are served in arrival order without
// a queue and the long-run rate never exceeds the refill rate.

export interface BucketClock {
  /** Milliseconds, monotonic enough for rate keeping. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: BucketClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface TokenBucketOptions {
  /** Capacity (burst), in requests. */
  capacity: number;
  /** Refill, requests per second. */
  refillPerSecond: number;
  clock?: BucketClock;
  /** Lowest share of the refill rate adaptive slow-down may go to (default 1/16). */
  minRateFactor?: number;
  /** Time for the rate to climb back from the floor to full after the last throttle, ms (default 60 s). */
  recoveryMs?: number;
}

export class TokenBucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
  private readonly clock: BucketClock;
  private readonly minRateFactor: number;
  private readonly recoveryMs: number;
  private tokens: number;
  private last: number;
  /** Multiplier on the refill rate, lowered on each throttle and recovering linearly. */
  private factor = 1;
  private factorAt: number;

  constructor(options: TokenBucketOptions) {
    if (!(options.capacity >= 1) || !(options.refillPerSecond > 0)) {
      throw new RangeError(`token bucket needs capacity >= 1 and refill > 0 (got ${options.capacity}, ${options.refillPerSecond})`);
    }
    this.capacity = options.capacity;
    this.refillPerSecond = options.refillPerSecond;
    this.clock = options.clock ?? realClock;
    this.minRateFactor = options.minRateFactor ?? 1 / 16;
    this.recoveryMs = options.recoveryMs ?? 60_000;
    this.last = this.clock.now();
    this.factorAt = this.last;
    this.tokens = this.capacity;
  }

  /** The current refill rate (requests/s) after adaptive slow-down. */
  currentRate(): number {
    return this.refillPerSecond * this.rateFactor(this.clock.now());
  }

  /** Tokens available now (negative while callers wait on credit). */
  available(): number {
    this.refill(this.clock.now());
    return this.tokens;
  }

  /**
   * Reserves one token; returns how long the caller must wait before using it, ms (0 = now).
   * Never refuses: the wait grows with the debt.
   */
  reserve(): number {
    const now = this.clock.now();
    this.refill(now);
    this.tokens -= 1;
    if (this.tokens >= 0) return 0;
    return Math.ceil((-this.tokens / this.currentRate()) * 1000);
  }

  /** Waits for a token. */
  async take(): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await this.clock.sleep(wait);
  }

  /**
   * The service said "Rate exceeded": others are using the shared bucket. Halve our rate (to
   * the floor) and drop the burst we thought we had, so the next calls spread out.
   */
  onThrottle(): void {
    const now = this.clock.now();
    this.refill(now);
    this.factor = Math.max(this.minRateFactor, this.rateFactor(now) / 2);
    this.factorAt = now;
    this.tokens = Math.min(this.tokens, 0);
  }

  private rateFactor(now: number): number {
    if (this.factor >= 1) return 1;
    const recovered = ((now - this.factorAt) / this.recoveryMs) * (1 - this.minRateFactor);
    return Math.min(1, this.factor + Math.max(0, recovered));
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed / 1000) * this.currentRateAt(now));
    if (this.factor < 1 && this.rateFactor(now) >= 1) this.factor = 1;
  }

  private currentRateAt(now: number): number {
    return this.refillPerSecond * this.rateFactor(now);
  }
}
