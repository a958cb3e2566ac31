import { z } from 'zod';
import { getExecutionDetail, slimDetail } from '@/lib/api/executions/get-execution-detail';
import { getExecutionRelations } from '@/lib/api/map-runs/get-execution-relations';
import { serverStore } from '@/lib/api/store';
import { ensureIngested } from '@/lib/poller';
import { ApiError, arnParam, repeatedTakesFirst, streamedJsonResponse, withRoute } from '@/lib/server';

export const dynamic = 'force-dynamic';

// GET /api/executions/{arn} (DESIGN.md §2.3): the execution, its analysis and its definition.
// ?runs=slim: the runs without their payloads (what the page polls while an execution runs).
export const GET = withRoute({ params: z.object({ arn: arnParam }), query: repeatedTakesFirst(z.object({ runs: z.string().optional() })) }, async ({ params, query }) => {
  const store = await serverStore();
  await ensureIngested(store, params.arn);
  const detail = await getExecutionDetail(store, params.arn);
  if (!detail) throw ApiError.notFound(`execution not found: ${params.arn}`);
  // DESIGN.md §2.9: mapRuns, parentExecutionArn (and the links behind them, both ways).
  const relations = await getExecutionRelations(store, params.arn);
  // Streamed: with its runs' payloads the answer is tens of MB for the biggest executions
  // (~60 MB at 48,000 events), which would otherwise also exist once more as one string.
  return streamedJsonResponse({ ...(query.runs === 'slim' ? slimDetail(detail) : detail), ...relations });
});
