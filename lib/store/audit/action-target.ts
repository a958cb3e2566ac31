// What an action needs to know of its target before asking AWS (lib/actions): one row, no events.
import { internalsOf } from '../db/internals.ts';
import type { Store } from '../types.ts';

export interface ActionTarget {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  /** 'STANDARD' | 'EXPRESS' (the state machine's). */
  type: string;
  /** Epoch ms. */
  startDate: number | null;
  stopDate: number | null;
  redriveCount: number;
  eventCount: number;
  mapRunArn: string | null;
  /** The configured source the state machine was discovered through, when known. */
  sourceId: string | null;
}

export async function getActionTarget(store: Store, executionArn: string): Promise<ActionTarget | null> {
  const { client } = internalsOf(store);
  const row = await client.execution.findUnique({
    where: { executionArn },
    select: {
      executionArn: true,
      stateMachineArn: true,
      name: true,
      status: true,
      startDate: true,
      stopDate: true,
      redriveCount: true,
      eventCount: true,
      mapRunArn: true,
      stateMachine: { select: { type: true, sourceId: true } },
    },
  });
  if (row === null) return null;
  return {
    executionArn: row.executionArn,
    stateMachineArn: row.stateMachineArn,
    name: row.name,
    status: row.status,
    type: row.stateMachine.type,
    startDate: row.startDate?.getTime() ?? null,
    stopDate: row.stopDate?.getTime() ?? null,
    redriveCount: row.redriveCount,
    eventCount: row.eventCount,
    mapRunArn: row.mapRunArn,
    sourceId: row.stateMachine.sourceId,
  };
}
