import { getAuditPage } from '@/lib/api/audit/get-audit';
import { serverStore } from '@/lib/api/store';
import { auditQuerySchema } from '@/lib/schemas/audit';
import { repeatedTakesFirst, withRoute } from '@/lib/server';

export const dynamic = 'force-dynamic';

// GET /api/audit?action=&outcome=&target=&cursor=&limit= (DESIGN.md §2.7): who did what to which
// execution, when, and how it ended (succeeded | refused | failed, the HTTP status, the error),
// newest first; nextCursor pages on. Readable by every signed-in person, viewers included.
export const GET = withRoute({ query: repeatedTakesFirst(auditQuerySchema) }, async ({ query }) => getAuditPage(await serverStore(), query));
