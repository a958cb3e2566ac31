// The one mapping from what a route handler threw to a JSON error response. Known errors keep
// their message; anything else is a 500 whose body says nothing about the internals (the stack
// goes to the server's console, once).
import { InvalidCursorError, StoreError } from '../store/index.ts';
import { ApiError } from './api-error.ts';

export interface ErrorBody {
  error: string;
  details?: unknown;
}

/** Message of a 500 response: the cause is in the server log, not in the response. */
export const INTERNAL_ERROR_MESSAGE = 'internal error';

/**
 * `route` names the request in the log line (e.g. "GET /api/executions").
 * IMPORTANT: InvalidCursorError is a StoreError, so it is matched first.
 */
export function errorResponse(error: unknown, route: string): Response {
  if (error instanceof ApiError) {
    const body: ErrorBody = { error: error.message };
    if (error.details !== undefined) body.details = error.details;
    return Response.json(body, { status: error.status });
  }
  if (error instanceof InvalidCursorError) return Response.json({ error: 'cursor: not a cursor this API returned' } satisfies ErrorBody, { status: 400 });
  if (error instanceof StoreError) {
    // StoreError messages are one line, written for the operator (URLs redacted): no stack needed.
    const message = firstLine(error.message);
    console.error(`steplens: ${route}: ${message}`);
    return Response.json({ error: `store unavailable: ${message}` } satisfies ErrorBody, { status: 503 });
  }
  console.error(`steplens: ${route} failed:`, error);
  return Response.json({ error: INTERNAL_ERROR_MESSAGE } satisfies ErrorBody, { status: 500 });
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
