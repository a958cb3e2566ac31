import { actionsAvailabilityRoute } from '@/lib/api/actions/action-route';

export const dynamic = 'force-dynamic';

// GET /api/executions/{arn}/actions: whether actions are on, whether the asker is an operator,
// per action whether it applies and why not, and the CSRF token the action POSTs send.
export const GET = actionsAvailabilityRoute;
