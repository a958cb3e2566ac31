// After an action, the target is read from the source again and stored through the one ingest
// path (lib/poller's history fetch → lib/ingest's ingestExecution), so the page shows the new
// state at once instead of at the poller's next cycle. The poller follows it from there (a
// running execution is tracked by the store).
import { getStoredHistoryHead, type Store } from '../store/index.ts';
import { fetchStandardHistory } from '../poller/fetch-standard-history.ts';
import type { ResolvedActionSource } from './action-sources.ts';

export type ReingestOutcome = 'complete' | 'running' | 'expired' | 'unchanged' | 'skipped-express' | 'failed';

export async function reingestTarget(store: Store, via: ResolvedActionSource, target: { executionArn: string; stateMachineArn: string; type: string }): Promise<{ outcome: ReingestOutcome; error: string | null }> {
  // Express executions have no GetExecutionHistory: the poller reads them from CloudWatch Logs.
  if (target.type === 'EXPRESS') return { outcome: 'skipped-express', error: null };
  const ctx = via.ingestContext(store);
  const client = ctx.clients.get(via.source.id);
  const state = ctx.state.get(via.source.id);
  if (!client || !state) return { outcome: 'failed', error: 'no client for the source' };
  try {
    const head = await getStoredHistoryHead(store, target.executionArn);
    const outcome = await fetchStandardHistory(ctx, client, state, null, {
      executionArn: target.executionArn,
      stateMachineArn: target.stateMachineArn,
      startDate: null,
      eventCount: head?.maxEventId ?? 0,
    });
    return { outcome, error: null };
  } catch (error) {
    return { outcome: 'failed', error: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error) };
  }
}
