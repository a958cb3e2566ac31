// GET /api/audit and the /audit page (DESIGN.md §2.7): the actions' audit log, newest first, a
// page at a time (keyset: nextCursor is the last id shown; null on the last page).
import type { AuditQueryInput } from '../../schemas/audit.ts';
import { keysetPage } from '../../schemas/paging.ts';
import { listAuditEntries, type AuditEntryRow } from '../../store/audit/index.ts';
import type { Store } from '../../store/index.ts';

export interface AuditPage {
  entries: AuditEntryRow[];
  nextCursor: string | null;
}

export async function getAuditPage(store: Store, query: AuditQueryInput): Promise<AuditPage> {
  // One row more than asked says whether another page follows.
  const rows = await listAuditEntries(store, {
    limit: query.limit + 1,
    ...(query.action !== undefined ? { action: query.action } : {}),
    ...(query.outcome !== undefined ? { outcome: query.outcome } : {}),
    ...(query.target !== undefined ? { target: query.target } : {}),
    ...(query.cursor !== undefined ? { beforeId: query.cursor } : {}),
  });
  const { rows: entries, nextCursor } = keysetPage(rows, query.limit);
  return { entries, nextCursor };
}
