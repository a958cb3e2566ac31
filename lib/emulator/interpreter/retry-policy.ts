// Retry and Catch matching and the retry delay, as the ASL spec and AWS's docs define them.

export interface Retrier {
  ErrorEquals?: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  ErrorEquals?: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: unknown;
  Assign?: Record<string, unknown>;
}

/**
 * Does a retrier/catcher's ErrorEquals cover `error`? States.ALL matches everything except the
 * terminal errors States.Runtime and States.DataLimitExceeded (AWS: "A retry or catch on
 * States.ALL won't catch States.Runtime errors"); States.TaskFailed matches everything except
 * States.Timeout.
 */
export function errorMatches(errorEquals: readonly string[] | undefined, error: string): boolean {
  if (!errorEquals) return false;
  if (error === 'States.Runtime') return false;
  for (const name of errorEquals) {
    if (name === error) return true;
    if (name === 'States.ALL' && error !== 'States.DataLimitExceeded') return true;
    if (name === 'States.TaskFailed' && error !== 'States.Timeout' && error !== 'States.DataLimitExceeded' && !error.startsWith('States.')) {
      return true;
    }
  }
  return false;
}

/**
 * Milliseconds to wait before retry number `attempt` (0-based) of a retrier:
 * IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, and with JitterStrategy FULL
 * a uniformly random share of that.
 */
export function retryDelayMs(retrier: Retrier, attempt: number, random: () => number = Math.random): number {
  const interval = retrier.IntervalSeconds ?? 1;
  const rate = retrier.BackoffRate ?? 2;
  let seconds = interval * Math.pow(rate, attempt);
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds *= random();
  return Math.round(seconds * 1000);
}

/** Index of the first retrier that matches and still has attempts left, or -1. */
export function pickRetrier(retriers: readonly Retrier[] | undefined, error: string, counts: number[]): number {
  if (!retriers) return -1;
  for (let i = 0; i < retriers.length; i += 1) {
    const r = retriers[i] as Retrier;
    if (!errorMatches(r.ErrorEquals, error)) continue;
    // The first matching retrier decides, even when it is exhausted (ASL spec).
    return (counts[i] ?? 0) < (r.MaxAttempts ?? 3) ? i : -1;
  }
  return -1;
}

export function pickCatcher(catchers: readonly Catcher[] | undefined, error: string): Catcher | null {
  if (!catchers) return null;
  return catchers.find((c) => errorMatches(c.ErrorEquals, error)) ?? null;
}
