import { z } from 'zod';
import { getExecutionEvents } from '@/lib/api/executions/get-execution-events';
import { serverStore } from '@/lib/api/store';
import { ApiError, arnParam, repeatedTakesFirst, withRoute } from '@/lib/server';

export const dynamic = 'force-dynamic';

// An empty value means "not given", as the cursor of the first page.
const eventsQuery = repeatedTakesFirst(
  z.object({
    cursor: z.string().regex(/^\d*$/, 'must be a cursor from a previous page').optional(),
    limit: z.string().regex(/^\d*$/, 'must be a positive integer').optional(),
  }),
);

// GET /api/executions/{arn}/events?cursor=&limit=: the raw history in pages (the event table).
export const GET = withRoute({ params: z.object({ arn: arnParam }), query: eventsQuery }, async ({ params, query }) => {
  const page = await getExecutionEvents(await serverStore(), params.arn, { cursor: query.cursor ?? null, limit: query.limit ? Number(query.limit) : null });
  if (!page) throw ApiError.notFound(`execution not found: ${params.arn}`);
  return page;
});
