import { readAnalysisHealth, type AnalysisHealth } from '../../ingest/index.ts';
import { readPollerHealth, type PollerHealth } from '../../poller/index.ts';
import { countIngestProgress, listSources, readRetentionLastPass, readStoreSize, type RetentionLastPass, type Store, type StoreSize } from '../../store/index.ts';

export interface Health {
  ok: boolean;
  sources: Array<{ id: string; kind: string; endpoint?: string | null; region?: string | null; error: string | null }>;
  /** The merged status of the pollers that reported lately (lib/poller/poller-health.ts). */
  poller: PollerHealth['poller'];
  /** Stored executions (not expired) and how many have a complete history: backfill progress. */
  ingest: { executions: number; historyComplete: number };
  /** Derived rows: analyzer version, how many executions are stale, whether a rebuild runs. */
  analysis: AnalysisHealth;
  /** The store's size (lib/store/retention store-size.ts: estimates on PostgreSQL, re-read every 30 s). */
  store: StoreSize;
  /** The last pruning pass (README "Retention"); null before the first or without retention. */
  retention: { lastPass: RetentionLastPass | null };
}

/**
 * GET /api/health (DESIGN.md §2.3). `ok` means the server and the store answer. The poller may
 * run in another process (`steplens start` runs it beside the server), so its figures are read
 * from the status rows every poller writes to the store after each cycle. Sources no poller
 * reports (e.g. imported files) come from the store.
 */
export async function getHealth(store: Store): Promise<Health> {
  const [polled, stored, ingest, analysis, size, lastPass] = await Promise.all([
    readPollerHealth(store),
    listSources(store),
    countIngestProgress(store),
    readAnalysisHealth(store),
    readStoreSize(store),
    readRetentionLastPass(store),
  ]);
  const seen = new Set(polled.sources.map((source) => source.id));
  const sources: Health['sources'] = [
    ...polled.sources.map((source) => ({ ...source })),
    ...stored
      .filter((source) => !seen.has(source.id))
      .map((source) => ({
        id: source.id,
        kind: source.kind,
        ...(source.endpoint ? { endpoint: source.endpoint } : { region: source.region ?? null }),
        error: null,
      })),
  ];
  return { ok: true, sources, poller: polled.poller, ingest, analysis, store: size, retention: { lastPass } };
}
