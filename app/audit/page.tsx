import { AuditTable } from '@/components/audit/audit-table';
import { getAuditPage } from '@/lib/api/audit/get-audit';
import { serverStore } from '@/lib/api/store';
import { auditQuerySchema } from '@/lib/schemas/audit';
import { repeatedTakesFirst } from '@/lib/server';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Audit' };

// The actions' audit log (DESIGN.md §2.7), read on the server like GET /api/audit: newest first,
// filtered by action, outcome and execution (?action=&outcome=&target=), paged with ?cursor=.
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = repeatedTakesFirst(auditQuerySchema).safeParse(await searchParams);
  return (
    <>
      <h1>Audit</h1>
      <p className="muted">Every Stop, Redrive and Start again asked of StepLens: who, what, which execution, when, and the outcome — succeeded, refused by StepLens (actions off, role, CSRF, not eligible) or failed in AWS.</p>
      {parsed.success ? (
        <AuditTable page={await getAuditPage(await serverStore(), parsed.data)} query={parsed.data} />
      ) : (
        <p className="banner" role="alert" data-testid="audit-query-error">
          {parsed.error.issues[0]?.path.join('.') || 'query'}: {parsed.error.issues[0]?.message ?? 'invalid'}
        </p>
      )}
    </>
  );
}
