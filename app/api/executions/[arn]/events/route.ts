import { z } from 'zod';
import { EVENTS_MAX_LIMIT, getExecutionEvents } from '@/lib/api/executions/get-execution-events';
import { serverStore } from '@/lib/api/store';
import { wholeNumberParam } from '@/lib/schemas/query-values';
import { ApiError, arnParam, repeatedTakesFirst, withRoute } from '@/lib/server';

export const dynamic = 'force-dynamic';

// An empty value means "not given", as the cursor of the first page. The cursor is a position
// in the history (the nextCursor of a previous page); limit is 1 to EVENTS_MAX_LIMIT.
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);
const eventsQuery = repeatedTakesFirst(
  z.object({
    cursor: z.preprocess(blankToUndefined, wholeNumberParam(0, Number.MAX_SAFE_INTEGER, 'must be a cursor from a previous page').optional()),
    limit: z.preprocess(blankToUndefined, wholeNumberParam(1, EVENTS_MAX_LIMIT).optional()),
  }),
);

// GET /api/executions/{arn}/events?cursor=&limit=: the raw history in pages (the event table).
export const GET = withRoute({ params: z.object({ arn: arnParam }), query: eventsQuery }, async ({ params, query }) => {
  const page = await getExecutionEvents(await serverStore(), params.arn, { cursor: query.cursor === undefined ? null : String(query.cursor), limit: query.limit ?? null });
  if (!page) throw ApiError.notFound(`execution not found: ${params.arn}`);
  return page;
});
