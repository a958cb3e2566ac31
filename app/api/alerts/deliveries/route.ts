import { getAlertDeliveries } from '@/lib/api/alerts/get-alerts';
import { serverStore } from '@/lib/api/store';
import { alertDeliveriesQuerySchema } from '@/lib/schemas/alerts';
import { repeatedTakesFirst, withRoute } from '@/lib/server';

export const dynamic = 'force-dynamic';

// GET /api/alerts/deliveries?rule=&status=&cursor=&limit= (DESIGN.md §2.8): the delivery log,
// newest first: each delivery (rule, firing|resolved, subject, its unique key, format, the
// webhook's origin, status, next attempt) with every attempt (time, duration, HTTP status, error).
export const GET = withRoute({ query: repeatedTakesFirst(alertDeliveriesQuerySchema) }, async ({ query }) => getAlertDeliveries(await serverStore(), query));
