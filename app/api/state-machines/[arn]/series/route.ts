import { z } from 'zod';
import { serverStore } from '@/lib/api/store';
import { seriesQuerySchema } from '@/lib/schemas/window';
import { ApiError, arnParam, repeatedTakesFirst, withRoute } from '@/lib/server';
import { getStateMachine, queryExecutionSeries } from '@/lib/store';

export const dynamic = 'force-dynamic';

// GET /api/state-machines/{arn}/series?from=&to=&bucket= (DESIGN.md §2.5): executions started per
// UTC-aligned bucket of [from, to) (default the last 24 h, 1h buckets), by status, with nearest-rank
// duration percentiles; and the machine's definition revisions first seen before `to`.
export const GET = withRoute({ params: z.object({ arn: arnParam }), query: repeatedTakesFirst(seriesQuerySchema) }, async ({ params, query }) => {
  const store = await serverStore();
  if (!(await getStateMachine(store, params.arn))) throw ApiError.notFound(`state machine not found: ${params.arn}`);
  const series = await queryExecutionSeries(store, { stateMachineArn: params.arn, from: query.from, to: query.to, bucketMs: query.bucketMs });
  return {
    items: series.items.map(({ start, ...bucket }) => ({ start: new Date(start).toISOString(), ...bucket })),
    revisions: series.revisions.map((mark) => ({ revisionId: mark.revisionId, firstSeen: new Date(mark.firstSeen).toISOString() })),
  };
});
