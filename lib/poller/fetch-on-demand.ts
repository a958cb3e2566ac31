// On-demand fetch of one execution the user opened before the poller got to it (DESIGN.md
// §2.3: "An execution known to the source but not yet ingested is fetched on demand").
// In the process that runs the poller, the API goes through the active poller (its token
// buckets and stats); elsewhere fetchExecutionOnDemand builds a short-lived context.
import { isTerminal } from '../history/index.ts';
import { parseExecutionArn } from '../arn/state-machine-arn.ts';
import { AwsError } from '../aws/index.ts';
import { resolveSources, type SourceConfig } from '../config/index.ts';
import { getStoredHistoryHead, markExecutionExpired, type Store } from '../store/index.ts';
import { fetchStandardHistory } from './fetch-standard-history.ts';
import { createPollerContext, type PollerContext } from './poller-context.ts';

interface ActivePoller {
  fetchExecution(executionArn: string): Promise<boolean>;
}

const ACTIVE = Symbol.for('steplens.poller.active');
const registry = globalThis as typeof globalThis & { [ACTIVE]?: Set<ActivePoller> };

export function registerActivePoller(poller: ActivePoller): void {
  (registry[ACTIVE] ??= new Set()).add(poller);
}

export function unregisterActivePoller(poller: ActivePoller): void {
  registry[ACTIVE]?.delete(poller);
}

/**
 * Makes the store hold what the source has of one execution before someone reads it (the
 * execution page and GET /api/executions/{arn} call it first): an execution not stored yet, or
 * one listed as finished whose history is not fully read (the poller is behind, e.g. during a
 * backfill), is fetched now, so the analysis agrees with the status the list shows. Imported
 * partial histories, expired and running executions have nothing more to fetch. Returns whether
 * the store has the execution. Never throws: a source that cannot be reached must not turn a
 * 404 into a 500, but the operator learns why from the log.
 */
export async function ensureIngested(
  store: Store,
  executionArn: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd = process.cwd(),
): Promise<boolean> {
  const head = await getStoredHistoryHead(store, executionArn);
  const awaitsRest = head !== null && !head.historyComplete && !head.partial && !head.expired && isTerminal(head.status);
  if (head !== null && !awaitsRest) return true;
  try {
    return (await fetchExecutionOnDemand(store, executionArn, env, cwd)) || head !== null;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.error(`steplens: on-demand fetch of ${executionArn} failed: ${message}`);
    return head !== null;
  }
}

/**
 * Fetches one Standard execution's history into the store now, through the running poller when
 * there is one in this process, else through the configured sources. Returns true when stored.
 * Express executions cannot be fetched by ARN (they exist only in CloudWatch Logs): false.
 */
export async function fetchExecutionOnDemand(store: Store, executionArn: string, env: Readonly<Record<string, string | undefined>> = process.env, cwd = process.cwd()): Promise<boolean> {
  const active = registry[ACTIVE]?.values().next().value;
  if (active) return active.fetchExecution(executionArn);
  const resolved = resolveSources(env, cwd);
  if (!resolved.configured) return false;
  const ctx = createPollerContext({ store, sources: resolved.config.sources, poll: resolved.config.poll, quota: resolved.config.quota, maxRetries: 2 });
  try {
    return await fetchExecution(ctx, executionArn);
  } finally {
    await Promise.all([...ctx.clients.values()].map((c) => c.close()));
  }
}

/**
 * Tries the sources whose Region matches the ARN; the first that has the execution wins. Only
 * when every source asked answers ExecutionDoesNotExist is the stored execution flagged expired:
 * with two sources in one Region, the one tried first need not be the one that has it.
 */
export async function fetchExecution(ctx: PollerContext, executionArn: string): Promise<boolean> {
  const parts = parseExecutionArn(executionArn);
  if (!parts || parts.type === 'EXPRESS') return false;
  const stored = await getStoredHistoryHead(ctx.store, executionArn);
  if (stored?.historyComplete) return true;
  const candidates = ctx.sources.filter((s: SourceConfig) => s.region === parts.region);
  let expiredAnswers = 0;
  for (const source of candidates) {
    const client = ctx.clients.get(source.id);
    const state = ctx.state.get(source.id);
    if (!client || !state) continue;
    const machine = state.machines.find((m) => m.stateMachineArn === parts.stateMachineArn) ?? null;
    try {
      const outcome = await fetchStandardHistory(ctx, client, state, machine, {
        executionArn,
        stateMachineArn: parts.stateMachineArn,
        startDate: null,
        eventCount: stored?.maxEventId ?? 0,
        markExpired: false,
      });
      if (outcome !== 'expired') return true;
      expiredAnswers += 1;
    } catch (error) {
      if (error instanceof AwsError && (error.kind === 'not-found' || error.kind === 'unsupported' || error.kind === 'access-denied')) continue;
      throw error;
    }
  }
  if (expiredAnswers > 0) await markExecutionExpired(ctx.store, executionArn);
  return false;
}
