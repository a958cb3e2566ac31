// When a failed delivery attempt is tried again (pure). Exponential backoff from `baseMs`,
// doubling per attempt up to `maxMs`, at most `maxAttempts` attempts in all; a 429 or 503 answer's
// Retry-After (seconds) is honoured within the same bounds. 4xx answers other than 408 (timeout),
// 425 and 429 (slow down) say the request itself is wrong (a revoked Slack webhook answers 404
// or 410): retrying cannot help, so the delivery gives up at once and says why.

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/** 1 s, 2 s, 4 s, … 5 min: ten attempts span about 8.5 minutes. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 1_000, maxMs: 300_000, maxAttempts: 10 };

/** What one attempt came to: an HTTP status, or no answer (refused, reset, timed out). */
export interface AttemptOutcome {
  httpStatus: number | null;
  /** Retry-After of the answer, seconds, when it had one. */
  retryAfterSeconds?: number | null;
}

export type AttemptVerdict = { next: 'delivered' } | { next: 'retry'; delayMs: number } | { next: 'give-up'; reason: string };

export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

/** The backoff before attempt `attempt + 1` after attempt `attempt` (1-based) failed. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
}

/** What follows attempt number `attempt` (1-based) with this outcome. */
export function attemptVerdict(policy: RetryPolicy, attempt: number, outcome: AttemptOutcome): AttemptVerdict {
  const status = outcome.httpStatus;
  if (status !== null && status >= 200 && status < 300) return { next: 'delivered' };
  if (status !== null && !isRetryableStatus(status)) return { next: 'give-up', reason: `not retried (HTTP ${status}: the receiver refused the request)` };
  if (attempt >= policy.maxAttempts) return { next: 'give-up', reason: `gave up after ${attempt} attempts` };
  const backoff = backoffMs(policy, attempt);
  const asked = outcome.retryAfterSeconds;
  const delayMs = typeof asked === 'number' && Number.isFinite(asked) && asked > 0 ? Math.min(policy.maxMs, Math.max(backoff, asked * 1_000)) : backoff;
  return { next: 'retry', delayMs };
}

/**
 * Per-rule rate limit over a sliding minute: given the epoch ms of the rule's sends in the last
 * minute, when the next send may go (now, or when the oldest leaves the window).
 */
export function nextSendSlot(sentAt: readonly number[], maxPerMinute: number, now: number): number {
  const recent = sentAt.filter((t) => t > now - 60_000).sort((a, b) => a - b);
  if (recent.length < maxPerMinute) return now;
  return (recent[recent.length - maxPerMinute] as number) + 60_000;
}
