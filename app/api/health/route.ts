import { getHealth } from '@/lib/api/health/get-health';
import { serverStore } from '@/lib/api/store';
import { storeUnavailableReason, withRoute } from '@/lib/server';

export const dynamic = 'force-dynamic';

// GET /api/health (DESIGN.md §2.3). Not an error response when the store is down: the health
// report itself says so (ok: false), with 503. Public: with authentication configured, a caller
// without a session learns only `ok` (DESIGN.md §2.7), not the sources and endpoints.
export const GET = withRoute({ access: 'public' }, async ({ identity }) => {
  try {
    const health = await getHealth(await serverStore());
    return identity === null ? { ok: health.ok } : health;
  } catch (error) {
    // The cause in one line (Prisma's messages open with a blank line: it used to say nothing).
    const message = storeUnavailableReason(error);
    if (identity === null) return Response.json({ ok: false }, { status: 503 });
    return Response.json(
      { ok: false, error: `store unavailable: ${message}`, sources: [], poller: { apiCalls: {}, throttled: 0, lagMs: null } },
      { status: 503 },
    );
  }
});
