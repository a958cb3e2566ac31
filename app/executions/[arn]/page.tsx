import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { ExecutionView } from '@/components/execution/execution-view';
import { packDetail } from '@/components/execution/packed-runs';
import { getExecutionDetail, slimDetail } from '@/lib/api/executions/get-execution-detail';
import { serverStore } from '@/lib/api/store';
import { arnFromRouteParam } from '@/lib/arn/arn-route-param';
import { ensureIngested } from '@/lib/poller';

export const dynamic = 'force-dynamic';

// The detail is read here (no HTTP round trip) and handed to the client tree as React Query's
// initial data, without the runs' payloads (the step panel fetches its run's) and packed
// (packed-runs.ts) so the HTML stays small; the client
// refetches /api/executions/{arn}?runs=slim only while the execution runs.
export default async function ExecutionPage({ params }: { params: Promise<{ arn: string }> }) {
  const executionArn = arnFromRouteParam((await params).arn);
  const store = await serverStore();
  await ensureIngested(store, executionArn);
  const detail = await getExecutionDetail(store, executionArn);
  if (!detail) notFound();
  return (
    <Suspense fallback={<p className="muted">Loading execution…</p>}>
      <ExecutionView executionArn={executionArn} initialDetail={packDetail(slimDetail(detail))} />
    </Suspense>
  );
}
