// Reads what the pollers wrote (PollerCursor "status:*") for GET /api/health (DESIGN.md §2.3).
import { listPollerCursors, type Store } from '../store/index.ts';
import type { PollerStatsSnapshot, SourceStatus } from './poller-stats.ts';

export interface PollerHealth {
  /** Sources as the pollers see them (error = last one-line failure, else null). */
  sources: SourceStatus[];
  poller: {
    apiCalls: Record<string, number>;
    throttled: number;
    lagMs: number | null;
    lagP50Ms: number | null;
    lagP95Ms: number | null;
    backlog: number;
    backfilling: boolean;
    /** Pollers that reported within `staleMs`. */
    pollers: number;
    updatedAt: string | null;
  };
}

/** Merges the status rows of every poller that reported within `staleMs` (default 5 min). */
export async function readPollerHealth(store: Store, staleMs = 5 * 60_000, now = Date.now()): Promise<PollerHealth> {
  const rows = await listPollerCursors(store, 'status:');
  const live = rows
    .map((row) => row.value as PollerStatsSnapshot)
    .filter((s) => s && typeof s.updatedAt === 'string' && now - Date.parse(s.updatedAt) <= staleMs);
  const apiCalls: Record<string, number> = {};
  const sources = new Map<string, SourceStatus>();
  let throttled = 0;
  let backlog = 0;
  let newest: PollerStatsSnapshot | null = null;
  for (const s of live) {
    for (const [op, n] of Object.entries(s.apiCalls ?? {})) apiCalls[op] = (apiCalls[op] ?? 0) + n;
    throttled += s.throttled ?? 0;
    backlog = Math.max(backlog, s.backlog ?? 0); // every poller counts the same shared backlog
    if (newest === null || s.updatedAt > newest.updatedAt) newest = s;
    for (const source of s.sources ?? []) {
      const seen = sources.get(source.id);
      // A source works if any poller reached it lately; otherwise show the newest error.
      if (!seen || (seen.error !== null && source.error === null)) sources.set(source.id, source);
    }
  }
  return {
    sources: [...sources.values()],
    poller: {
      apiCalls,
      throttled,
      lagMs: newest?.lagMs ?? null,
      lagP50Ms: newest?.lagP50Ms ?? null,
      lagP95Ms: newest?.lagP95Ms ?? null,
      backlog,
      backfilling: live.some((s) => s.backfilling),
      pollers: live.length,
      updatedAt: newest?.updatedAt ?? null,
    },
  };
}
