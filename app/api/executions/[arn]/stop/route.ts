import { actionRoute } from '@/lib/api/actions/action-route';

export const dynamic = 'force-dynamic';

// POST /api/executions/{arn}/stop (DESIGN.md §2.7): needs STEPLENS_ACTIONS=on, the operator role and,
// for cookie sessions, the X-StepLens-CSRF token of GET …/actions; every attempt is audited.
export const POST = actionRoute('stop');
