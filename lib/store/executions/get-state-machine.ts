import { internalsOf } from '../db/internals.ts';
import type { Store } from '../types.ts';

/** A stored state machine's identity (routes answer 404 for an unknown ARN); null when unknown. */
export async function getStateMachine(store: Store, stateMachineArn: string): Promise<{ stateMachineArn: string; name: string; type: string } | null> {
  const { client } = internalsOf(store);
  return client.stateMachine.findUnique({ where: { stateMachineArn }, select: { stateMachineArn: true, name: true, type: true } });
}
