import { z } from 'zod';
import { serverStore } from '@/lib/api/store';
import { seriesBucketOf, seriesRequestQuerySchema } from '@/lib/schemas/window';
import { ApiError, arnParam, repeatedTakesFirst, withRoute } from '@/lib/server';
import { getStateMachine, queryStateDetail, resolveWindowRequest } from '@/lib/store';

export const dynamic = 'force-dynamic';

// GET /api/state-machines/{arn}/states/{stateName}?from=&to=|last=&bucket= (the state panel; figures
// defined by lib/metrics computeStateDetail): the state's runs over time, duration histogram, top
// errors, slowest and most recent failed runs, over the executions started in the window.
// Next.js hands route handlers decoded segments: the state name is used as it arrives.
export const GET = withRoute(
  { params: z.object({ arn: arnParam, stateName: z.string().min(1, 'must name a state') }), query: repeatedTakesFirst(seriesRequestQuerySchema) },
  async ({ params, query }) => {
    const store = await serverStore();
    if (!(await getStateMachine(store, params.arn))) throw ApiError.notFound(`state machine not found: ${params.arn}`);
    const window = await resolveWindowRequest(store, params.arn, query.window);
    const picked = seriesBucketOf(window, query.bucket);
    if ('error' in picked) throw ApiError.badRequest('bucket', picked.error);
    const detail = await queryStateDetail(store, { stateMachineArn: params.arn, stateName: params.stateName, ...window, bucketMs: picked.bucketMs });
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      stateName: params.stateName,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      bucket: picked.bucket,
      series: detail.series.map(({ start, ...bucket }) => ({ start: iso(start), ...bucket })),
      histogram: detail.histogram,
      unknownDurations: detail.unknownDurations,
      errors: detail.errors,
      slowest: detail.slowest.map((ref) => ({ ...ref, startDate: iso(ref.startDate) })),
      recentFailures: detail.recentFailures.map((ref) => ({ ...ref, startDate: iso(ref.startDate) })),
    };
  },
);
