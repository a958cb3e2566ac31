import { NextResponse } from 'next/server';
import { arnFromRouteParam } from '@/lib/arn/arn-route-param';
import { getExecutionDetail, slimDetail } from '@/lib/api/executions/get-execution-detail';
import { serverStore } from '@/lib/api/store';

export const dynamic = 'force-dynamic';

// ?runs=slim: the runs without their payloads (what the page polls while an execution runs).
export async function GET(request: Request, { params }: { params: Promise<{ arn: string }> }) {
  const executionArn = arnFromRouteParam((await params).arn);
  const detail = await getExecutionDetail(await serverStore(), executionArn);
  if (!detail) return NextResponse.json({ error: `execution not found: ${executionArn}` }, { status: 404 });
  return NextResponse.json(new URL(request.url).searchParams.get('runs') === 'slim' ? slimDetail(detail) : detail);
}
