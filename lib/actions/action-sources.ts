// Which configured source an action goes to, and the clients it goes through. The clients (and
// so their token buckets) live as long as the server process — one ActionClient and one
// re-ingest context per source, kept on globalThis so every route bundle shares them — so the
// actions' own bucket really limits the rate across requests.
import { parseExecutionArn } from '../arn/state-machine-arn.ts';
import { ActionClient } from '../aws/action-client.ts';
import { resolveSources, type QuotaSettings, type SourceConfig } from '../config/index.ts';
import { createPollerContext, type PollerContext } from '../poller/index.ts';
import type { Store } from '../store/index.ts';

interface SourceEntry {
  key: string;
  client: ActionClient;
  /** Re-ingest context (lib/poller's history fetch → lib/ingest), built on first use per store. */
  ingest: Map<Store, PollerContext>;
}

const SLOT = Symbol.for('steplens.actions.sources');
const registry = globalThis as typeof globalThis & { [SLOT]?: Map<string, SourceEntry> };

export interface ResolvedActionSource {
  source: SourceConfig;
  client: ActionClient;
  quota: QuotaSettings;
  ingestContext(store: Store): PollerContext;
}

/**
 * The sources that may hold `executionArn`: those in its Region, the one its state machine was
 * discovered through first. Empty when none is configured (or the ARN is not an execution's).
 */
export function actionSourcesFor(
  executionArn: string,
  preferredSourceId: string | null,
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): ResolvedActionSource[] {
  const parts = parseExecutionArn(executionArn);
  if (parts === null) return [];
  const resolved = resolveSources(env, cwd);
  if (!resolved.configured) return [];
  const { sources, quota, poll } = resolved.config;
  const candidates = sources.filter((s) => s.region === parts.region).sort((a, b) => Number(b.id === preferredSourceId) - Number(a.id === preferredSourceId));
  const entries = (registry[SLOT] ??= new Map());
  return candidates.map((source) => {
    const key = JSON.stringify([source, quota]);
    let entry = entries.get(source.id);
    if (entry === undefined || entry.key !== key) {
      void entry?.client.close();
      entry = { key, client: new ActionClient(source, { quota, env }), ingest: new Map() };
      entries.set(source.id, entry);
    }
    const held = entry;
    return {
      source,
      client: held.client,
      quota,
      ingestContext(store: Store): PollerContext {
        let ctx = held.ingest.get(store);
        if (ctx === undefined) {
          ctx = createPollerContext({ store, sources: [source], poll, quota, maxRetries: 2, env });
          held.ingest.set(store, ctx);
        }
        return ctx;
      },
    };
  });
}
