// The poller's own health (GET /api/health `poller`). Kept in memory by the poller
// and written to the store (PollerCursor "status:<pollerId>") after every cycle, because the
// poller may run in another process (`steplens poll`) than the Next.js server; readPollerHealth
// (poller-health.ts) merges the rows of every poller that reported recently.
import type { ApiStats } from '../aws/index.ts';
import type { SourceConfig } from '../config/index.ts';
import { percentileOfSorted } from '../metrics/percentiles.ts';

export interface SourceStatus {
  id: string;
  kind: 'aws' | 'endpoint';
  endpoint?: string;
  region?: string;
  /** The last error of this source's last cycle (one line), null when it worked. */
  error: string | null;
  lastSuccessAt: string | null;
  stateMachines: number;
}

export interface PollerStatsSnapshot {
  pollerId: string;
  startedAt: string;
  updatedAt: string;
  cycles: number;
  sources: SourceStatus[];
  apiCalls: Record<string, number>;
  throttled: number;
  /** Executions whose history is not complete yet (the store's backlog). */
  backlog: number;
  /** Ingestion lag of the last execution stored complete: its end → stored, ms. */
  lagMs: number | null;
  lagP50Ms: number | null;
  lagP95Ms: number | null;
  eventsStored: number;
  executionsCompleted: number;
  /** True until the first full pass over every source has finished (first backfill). */
  backfilling: boolean;
}

const LAG_SAMPLES = 2_000;

export class PollerStats {
  readonly pollerId: string;
  readonly startedAt = new Date().toISOString();
  cycles = 0;
  backlog = 0;
  eventsStored = 0;
  executionsCompleted = 0;
  backfilling = true;
  private readonly lags: number[] = [];
  private lastLag: number | null = null;
  private readonly sources = new Map<string, SourceStatus>();

  constructor(
    pollerId: string,
    readonly api: ApiStats,
    sources: readonly SourceConfig[],
  ) {
    this.pollerId = pollerId;
    for (const source of sources) {
      this.sources.set(source.id, {
        id: source.id,
        kind: source.kind,
        ...(source.kind === 'endpoint' ? { endpoint: source.endpoint } : { region: source.region }),
        error: null,
        lastSuccessAt: null,
        stateMachines: 0,
      });
    }
  }

  recordLag(ms: number): void {
    const lag = Math.max(0, Math.round(ms));
    this.lastLag = lag;
    this.lags.push(lag);
    if (this.lags.length > LAG_SAMPLES) this.lags.shift();
  }

  sourceOk(id: string, stateMachines: number): void {
    const status = this.sources.get(id);
    if (!status) return;
    status.error = null;
    status.lastSuccessAt = new Date().toISOString();
    status.stateMachines = stateMachines;
  }

  /** Returns true when the message differs from the one already reported (log it once). */
  sourceError(id: string, message: string): boolean {
    const status = this.sources.get(id);
    if (!status) return false;
    const changed = status.error !== message;
    status.error = message;
    return changed;
  }

  snapshot(): PollerStatsSnapshot {
    const api = this.api.snapshot();
    const sorted = [...this.lags].sort((a, b) => a - b);
    return {
      pollerId: this.pollerId,
      startedAt: this.startedAt,
      updatedAt: new Date().toISOString(),
      cycles: this.cycles,
      sources: [...this.sources.values()].map((s) => ({ ...s })),
      apiCalls: api.apiCalls,
      throttled: api.throttled,
      backlog: this.backlog,
      lagMs: this.lastLag,
      lagP50Ms: percentileOfSorted(sorted, 0.5),
      lagP95Ms: percentileOfSorted(sorted, 0.95),
      eventsStored: this.eventsStored,
      executionsCompleted: this.executionsCompleted,
      backfilling: this.backfilling,
    };
  }
}

