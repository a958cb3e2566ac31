import { listExecutionsForDisplay } from '@/lib/api/executions/list-executions-for-display';
import { serverStore } from '@/lib/api/store';
import { repeatedAsCommaList, withRoute } from '@/lib/server';
import { executionFiltersSchema } from '@/lib/schemas/execution-filters';
import { countExecutionsByStatus } from '@/lib/store';

export const dynamic = 'force-dynamic';

// GET /api/executions (DESIGN.md §2.3) plus optional error, cluster (§2.5), text, sort and counts=1.
export const GET = withRoute({ query: repeatedAsCommaList(executionFiltersSchema) }, async ({ query }) => {
  const store = await serverStore();
  const { counts, ...filter } = query;
  const [page, byStatus] = await Promise.all([
    listExecutionsForDisplay(store, filter),
    counts
      ? countExecutionsByStatus(store, { stateMachineArn: filter.stateMachineArn, mapRunArn: filter.mapRunArn, error: filter.error, cluster: filter.cluster, q: filter.q, from: filter.from, to: filter.to })
      : Promise.resolve(undefined),
  ]);
  return byStatus === undefined ? page : { ...page, counts: byStatus };
});
