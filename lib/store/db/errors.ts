/** A store failure with a one-line, user-facing message (no stack needed to act on it). */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** The cursor passed to listExecutions is not one it produced. */
export class InvalidCursorError extends StoreError {
  override name = 'InvalidCursorError';
}

/** Hides the password of a URL for error messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
