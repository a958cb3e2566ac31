import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { actionsEnabled } from '@/lib/actions/actions-enabled';
import { ExecutionView } from '@/components/execution/execution-view';
import { packDetail, type PackedExecutionDetail } from '@/components/execution/packed-runs';
import { getExecutionDetail, type ExecutionDetail } from '@/lib/api/executions/get-execution-detail';
import { getExecutionRelations } from '@/lib/api/map-runs/get-execution-relations';
import { serverStore } from '@/lib/api/store';
import { arnFromRouteParam } from '@/lib/arn/arn-route-param';
import { buildGraph } from '@/lib/graph/build-graph';
import { layoutGraph } from '@/lib/graph/layout-graph';
import type { GraphLayout } from '@/lib/graph/types';
import { ensureIngested } from '@/lib/poller';

export const dynamic = 'force-dynamic';

/** What the page embeds, per detail (lib/api caches the detail per execution version): built once. */
const embedded = new WeakMap<ExecutionDetail, { packed: PackedExecutionDetail; layout: GraphLayout | null }>();
function embeddedOf(detail: ExecutionDetail): { packed: PackedExecutionDetail; layout: GraphLayout | null } {
  let data = embedded.get(detail);
  if (data === undefined) {
    const layout = detail.definition === null || detail.definition === undefined ? null : layoutGraph(buildGraph(detail.definition), { direction: 'TB' });
    data = { packed: packDetail(detail, { omitPayloads: true }), layout };
    embedded.set(detail, data);
  }
  return data;
}

// The detail is read here (no HTTP round trip) and handed to the client tree as React Query's
// initial data, without the runs' payloads (the step panel fetches its run's) and packed
// (packed-runs.ts) so the HTML stays small; the client
// refetches /api/executions/{arn}?runs=slim only while the execution runs. The graph's layout is
// computed here too (lib/graph memoises it per definition), so hydrating the page lays nothing out.
export default async function ExecutionPage({ params }: { params: Promise<{ arn: string }> }) {
  const executionArn = arnFromRouteParam((await params).arn);
  const store = await serverStore();
  await ensureIngested(store, executionArn);
  const detail = await getExecutionDetail(store, executionArn);
  if (!detail) notFound();
  const { packed, layout } = embeddedOf(detail);
  // DESIGN.md §2.9: read per request (not cached with the detail): a Map Run's counts and the
  // children's stored statuses change while this execution's own events do not.
  const relations = await getExecutionRelations(store, executionArn);
  return (
    <Suspense fallback={<p className="muted">Loading execution…</p>}>
      <ExecutionView executionArn={executionArn} initialDetail={packed} initialLayout={layout} initialRelations={relations} actionsOn={actionsEnabled()} />
    </Suspense>
  );
}
