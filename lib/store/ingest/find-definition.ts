import { internalsOf } from '../db/internals.ts';
import type { Store } from '../types.ts';

/**
 * The ASL text an execution is analysed with: that of `revisionId` (the revision it ran), or,
 * when the revision is unknown (null), the state machine's current revision. Null when neither
 * is stored. The same rule as getExecutionForAnalysis, so ingest and reanalyze agree.
 */
export async function findDefinition(store: Store, stateMachineArn: string, revisionId: string | null): Promise<string | null> {
  const { client } = internalsOf(store);
  let revision = revisionId;
  if (revision === null) {
    const machine = await client.stateMachine.findUnique({ where: { stateMachineArn }, select: { currentRevisionId: true } });
    revision = machine?.currentRevisionId ?? null;
  }
  if (revision === null) return null;
  const row = await client.definitionRevision.findUnique({
    where: { stateMachineArn_revisionId: { stateMachineArn, revisionId: revision } },
    select: { definition: true },
  });
  return row?.definition ?? null;
}
