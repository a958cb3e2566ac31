import { NextResponse } from 'next/server';
import { arnFromRouteParam } from '@/lib/arn/arn-route-param';
import { getExecutionEvents } from '@/lib/api/executions/get-execution-events';
import { serverStore } from '@/lib/api/store';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ arn: string }> }) {
  const executionArn = arnFromRouteParam((await params).arn);
  const url = new URL(request.url);
  const cursor = url.searchParams.get('cursor');
  const limitText = url.searchParams.get('limit');
  if (cursor !== null && cursor !== '' && !/^\d+$/.test(cursor)) return NextResponse.json({ error: 'cursor: must be a cursor from a previous page' }, { status: 400 });
  if (limitText !== null && limitText !== '' && !/^\d+$/.test(limitText)) return NextResponse.json({ error: 'limit: must be a positive integer' }, { status: 400 });
  const page = await getExecutionEvents(await serverStore(), executionArn, { cursor, limit: limitText ? Number(limitText) : null });
  if (!page) return NextResponse.json({ error: `execution not found: ${executionArn}` }, { status: 404 });
  return NextResponse.json(page);
}
