// The `cluster` filter names a failure cluster by id. An analysed member's row carries that id
// (Execution.clusterId), but a machine's unanalysed cluster (lib/metrics unanalysedClusterKey:
// its FAILED and TIMED_OUT executions nothing was derived for yet) is a digest of the machine's
// ARN that no row holds and SQL cannot compute, so it is resolved here against the stored state
// machines, once per call.
import { unanalysedClusterKey } from '../../metrics/index.ts';
import { internalsOf } from '../db/internals.ts';
import type { Store } from '../types.ts';
import type { ExecutionScope } from './execution-filter-sql.ts';

export async function resolveClusterScope<Q extends ExecutionScope>(store: Store, query: Q): Promise<Q> {
  if (query.cluster === undefined || query.unanalysedClusterOf !== undefined) return query;
  const { client } = internalsOf(store);
  const machines = await client.$queryRawUnsafe<Array<{ stateMachineArn: string }>>(`SELECT "stateMachineArn" FROM "StateMachine"`);
  const owner = machines.find((machine) => unanalysedClusterKey(machine.stateMachineArn).id === query.cluster);
  return owner === undefined ? query : { ...query, unanalysedClusterOf: owner.stateMachineArn };
}
