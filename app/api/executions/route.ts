import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { parseListExecutionsQuery } from '@/lib/api/executions/list-executions-query';
import { serverStore } from '@/lib/api/store';
import { InvalidCursorError, countExecutionsByStatus, listExecutions } from '@/lib/store';

export const dynamic = 'force-dynamic';

// GET /api/executions (DESIGN.md §2.3) plus optional error, text, sort and counts=1.
export async function GET(request: NextRequest) {
  const parsed = parseListExecutionsQuery(request.nextUrl.searchParams);
  if (!parsed.ok) return NextResponse.json({ error: parsed.error }, { status: 400 });
  try {
    const store = await serverStore();
    const { counts, ...query } = parsed.query;
    const [page, byStatus] = await Promise.all([
      listExecutions(store, query),
      counts
        ? countExecutionsByStatus(store, { stateMachineArn: query.stateMachineArn, error: query.error, q: query.q, from: query.from, to: query.to })
        : Promise.resolve(undefined),
    ]);
    return NextResponse.json(byStatus === undefined ? page : { ...page, counts: byStatus });
  } catch (error) {
    if (error instanceof InvalidCursorError) return NextResponse.json({ error: 'cursor: not a cursor this API returned' }, { status: 400 });
    throw error;
  }
}
