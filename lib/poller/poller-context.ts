// Everything one poller process shares between cycles: the store, the configuration, one
// SourceClient per source (token buckets per account-Region), the stats, and in-memory state
// that is only an optimisation (anything needed after a restart lives in the store).
import { hostname } from 'node:os';
import { createHash } from 'node:crypto';
import { ApiStats, BucketRegistry, SourceClient, type BucketClock, type ExecutionListEntry, type LoggingConfiguration } from '../aws/index.ts';
import { DEFAULT_POLL, DEFAULT_QUOTA_FRACTION, type PollSettings, type QuotaSettings, type SourceConfig } from '../config/index.ts';
import type { BacklogExecution, RetentionRunPolicy, Store } from '../store/index.ts';
import { PollerStats } from './poller-stats.ts';

export interface KnownStateMachine {
  stateMachineArn: string;
  name: string;
  type: string;
  logging: LoggingConfiguration | null;
  /** revisionId, or "sha256:<hex>" of the definition, of the current definition. */
  currentRevisionKey: string | null;
  /** When DescribeStateMachine last reported that current revision (epoch ms). */
  currentSeenAt: number;
}

export interface SourceState {
  machines: KnownStateMachine[];
  discoveredAt: number | null;
  /** Last time each running execution's new events were read (epoch ms). */
  runningReadAt: Map<string, number>;
  /** Last redrive check per state machine (epoch ms). */
  redriveCheckAt: Map<string, number>;
  /** Revision intervals per state machine, loaded from the store on first use. */
  revisions: Map<string, RevisionInterval[]>;
  /**
   * This cycle's newest-first ListExecutions page per state machine (when the listing started
   * from the newest execution): it already gives the status of every execution it holds, so
   * the running check skips its own ListExecutions when the page covers the tracked ones.
   */
  newestPage: Map<string, { items: ExecutionListEntry[]; complete: boolean }>;
  /**
   * Executions seen ending while this poller runs (listed terminal with a stopDate after its
   * start, or tracked running ones that the running check found ended): fetched at the start of
   * the next history phase, ahead of the backfill backlog, so live executions are stored within
   * a cycle. Only an ordering hint: the store's backlog holds them too.
   */
  urgent: Map<string, BacklogExecution>;
}

export interface RevisionInterval {
  key: string;
  /** When that definition took effect (DescribeStateMachineForExecution.updateDate), epoch ms. */
  since: number;
}

export interface PollerOptions {
  store: Store;
  sources: readonly SourceConfig[];
  poll?: Partial<PollSettings>;
  quota?: Partial<QuotaSettings>;
  /**
   * Identifies this poller in leases and in the health rows. Default: STEPLENS_POLLER_ID, else
   * "<hostname>:<hash of the working directory>" — stable across restarts, so a poller restarted
   * after kill -9 takes its own leases back at once instead of waiting for them to expire. Give
   * each of several pollers on one host and folder its own STEPLENS_POLLER_ID.
   */
  pollerId?: string;
  /** Lines for the operator (progress, one line per source error); default: none. */
  log?: (line: string) => void;
  /** Executions fetched concurrently per source (the token buckets set the pace). Default 4. */
  concurrency?: number;
  /** Pages of ListExecutions per state machine and cycle (resumable). Default 10. */
  maxListPagesPerCycle?: number;
  /** Backlog executions taken per source and cycle. Default 500. */
  backlogBatch?: number;
  /**
   * Time a cycle spends on the backfill backlog before it starts over with a fresh listing page,
   * the running refreshes and the executions that just ended, ms (at least as long as the
   * cycle's listing took, so listing never takes more than half the time). Default 2,500.
   */
  backlogSliceMs?: number;
  /** Lease time-to-live, ms (default max(60 s, 3 × interval)). */
  leaseTtlMs?: number;
  /** How often a redrive check (ListExecutions redriveFilter=REDRIVEN) runs per state machine, ms. Default 60 s. */
  redriveCheckMs?: number;
  /** Our retries per AWS request (throttling / transient failures). Default 6. */
  maxRetries?: number;
  clock?: BucketClock;
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Runs after every completed cycle, in this process (the alert rules' evaluation, lib/alerts,
   * wired by lib/cli): what was just ingested is in the store. Its failure is logged, never
   * stops polling.
   */
  afterCycle?: () => Promise<unknown>;
  /**
   * Retention of history events (steplens.config.json "retention", lib/config RetentionSettings):
   * pruned in the background after cycles, by one poller per database (retention-hook.ts). Default: none.
   */
  retention?: RetentionRunPolicy | null;
}

export interface PollerContext {
  store: Store;
  sources: readonly SourceConfig[];
  poll: PollSettings;
  quota: QuotaSettings;
  pollerId: string;
  log: (line: string) => void;
  concurrency: number;
  maxListPagesPerCycle: number;
  backlogBatch: number;
  backlogSliceMs: number;
  /** When this poller started (epoch ms): executions ending after it are live. */
  startedAt: number;
  leaseTtlMs: number;
  redriveCheckMs: number;
  clients: Map<string, SourceClient>;
  state: Map<string, SourceState>;
  stats: PollerStats;
  /** Set by stop(): long loops check it between requests. */
  stopping: boolean;
  afterCycle: (() => Promise<unknown>) | null;
  retention: RetentionRunPolicy | null;
}

export function createPollerContext(options: PollerOptions): PollerContext {
  const poll: PollSettings = { ...DEFAULT_POLL, ...options.poll };
  const quota: QuotaSettings = { fraction: options.quota?.fraction ?? DEFAULT_QUOTA_FRACTION, operations: options.quota?.operations ?? {} };
  const env = options.env ?? process.env;
  const pollerId = options.pollerId ?? defaultPollerId(env);
  const api = new ApiStats();
  const buckets = new BucketRegistry(quota, options.clock);
  const clients = new Map<string, SourceClient>();
  const state = new Map<string, SourceState>();
  for (const source of options.sources) {
    clients.set(
      source.id,
      new SourceClient(source, {
        quota,
        stats: api,
        buckets,
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
        ...(options.env ? { env: options.env } : {}),
      }),
    );
    state.set(source.id, { machines: [], discoveredAt: null, runningReadAt: new Map(), redriveCheckAt: new Map(), revisions: new Map(), newestPage: new Map(), urgent: new Map() });
  }
  return {
    store: options.store,
    sources: options.sources,
    poll,
    quota,
    pollerId,
    log: options.log ?? (() => {}),
    concurrency: Math.max(1, options.concurrency ?? 4),
    maxListPagesPerCycle: Math.max(1, options.maxListPagesPerCycle ?? 10),
    backlogBatch: Math.max(1, options.backlogBatch ?? 500),
    backlogSliceMs: Math.max(0, options.backlogSliceMs ?? 2_500),
    startedAt: Date.now(),
    leaseTtlMs: options.leaseTtlMs ?? Math.max(60_000, 3 * poll.intervalMs),
    redriveCheckMs: options.redriveCheckMs ?? 60_000,
    clients,
    state,
    stats: new PollerStats(pollerId, api, options.sources),
    stopping: false,
    afterCycle: options.afterCycle ?? null,
    retention: options.retention ?? null,
  };
}

/** STEPLENS_POLLER_ID, else "<hostname>:<hash of the working directory>" (see PollerOptions.pollerId). */
export function defaultPollerId(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.STEPLENS_POLLER_ID ?? `${hostname()}:${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 8)}`;
}

/** The store's Source row for a configured source. */
export function storeSourceOf(source: SourceConfig): { id: string; kind: 'aws' | 'endpoint'; region: string; endpoint: string | null; accountId: string | null; label: string | null } {
  return {
    id: source.id,
    kind: source.kind,
    region: source.region,
    endpoint: source.kind === 'endpoint' ? source.endpoint : null,
    accountId: source.kind === 'aws' ? (source.accountId ?? null) : null,
    label: source.label ?? null,
  };
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, stop?: () => boolean): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !(stop?.() ?? false)) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
