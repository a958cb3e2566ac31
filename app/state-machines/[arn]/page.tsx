import { ExecutionListView } from '@/components/execution-list-view';
import { arnFromRouteParam, arnRouteSegment } from '@/lib/arn/arn-route-param';
import { stateMachineNameFromArn } from '@/lib/arn/state-machine-arn';

export const dynamic = 'force-dynamic';

export default async function StateMachinePage({
  params,
  searchParams,
}: {
  params: Promise<{ arn: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const stateMachineArn = arnFromRouteParam((await params).arn);
  return (
    <>
      <h1>{stateMachineNameFromArn(stateMachineArn)}</h1>
      <p className="muted mono">{stateMachineArn}</p>
      <ExecutionListView basePath={`/state-machines/${arnRouteSegment(stateMachineArn)}`} searchParams={await searchParams} stateMachineArn={stateMachineArn} />
    </>
  );
}
