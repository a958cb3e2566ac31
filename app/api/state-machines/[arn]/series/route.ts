import { z } from 'zod';
import { serverStore } from '@/lib/api/store';
import { seriesBucketOf, seriesRequestQuerySchema } from '@/lib/schemas/window';
import { ApiError, arnParam, repeatedTakesFirst, withRoute } from '@/lib/server';
import { getStateMachine, queryExecutionSeries, resolveWindowRequest } from '@/lib/store';

export const dynamic = 'force-dynamic';

// GET /api/state-machines/{arn}/series?from=&to=|last=&bucket= (DESIGN.md §2.5): executions started
// per UTC-aligned bucket of [from, to) (default the last 24 h, 1h buckets; `last=N` the N newest
// executions; `bucket=auto` the smallest size giving at most AUTO_SERIES_BUCKETS), by status, with
// nearest-rank duration percentiles; and the machine's definition revisions first seen before `to`.
// The answer names the window and bucket it used (from, to, bucket).
export const GET = withRoute({ params: z.object({ arn: arnParam }), query: repeatedTakesFirst(seriesRequestQuerySchema) }, async ({ params, query }) => {
  const store = await serverStore();
  if (!(await getStateMachine(store, params.arn))) throw ApiError.notFound(`state machine not found: ${params.arn}`);
  const window = await resolveWindowRequest(store, params.arn, query.window);
  const picked = seriesBucketOf(window, query.bucket);
  if ('error' in picked) throw ApiError.badRequest('bucket', picked.error);
  const series = await queryExecutionSeries(store, { stateMachineArn: params.arn, from: window.from, to: window.to, bucketMs: picked.bucketMs });
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    bucket: picked.bucket,
    items: series.items.map(({ start, ...bucket }) => ({ start: new Date(start).toISOString(), ...bucket })),
    revisions: series.revisions.map((mark) => ({ revisionId: mark.revisionId, firstSeen: new Date(mark.firstSeen).toISOString() })),
  };
});
