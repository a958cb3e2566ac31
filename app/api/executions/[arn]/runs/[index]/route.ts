import { NextResponse } from 'next/server';
import { arnFromRouteParam } from '@/lib/arn/arn-route-param';
import { getStateRunDetail } from '@/lib/api/executions/get-execution-detail';
import { serverStore } from '@/lib/api/store';

export const dynamic = 'force-dynamic';

/** One state run of the analysis with its input, output and attempt payloads (the page embeds runs without them). */
export async function GET(_request: Request, { params }: { params: Promise<{ arn: string; index: string }> }) {
  const { arn, index } = await params;
  const executionArn = arnFromRouteParam(arn);
  if (!/^\d+$/.test(index)) return NextResponse.json({ error: 'index: must be a run index (0-based integer)' }, { status: 400 });
  const run = await getStateRunDetail(await serverStore(), executionArn, Number(index));
  if (!run) return NextResponse.json({ error: `no run ${index} in execution ${executionArn}` }, { status: 404 });
  return NextResponse.json(run);
}
