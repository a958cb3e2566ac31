import Link from 'next/link';
import { Suspense } from 'react';
import { ExecutionsExplorer } from '@/components/executions/executions-explorer';
import { arnFromRouteParam } from '@/lib/arn/arn-route-param';
import { stateMachineNameFromArn } from '@/lib/arn/state-machine-arn';

export const dynamic = 'force-dynamic';

export default async function StateMachinePage({ params }: { params: Promise<{ arn: string }> }) {
  const stateMachineArn = arnFromRouteParam((await params).arn);
  return (
    <>
      <p className="muted">
        <Link href="/">State machines</Link> ›
      </p>
      <h1>{stateMachineNameFromArn(stateMachineArn)}</h1>
      <p className="muted mono">{stateMachineArn}</p>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <ExecutionsExplorer fixedStateMachineArn={stateMachineArn} />
      </Suspense>
    </>
  );
}
