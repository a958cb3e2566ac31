// A pruning pass as the process that ingests runs it (lib/poller, after a cycle): at most one per
// interval per database, by one process. Several pollers on one PostgreSQL database each try the
// "retention" lease (the pollers' own lease mechanism, lib/store poller-lease.ts); the one that
// holds it prunes, renewing it before every batch, and stops when it loses it. The end of the
// last pass is kept in PollerCursor "retention:last", so a restarted process (or the next lease
// holder) does not prune again before the interval is over; GET /api/health reads it.
import { acquirePollerLease } from '../poller-state/poller-lease.ts';
import { getPollerCursor, setPollerCursor } from '../poller-state/poller-cursor.ts';
import type { Store } from '../types.ts';
import { pruneExpiredEvents, type PruneResult, type RetentionPolicy } from './prune-events.ts';

/** The lease name: one pruner per database. */
export const RETENTION_LEASE = 'retention';
/** PollerCursor key of the last finished pass. */
export const RETENTION_CURSOR = 'retention:last';

export interface RetentionRunPolicy extends RetentionPolicy {
  /** Time between two passes, ms. */
  intervalMs: number;
  /** Pause between two batches, ms. */
  pauseMs: number;
}

/** What the last finished pass did (PollerCursor "retention:last"). */
export interface RetentionLastPass {
  /** When it finished, ISO-8601. */
  at: string;
  /** Who ran it (the poller id). */
  owner: string;
  executions: number;
  events: number;
  batches: number;
  durationMs: number;
}

export interface RetentionRunOptions {
  /** Lease owner: the poller's id, so its clean stop releases the lease with its others. */
  owner: string;
  leaseTtlMs: number;
  /** Epoch ms now (tests). */
  clock?: () => number;
  /** Checked before every batch: true stops the pass after the batch in flight. */
  shouldStop?: () => boolean;
  /** Run even when the last pass was less than intervalMs ago (`steplens poll --once`, tests). */
  force?: boolean;
}

export type RetentionRun =
  | { ran: false; reason: 'not-due' | 'leased-elsewhere'; last: RetentionLastPass | null }
  | ({ ran: true } & PruneResult & { durationMs: number });

export async function runRetentionPass(store: Store, policy: RetentionRunPolicy, options: RetentionRunOptions): Promise<RetentionRun> {
  const clock = options.clock ?? Date.now;
  const last = await getPollerCursor<RetentionLastPass>(store, RETENTION_CURSOR);
  if (!options.force && last !== null && clock() - Date.parse(last.at) < policy.intervalMs) return { ran: false, reason: 'not-due', last };
  const lease = () => acquirePollerLease(store, RETENTION_LEASE, options.owner, options.leaseTtlMs, new Date(clock()));
  if (!(await lease())) return { ran: false, reason: 'leased-elsewhere', last };
  const started = clock();
  const result = await pruneExpiredEvents(store, policy, {
    now: new Date(started),
    // Renewed before every batch: a pass longer than the lease's time-to-live keeps it, and a
    // process that lost it (paused past the expiry, another took over) stops at once.
    shouldContinue: async () => !(options.shouldStop?.() ?? false) && (await lease()),
    pause: () => new Promise((resolve) => setTimeout(resolve, policy.pauseMs)),
  });
  const durationMs = clock() - started;
  if (result.finished) {
    const pass: RetentionLastPass = { at: new Date(clock()).toISOString(), owner: options.owner, executions: result.executions, events: result.events, batches: result.batches, durationMs };
    await setPollerCursor(store, RETENTION_CURSOR, pass);
  }
  return { ran: true, ...result, durationMs };
}

/** The last finished pass, or null (none yet, or retention is not configured). */
export async function readRetentionLastPass(store: Store): Promise<RetentionLastPass | null> {
  return getPollerCursor<RetentionLastPass>(store, RETENTION_CURSOR);
}
