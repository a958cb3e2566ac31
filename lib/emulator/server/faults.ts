/**
 * Seeded fault injection (`--fault-rate R`, `--fault-seed S`): each request draws from one PRNG
 * stream, so the same seed and the same sequence of requests give the same faults. A faulted
 * request gets one of: HTTP 500 InternalFailure, HTTP 503 ServiceUnavailable, added latency (the
 * request is then served normally), or a dropped connection (socket destroyed, no response).
 */
export type Fault =
  | { kind: 'error'; status: 500 | 503; type: 'InternalFailure' | 'ServiceUnavailable' }
  | { kind: 'latency'; ms: number }
  | { kind: 'drop' };

/** mulberry32: small, fast, good enough for reproducible test noise. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEFAULT_FAULT_SEED = 20240601;

export class FaultInjector {
  private readonly random: () => number;

  constructor(
    readonly rate: number,
    readonly seed = DEFAULT_FAULT_SEED,
    /** Upper bound of injected latency, ms. */
    readonly maxLatencyMs = 1500,
  ) {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`fault rate must be between 0 and 1, got ${rate}`);
    this.random = seededRandom(seed);
  }

  /** The fault for the next request, or null. Always draws twice so the stream stays aligned. */
  next(): Fault | null {
    const hit = this.random();
    const pick = this.random();
    if (this.rate === 0 || hit >= this.rate) return null;
    if (pick < 0.3) return { kind: 'error', status: 500, type: 'InternalFailure' };
    if (pick < 0.55) return { kind: 'error', status: 503, type: 'ServiceUnavailable' };
    if (pick < 0.8) return { kind: 'latency', ms: 100 + Math.floor(((pick - 0.55) / 0.25) * (this.maxLatencyMs - 100)) };
    return { kind: 'drop' };
  }
}
