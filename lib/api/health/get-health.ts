import { listSources, type Store } from '../../store/index.ts';

export interface Health {
  ok: boolean;
  sources: Array<{ id: string; kind: string; endpoint?: string | null; region?: string | null; error: string | null }>;
  poller: { apiCalls: Record<string, number>; throttled: number; lagMs: number | null };
}

/**
 * GET /api/health. `ok` means the server and the store answer. The poller figures stay zero
 * until a poller runs (the ingestion issue); they are reported now so clients can rely on the shape.
 */
export async function getHealth(store: Store): Promise<Health> {
  const sources = await listSources(store);
  return {
    ok: true,
    sources: sources.map((source) => ({
      id: source.id,
      kind: source.kind,
      ...(source.endpoint ? { endpoint: source.endpoint } : { region: source.region ?? null }),
      error: null,
    })),
    poller: { apiCalls: {}, throttled: 0, lagMs: null },
  };
}
