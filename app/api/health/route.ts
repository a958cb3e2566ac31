import { NextResponse } from 'next/server';
import { getHealth } from '@/lib/api/health/get-health';
import { serverStore } from '@/lib/api/store';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    return NextResponse.json(await getHealth(await serverStore()));
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return NextResponse.json(
      { ok: false, error: `store unavailable: ${message}`, sources: [], poller: { apiCalls: {}, throttled: 0, lagMs: null } },
      { status: 503 },
    );
  }
}
