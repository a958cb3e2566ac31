import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { ExecutionsExplorer } from '@/components/executions/executions-explorer';
import { StateMachineHealth } from '@/components/state-machine/machine-health';
import { displayRedaction, redactStoredDefinition } from '@/lib/api/display-redaction';
import { serverStore } from '@/lib/api/store';
import { arnFromRouteParam } from '@/lib/arn/arn-route-param';
import { stateMachineNameFromArn } from '@/lib/arn/state-machine-arn';
import { findDefinition, getStateMachine } from '@/lib/store';

export const dynamic = 'force-dynamic';

// The workflow's health page: the window's per-state heatmap on the graph of the current
// definition (read here, once per page load), the state panel and the trends (client-side, from
// the §2.5 routes), then the machine's executions.
export default async function StateMachinePage({ params }: { params: Promise<{ arn: string }> }) {
  const stateMachineArn = arnFromRouteParam((await params).arn);
  const store = await serverStore();
  // An ARN the store does not hold (mistyped, or hostile) is the 404 page, as for an execution.
  if (!(await getStateMachine(store, stateMachineArn))) notFound();
  const definition = redactStoredDefinition(await findDefinition(store, stateMachineArn, null), displayRedaction());
  const name = stateMachineNameFromArn(stateMachineArn);
  return (
    <>
      <p className="muted">
        <Link href="/">State machines</Link> ›
      </p>
      <h1>{name}</h1>
      <p className="muted mono">{stateMachineArn}</p>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <StateMachineHealth stateMachineArn={stateMachineArn} definition={definition} name={name} />
      </Suspense>
      <h2>Executions</h2>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <ExecutionsExplorer fixedStateMachineArn={stateMachineArn} />
      </Suspense>
    </>
  );
}
