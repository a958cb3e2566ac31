import { z } from 'zod';
import { getStateRunDetail } from '@/lib/api/executions/get-execution-detail';
import { serverStore } from '@/lib/api/store';
import { ApiError, arnParam, runIndexParam, withRoute } from '@/lib/server';

export const dynamic = 'force-dynamic';

// GET /api/executions/{arn}/runs/{index}: one state run of the analysis with its input, output
// and attempt payloads (the page embeds runs without them).
export const GET = withRoute({ params: z.object({ arn: arnParam, index: runIndexParam }) }, async ({ params }) => {
  const run = await getStateRunDetail(await serverStore(), params.arn, Number(params.index));
  if (!run) throw ApiError.notFound(`no run ${params.index} in execution ${params.arn}`);
  return run;
});
