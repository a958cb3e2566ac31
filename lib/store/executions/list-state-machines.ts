import { internalsOf } from '../db/internals.ts';
import type { StateMachineSummary, Store } from '../types.ts';

/** Every stored state machine (by name, then ARN) with its execution counts per status. */
export async function listStateMachines(store: Store): Promise<StateMachineSummary[]> {
  const { client } = internalsOf(store);
  const [machines, groups] = await Promise.all([
    client.stateMachine.findMany({
      select: { stateMachineArn: true, name: true, type: true },
      orderBy: [{ name: 'asc' }, { stateMachineArn: 'asc' }],
    }),
    // Served from the (stateMachineArn, startDate, executionArn) / (status, …) indexes.
    client.execution.groupBy({ by: ['stateMachineArn', 'status'], _count: { _all: true } }),
  ]);
  const counts = new Map<string, Record<string, number>>();
  for (const group of groups) {
    const forMachine = counts.get(group.stateMachineArn) ?? {};
    forMachine[group.status] = group._count._all;
    counts.set(group.stateMachineArn, forMachine);
  }
  return machines.map((m) => ({ ...m, counts: counts.get(m.stateMachineArn) ?? {} }));
}
