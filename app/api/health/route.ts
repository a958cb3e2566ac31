import { getHealth } from '@/lib/api/health/get-health';
import { serverStore } from '@/lib/api/store';
import { withRoute } from '@/lib/server';

export const dynamic = 'force-dynamic';

// GET /api/health (DESIGN.md §2.3). Not an error response when the store is down: the health
// report itself says so (ok: false), with 503.
export const GET = withRoute({}, async () => {
  try {
    return await getHealth(await serverStore());
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return Response.json(
      { ok: false, error: `store unavailable: ${message}`, sources: [], poller: { apiCalls: {}, throttled: 0, lagMs: null } },
      { status: 503 },
    );
  }
});
