import { displayRedaction, redactStoredText } from '@/lib/api/display-redaction';
import { serverStore } from '@/lib/api/store';
import { failureClustersQuerySchema } from '@/lib/schemas/failure-clusters';
import { ApiError, repeatedTakesFirst, withRoute } from '@/lib/server';
import { getStateMachine, queryFailureClusters } from '@/lib/store';

export const dynamic = 'force-dynamic';

// GET /api/failure-clusters?stateMachineArn=&from=&to=&limit= (DESIGN.md §2.5): the FAILED and
// TIMED_OUT executions started in [from, to) (default the last 24 h), of one state machine or
// all, grouped by failing state, error and normalised cause, largest first. `failures` is the
// window's failed + timed-out total (every one is in exactly one cluster); `clusters` how many
// there are before `limit`; sparkline[i] counts members started in
// [from + i·sparklineSliceMs, from + (i+1)·sparklineSliceMs). Members: GET /api/executions?cluster={id}.
export const GET = withRoute({ query: repeatedTakesFirst(failureClustersQuerySchema) }, async ({ query }) => {
  const store = await serverStore();
  if (query.stateMachineArn !== undefined && !(await getStateMachine(store, query.stateMachineArn))) {
    throw ApiError.notFound(`state machine not found: ${query.stateMachineArn}`);
  }
  const result = await queryFailureClusters(store, query);
  const rules = displayRedaction();
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    failures: result.failures,
    clusters: result.clusters,
    sparklineSliceMs: result.sparklineSliceMs,
    items: result.items.map(({ firstSeen, lastSeen, ...cluster }) => ({
      ...cluster,
      // Normalising masks quoted values and ids, not the words of a message ("password=hunter2").
      causePattern: redactStoredText(cluster.causePattern, rules) ?? '',
      firstSeen: new Date(firstSeen).toISOString(),
      lastSeen: new Date(lastSeen).toISOString(),
    })),
  };
});
