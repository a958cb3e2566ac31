import { displayRedaction, redactStoredText } from '../display-redaction.ts';
import { listStateMachines, stateMachineStats, type StateMachineStats, type StateMachineSummary, type Store } from '../../store/index.ts';

export interface StateMachineWithStats extends StateMachineSummary {
  stats: StateMachineStats;
}

/** GET /api/state-machines?stats=1: each state machine with its recent success rate, last failure and hourly volume. */
export async function listStateMachinesWithStats(store: Store, now = new Date()): Promise<StateMachineWithStats[]> {
  const machines = await listStateMachines(store);
  const stats = await stateMachineStats(store, machines.map((m) => m.stateMachineArn), now);
  const rules = displayRedaction();
  return machines.map((machine) => {
    const found = stats[machine.stateMachineArn] ?? { recent: {}, successRate: null, lastFailure: null, perHour: new Array<number>(24).fill(0) };
    // The last failure's cause is shown on the home page: redacted like every payload (README "Redaction").
    const lastFailure = found.lastFailure === null ? null : { ...found.lastFailure, cause: redactStoredText(found.lastFailure.cause, rules) };
    return { ...machine, stats: { ...found, lastFailure } };
  });
}
