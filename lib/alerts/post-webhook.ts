// One HTTP attempt of a delivery: POST the stored body to the webhook with the delivery's
// idempotency key, within a timeout. Never throws: no answer (refused, reset, DNS, timeout) is
// `httpStatus: null` with the reason.

export interface WebhookAnswer {
  httpStatus: number | null;
  /** One line: why the attempt did not succeed (null on 2xx). */
  error: string | null;
  retryAfterSeconds: number | null;
  durationMs: number;
}

export interface PostWebhookOptions {
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** Longest part of an error answer's body kept in the delivery log, characters. */
const ANSWER_EXCERPT = 200;

export async function postWebhook(url: string, body: string, idempotencyKey: string, options: PostWebhookOptions): Promise<WebhookAnswer> {
  const started = performance.now();
  const fetchImpl = options.fetch ?? fetch;
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'StepLens-Alerts/1',
        // The same on every attempt of one delivery: a receiver that keeps the keys it has seen
        // can drop the repeat that a crash between sending and recording may cause.
        'idempotency-key': idempotencyKey,
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // Read the answer to the end (frees the connection); keep a little of it for the log.
    const text = await response.text().catch(() => '');
    const durationMs = performance.now() - started;
    const retryAfter = Number(response.headers.get('retry-after'));
    const ok = response.status >= 200 && response.status < 300;
    return {
      httpStatus: response.status,
      error: ok ? null : `HTTP ${response.status}${text.trim() ? `: ${oneLine(text).slice(0, ANSWER_EXCERPT)}` : ''}`,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
      durationMs,
    };
  } catch (error) {
    const durationMs = performance.now() - started;
    return { httpStatus: null, error: describeFetchError(error, options.timeoutMs), retryAfterSeconds: null, durationMs };
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
    const cause = (error as Error & { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `${(cause as Error & { code?: string }).code ?? cause.name}: ${cause.message}` : error.message;
    return oneLine(detail).slice(0, ANSWER_EXCERPT);
  }
  return oneLine(String(error)).slice(0, ANSWER_EXCERPT);
}
