import { z } from 'zod';
import { serverStore } from '@/lib/api/store';
import { windowQuerySchema } from '@/lib/schemas/window';
import { ApiError, arnParam, repeatedTakesFirst, withRoute } from '@/lib/server';
import { getStateMachine, queryStateStats } from '@/lib/store';

export const dynamic = 'force-dynamic';

// GET /api/state-machines/{arn}/states?from=&to= (DESIGN.md §2.5): per state name, its runs in the
// window [from, to) on the execution's startDate (default the last 24 h), from StateRun rows in SQL.
export const GET = withRoute(
  { params: z.object({ arn: arnParam }), query: repeatedTakesFirst(windowQuerySchema) },
  async ({ params, query }) => {
    const store = await serverStore();
    if (!(await getStateMachine(store, params.arn))) throw ApiError.notFound(`state machine not found: ${params.arn}`);
    const stats = await queryStateStats(store, { stateMachineArn: params.arn, from: query.from, to: query.to });
    return { from: query.from.toISOString(), to: query.to.toISOString(), ...stats };
  },
);
