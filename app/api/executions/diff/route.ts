import { getExecutionDiff } from '@/lib/api/executions/get-execution-diff';
import { serverStore } from '@/lib/api/store';
import { ensureIngested } from '@/lib/poller';
import { executionDiffQuerySchema } from '@/lib/schemas/execution-diff';
import { ApiError, withRoute } from '@/lib/server';

export const dynamic = 'force-dynamic';

// GET /api/executions/diff?a={arn}&b={arn} (DESIGN.md §2.6): execution A against execution B —
// the states each took, their outcomes side by side, the first divergence, and JSON diffs of the
// inputs, outputs and each paired run's input and output (lib/metrics diffExecutions). Either may
// belong to another state machine (states are then matched by name). 404 names the one not found.
export const GET = withRoute({ query: executionDiffQuerySchema }, async ({ query }) => {
  const store = await serverStore();
  await ensureIngested(store, query.a);
  if (query.b !== query.a) await ensureIngested(store, query.b);
  const lookup = await getExecutionDiff(store, query.a, query.b);
  if (!lookup.found) throw ApiError.notFound(`execution not found: ${lookup.missing}=${lookup.executionArn}`);
  return lookup.detail.diff;
});
