import { z } from 'zod';
import { getMapRunDetail } from '@/lib/api/map-runs/get-map-run-detail';
import { serverStore } from '@/lib/api/store';
import { ApiError, arnParam, withRoute } from '@/lib/server';

export const dynamic = 'force-dynamic';

// GET /api/map-runs/{arn} (DESIGN.md §2.9): a Distributed Map run as the poller last described it,
// its parent and its stored children per status; the children: GET /api/executions?mapRunArn=.
export const GET = withRoute({ params: z.object({ arn: arnParam }) }, async ({ params }) => {
  const detail = await getMapRunDetail(await serverStore(), params.arn);
  if (!detail) throw ApiError.notFound(`Map Run not found: ${params.arn}`);
  return detail;
});
