// Failed sign-in attempts per client address: a wrong token at /login, a wrong bearer token on any
// route. After LIMIT failures within WINDOW_MS the address is refused (429, Retry-After) until that
// window ends, before its token is even compared, right or wrong. Successful requests are never
// limited (a script with the right token may call as often as it likes).

export const SIGN_IN_FAILURE_LIMIT = 10;
export const SIGN_IN_WINDOW_MS = 60_000;
/** Addresses tracked at most; past it, windows that ended are dropped, then the oldest. */
const MAX_TRACKED = 10_000;

interface Window {
  startMs: number;
  failures: number;
}

export class SignInLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly limit = SIGN_IN_FAILURE_LIMIT,
    readonly windowMs = SIGN_IN_WINDOW_MS,
  ) {}

  /** Seconds until `address` may try again (≥ 1), or null when it may try now. */
  retryAfterSeconds(address: string, nowMs = Date.now()): number | null {
    const window = this.windows.get(address);
    if (!window || nowMs - window.startMs >= this.windowMs || window.failures < this.limit) return null;
    return Math.max(1, Math.ceil((window.startMs + this.windowMs - nowMs) / 1000));
  }

  recordFailure(address: string, nowMs = Date.now()): void {
    const window = this.windows.get(address);
    if (window && nowMs - window.startMs < this.windowMs) {
      window.failures += 1;
      return;
    }
    this.windows.delete(address);
    this.windows.set(address, { startMs: nowMs, failures: 1 });
    if (this.windows.size > MAX_TRACKED) this.prune(nowMs);
  }

  private prune(nowMs: number): void {
    for (const [address, window] of this.windows) if (nowMs - window.startMs >= this.windowMs) this.windows.delete(address);
    // Map iteration is insertion order: the first keys are the oldest windows.
    for (const address of this.windows.keys()) {
      if (this.windows.size <= MAX_TRACKED) break;
      this.windows.delete(address);
    }
  }
}

// proxy.ts and the route handlers are bundled separately by Next.js, each with its own copy of
// this module: the one limiter of the process lives on globalThis.
const GLOBAL_KEY = Symbol.for('steplens.signInLimiter');

export function signInLimiter(): SignInLimiter {
  const holder = globalThis as { [GLOBAL_KEY]?: SignInLimiter };
  holder[GLOBAL_KEY] ??= new SignInLimiter();
  return holder[GLOBAL_KEY];
}
