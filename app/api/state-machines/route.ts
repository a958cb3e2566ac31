import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { listStateMachinesWithStats } from '@/lib/api/state-machines/list-state-machines';
import { serverStore } from '@/lib/api/store';
import { listStateMachines } from '@/lib/store';

export const dynamic = 'force-dynamic';

// GET /api/state-machines (DESIGN.md §2.3); ?stats=1 adds `stats` to each item (home page).
export async function GET(request: NextRequest) {
  const store = await serverStore();
  if (request.nextUrl.searchParams.get('stats') === '1') return NextResponse.json({ items: await listStateMachinesWithStats(store) });
  return NextResponse.json({ items: await listStateMachines(store) });
}
