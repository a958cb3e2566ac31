import { serverStore } from '@/lib/api/store';
import { compareQuerySchema } from '@/lib/schemas/compare';
import { ApiError, withRoute } from '@/lib/server';
import { getStateMachine, queryCompare } from '@/lib/store';

export const dynamic = 'force-dynamic';

// GET /api/compare?stateMachineArn=A&stateMachineArn=B[&…]&from=&to= (DESIGN.md §2.6): per state
// machine, in the order asked, the figures of its executions started in [from, to) (default the
// last 24 h) — counts, success rate, nearest-rank durations, throughput, transitions per execution,
// the cost as its own type and what-if as the other (lib/metrics cost.ts, with its assumptions),
// and a duration histogram over one range of buckets for all. 404 for an unknown state machine.
export const GET = withRoute({ query: compareQuerySchema }, async ({ query }) => {
  const store = await serverStore();
  const machines: Array<{ stateMachineArn: string; type: string }> = [];
  for (const arn of query.stateMachineArns) {
    const machine = await getStateMachine(store, arn);
    if (!machine) throw ApiError.notFound(`state machine not found: ${arn}`);
    machines.push({ stateMachineArn: machine.stateMachineArn, type: machine.type });
  }
  const items = await queryCompare(store, { machines, from: query.from, to: query.to });
  return { from: query.from.toISOString(), to: query.to.toISOString(), items };
});
