import { NextResponse } from 'next/server';
import { arnFromRouteParam } from '@/lib/arn/arn-route-param';
import { getExecutionDetail, slimDetail } from '@/lib/api/executions/get-execution-detail';
import { serverStore } from '@/lib/api/store';
import { ensureIngested } from '@/lib/poller';

export const dynamic = 'force-dynamic';

// ?runs=slim: the runs without their payloads (what the page polls while an execution runs).
export async function GET(request: Request, { params }: { params: Promise<{ arn: string }> }) {
  const executionArn = arnFromRouteParam((await params).arn);
  const store = await serverStore();
  await ensureIngested(store, executionArn);
  const detail = await getExecutionDetail(store, executionArn);
  if (!detail) return NextResponse.json({ error: `execution not found: ${executionArn}` }, { status: 404 });
  return NextResponse.json(new URL(request.url).searchParams.get('runs') === 'slim' ? slimDetail(detail) : detail);
}
