import { NextResponse } from 'next/server';
import { serverStore } from '@/lib/api/store';
import { listStateMachines } from '@/lib/store';

export const dynamic = 'force-dynamic';

export async function GET() {
  return NextResponse.json({ items: await listStateMachines(await serverStore()) });
}
