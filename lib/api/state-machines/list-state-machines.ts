import { listStateMachines, stateMachineStats, type StateMachineStats, type StateMachineSummary, type Store } from '../../store/index.ts';

export interface StateMachineWithStats extends StateMachineSummary {
  stats: StateMachineStats;
}

/** GET /api/state-machines?stats=1: each state machine with its recent success rate, last failure and hourly volume. */
export async function listStateMachinesWithStats(store: Store, now = new Date()): Promise<StateMachineWithStats[]> {
  const machines = await listStateMachines(store);
  const stats = await stateMachineStats(store, machines.map((m) => m.stateMachineArn), now);
  return machines.map((machine) => ({
    ...machine,
    stats: stats[machine.stateMachineArn] ?? { recent: {}, successRate: null, lastFailure: null, perHour: new Array<number>(24).fill(0) },
  }));
}
