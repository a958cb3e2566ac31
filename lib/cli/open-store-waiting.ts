// Opening the store for a daemon (`steplens poll`): a database that is not up yet (PostgreSQL
// starting with the host, restarting, unreachable for a while) is waited for, with a log line per
// attempt and backoff, as a service is expected to; a DATABASE_URL or database that can never work
// (unsupported scheme, unknown host, no such database, refused credentials) is the operator's to
// fix and fails at once (CliError, exit 2).
import { openStore, resolveDatabaseUrl, StoreError, type Store } from '../store/index.ts';
import { CliError } from './cli-error.ts';

/** Errno codes and PostgreSQL SQLSTATEs of a server that may answer later. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED', // nothing listens yet (stopped, starting)
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN', // DNS not answering (not: ENOTFOUND, a name that does not exist)
  '57P01', // admin shutdown
  '57P02', // crash shutdown
  '57P03', // cannot connect now: the database system is starting up / shutting down
  '53300', // too many connections
]);
/** node-postgres's own words when the server drops the connection while it is being made. */
const TRANSIENT_MESSAGE = /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout expired)$/;

/**
 * Whether `error` (what openStore threw, its `cause` chain included) says the database server is
 * not there yet, rather than that this DATABASE_URL can never work.
 */
export function storeMayComeUp(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; typeof e === 'object' && e !== null && depth < 8; depth++) {
    const { code, message, cause, errors } = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || code.startsWith('08'))) return true;
    if (typeof message === 'string' && TRANSIENT_MESSAGE.test(message)) return true;
    // An AggregateError (Node's happy-eyeballs connect over IPv4 and IPv6) holds one error per address.
    if (Array.isArray(errors) && errors.some((inner) => storeMayComeUp(inner))) return true;
    e = cause;
  }
  return false;
}

export interface OpenStoreWaitingOptions {
  log: (line: string) => void;
  /** Aborted (SIGTERM, SIGINT) while waiting: resolves null instead of a store. */
  signal?: AbortSignal;
  /** First wait, ms (doubled after each failed attempt up to maxDelayMs). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  open?: (url: string | undefined) => Promise<Store>;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim().split('\n')[0] ?? '';
}

/**
 * The store of `databaseUrl`, once its database answers; null when `signal` stops the wait.
 * A bad DATABASE_URL or a failure that waiting cannot fix throws CliError (exit 2).
 */
export async function openStoreWaiting(databaseUrl: string | undefined, options: OpenStoreWaitingOptions): Promise<Store | null> {
  try {
    resolveDatabaseUrl(databaseUrl);
  } catch (error) {
    if (error instanceof StoreError) throw new CliError(error.message);
    throw error;
  }
  const open = options.open ?? openStore;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  let delayMs = options.initialDelayMs ?? 1_000;
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) return null;
    try {
      const store = await open(databaseUrl);
      if (attempt > 1) options.log(`steplens poll: the store answers again (attempt ${attempt}); polling starts`);
      return store;
    } catch (error) {
      if (!storeMayComeUp(error)) {
        if (error instanceof StoreError) throw new CliError(error.message);
        throw error;
      }
      options.log(`steplens poll: the store is unreachable (${firstLine(error)}); retrying in ${(delayMs / 1000).toFixed(delayMs < 1000 ? 1 : 0)} s (attempt ${attempt})`);
    }
    const waited = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(true), delayMs);
      options.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve(false);
      }, { once: true });
    });
    if (!waited) return null;
    delayMs = Math.min(maxDelayMs, delayMs * 2);
  }
}
