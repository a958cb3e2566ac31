// Discovery: ListStateMachines, then DescribeStateMachine for each (type, loggingConfiguration,
// revisionId, definition). The current definition is stored as a revision of the machine.
import type { SourceClient } from '../aws/index.ts';
import { definitionRevisionId, recordListedExecutions } from '../store/index.ts';
import { storeSourceOf, type KnownStateMachine, type PollerContext } from './poller-context.ts';

export async function discoverStateMachines(ctx: PollerContext, client: SourceClient): Promise<KnownStateMachine[]> {
  const source = client.source;
  const listed: Array<{ stateMachineArn: string; name: string; type: string }> = [];
  let token: string | null = null;
  do {
    const page = await client.listStateMachines(token);
    listed.push(...page.items);
    token = page.nextToken;
  } while (token !== null && !ctx.stopping);

  const machines: KnownStateMachine[] = [];
  for (const item of listed) {
    if (ctx.stopping) break;
    const described = await client.describeStateMachine(item.stateMachineArn);
    const key = described.revisionId ?? (described.definition ? definitionRevisionId(described.definition) : null);
    const machine: KnownStateMachine = {
      stateMachineArn: item.stateMachineArn,
      name: described.name || item.name,
      type: described.type || item.type,
      logging: described.loggingConfiguration,
      currentRevisionKey: key,
      currentSeenAt: Date.now(),
    };
    await recordListedExecutions(ctx.store, {
      source: storeSourceOf(source),
      stateMachine: {
        stateMachineArn: machine.stateMachineArn,
        name: machine.name,
        type: machine.type,
        loggingConfiguration: described.rawLoggingConfiguration,
        definition: described.definition || null,
        revisionId: key,
      },
      executions: [],
    });
    machines.push(machine);
  }
  return machines;
}

/** Re-reads one machine's current revision (cheap: DescribeStateMachine refills at 20/s). */
export async function refreshCurrentRevision(client: SourceClient, machine: KnownStateMachine): Promise<void> {
  const described = await client.describeStateMachine(machine.stateMachineArn);
  machine.currentRevisionKey = described.revisionId ?? (described.definition ? definitionRevisionId(described.definition) : null);
  machine.currentSeenAt = Date.now();
  machine.logging = described.loggingConfiguration;
}
