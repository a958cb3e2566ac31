// The one mapping from what a route handler threw to a JSON error response. Known errors keep
// their message; anything else is a 500 whose body says nothing about the internals (the stack
// goes to the server's console, once).
import { InvalidCursorError, StoreError } from '../store/index.ts';
import { redactUrl } from '../store/db/errors.ts';
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
  const outage = storeOutage(error);
  if (outage !== null) {
    // The database went away (PostgreSQL restarting, unreachable): the caller may retry shortly.
    console.error(`steplens: ${route}: store unavailable: ${outage}`);
    return Response.json({ error: `store unavailable: ${outage}` } satisfies ErrorBody, { status: 503, headers: { 'retry-after': '5' } });
  }
  console.error(`steplens: ${route} failed:`, error);
  return Response.json({ error: INTERNAL_ERROR_MESSAGE } satisfies ErrorBody, { status: 500 });
}

/** PostgreSQL SQLSTATE classes of a lost server: 08 connection exception, 57P operator intervention (shutdown, starting up). */
const OUTAGE_SQLSTATE = /^(08|57P)/;
/** Prisma's codes for a server it cannot reach or that closed the connection (P2024: no pool connection in time). */
const OUTAGE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024']);
const OUTAGE_KINDS: Record<string, string> = {
  DatabaseNotReachable: 'the database server is not reachable',
  ConnectionClosed: 'the database server closed the connection',
  SocketTimeout: 'the database server did not answer in time',
  TooManyConnections: 'the database server has too many connections',
};
/** node-postgres's own errors when the server drops a connection (not mapped by Prisma's adapter). */
const OUTAGE_DRIVER_MESSAGE = /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable)$/;
const OUTAGE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/**
 * One line saying the store's database is unavailable, when `error` is what Prisma, its PostgreSQL
 * adapter or node-postgres throw for a server that is down, restarting or unreachable; else null.
 * The driver's error is either the thrown error's `cause` (DriverAdapterError) or in
 * `meta.driverAdapterError.cause` (PrismaClientKnownRequestError P2010).
 */
export function storeOutage(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };
  if (e.name === 'PrismaClientInitializationError') return 'the database server is not reachable';
  if (typeof e.code === 'string' && OUTAGE_PRISMA_CODES.has(e.code)) return 'the database server is not reachable';
  if (typeof e.code === 'string' && OUTAGE_ERRNO.has(e.code)) return `the database connection failed (${e.code})`;
  if (typeof e.message === 'string' && OUTAGE_DRIVER_MESSAGE.test(e.message)) return `the database connection was lost (${e.message})`;
  const cause = (e.name === 'DriverAdapterError' ? e.cause : e.meta?.driverAdapterError?.cause) as { kind?: unknown; code?: unknown; originalCode?: unknown; message?: unknown } | undefined;
  if (typeof cause !== 'object' || cause === null) return typeof e.cause === 'object' && e.cause !== e ? storeOutage(e.cause) : null;
  const kind = typeof cause.kind === 'string' ? cause.kind : '';
  if (OUTAGE_KINDS[kind] !== undefined) return OUTAGE_KINDS[kind];
  const sqlState = typeof cause.originalCode === 'string' ? cause.originalCode : typeof cause.code === 'string' ? cause.code : '';
  if (kind === 'postgres' && OUTAGE_SQLSTATE.test(sqlState)) return `${typeof cause.message === 'string' ? firstLine(cause.message) : 'the database server is unavailable'} (${sqlState})`;
  return null;
}

/**
 * Why the store could not answer, in one line for a 503 body (GET /api/health): the outage as
 * storeOutage names it, else the error's first non-blank line (Prisma's messages start with a
 * blank one) with any URL password hidden, else the error's name. Never empty.
 */
export function storeUnavailableReason(error: unknown): string {
  const outage = storeOutage(error);
  if (outage !== null) return outage;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const line = message
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (line !== undefined) return redactUrl(line).slice(0, 300);
  return error instanceof Error ? error.name : 'unknown error';
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
