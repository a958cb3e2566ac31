import { getAlerts } from '@/lib/api/alerts/get-alerts';
import { serverStore } from '@/lib/api/store';
import { ConfigError, resolveAlertRules } from '@/lib/config';
import { ApiError, withRoute } from '@/lib/server';

export const dynamic = 'force-dynamic';

// GET /api/alerts (DESIGN.md §2.8): the alert rules of steplens.config.json (or STEPLENS_CONFIG)
// with their state — ok, or firing since when (and the firing episodes of condition rules) — and
// their delivery counts. An invalid configuration is a 503 naming the file and field (the
// poller refuses to start on it too).
export const GET = withRoute({}, async () => {
  let config;
  try {
    config = resolveAlertRules(process.env, process.cwd());
  } catch (error) {
    if (error instanceof ConfigError) throw new ApiError(503, error.message);
    throw error;
  }
  return getAlerts(await serverStore(), config);
});
