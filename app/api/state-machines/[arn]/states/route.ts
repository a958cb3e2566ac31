import { z } from 'zod';
import { serverStore } from '@/lib/api/store';
import { windowRequestQuerySchema } from '@/lib/schemas/window';
import { ApiError, arnParam, repeatedTakesFirst, withRoute } from '@/lib/server';
import { getStateMachine, queryStateStats, resolveWindowRequest } from '@/lib/store';

export const dynamic = 'force-dynamic';

// GET /api/state-machines/{arn}/states?from=&to= | ?last=N (DESIGN.md §2.5): per state name, its
// runs in the window [from, to) on the execution's startDate (default the last 24 h; `last=N`: the
// N newest executions, resolved by the store and answered as from/to), from StateRun rows in SQL.
export const GET = withRoute(
  { params: z.object({ arn: arnParam }), query: repeatedTakesFirst(windowRequestQuerySchema) },
  async ({ params, query }) => {
    const store = await serverStore();
    if (!(await getStateMachine(store, params.arn))) throw ApiError.notFound(`state machine not found: ${params.arn}`);
    const window = await resolveWindowRequest(store, params.arn, query);
    const stats = await queryStateStats(store, { stateMachineArn: params.arn, from: window.from, to: window.to });
    return { from: window.from.toISOString(), to: window.to.toISOString(), ...stats };
  },
);
