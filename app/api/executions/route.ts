import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { parseListExecutionsQuery } from '@/lib/api/executions/list-executions-query';
import { serverStore } from '@/lib/api/store';
import { InvalidCursorError, listExecutions } from '@/lib/store';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest) {
  const parsed = parseListExecutionsQuery(request.nextUrl.searchParams);
  if (!parsed.ok) return NextResponse.json({ error: parsed.error }, { status: 400 });
  try {
    return NextResponse.json(await listExecutions(await serverStore(), parsed.query));
  } catch (error) {
    if (error instanceof InvalidCursorError) return NextResponse.json({ error: 'cursor: not a cursor this API returned' }, { status: 400 });
    throw error;
  }
}
