// The audit log's table (the /audit page, DESIGN.md §2.7): who did what to which execution,
// when, and how it ended. Draws what GET /api/audit's getAuditPage read; every field is text.
import Link from 'next/link';
import { formatTimestamp } from '@/components/format';
import type { AuditPage } from '@/lib/api/audit/get-audit';
import { arnRouteSegment } from '@/lib/arn/arn-route-param';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditQueryInput } from '@/lib/schemas/audit';
import './audit.css';

const OUTCOME_CLASS = { succeeded: 'status-SUCCEEDED', refused: 'status-ABORTED', failed: 'status-FAILED' } as const;

function auditHref(query: Partial<AuditQueryInput>, patch: Partial<Record<'action' | 'outcome' | 'target' | 'cursor', string | undefined>>): string {
  const params = new URLSearchParams();
  const merged: Record<string, string | undefined> = { action: query.action, outcome: query.outcome, target: query.target, ...patch };
  for (const [key, value] of Object.entries(merged)) if (value !== undefined && value !== '') params.set(key, value);
  const text = params.toString();
  return text === '' ? '/audit' : `/audit?${text}`;
}

/** The execution's name (the ARN's last part) as the link text; the ARN in the title. */
function executionName(arn: string): string {
  return arn.split(':').at(-1) || arn;
}

export function AuditTable({ page, query }: { page: AuditPage; query: Partial<AuditQueryInput> }) {
  return (
    <>
      <nav className="audit-filters" aria-label="Filter the audit log">
        <span>Action:</span> <Link href={auditHref(query, { action: undefined, cursor: undefined })}>any</Link>
        {AUDIT_ACTIONS.map((action) => (
          <Link key={action} href={auditHref(query, { action, cursor: undefined })} aria-current={query.action === action ? 'true' : undefined}>
            {action}
          </Link>
        ))}
        <span>Outcome:</span> <Link href={auditHref(query, { outcome: undefined, cursor: undefined })}>any</Link>
        {AUDIT_OUTCOMES.map((outcome) => (
          <Link key={outcome} href={auditHref(query, { outcome, cursor: undefined })} aria-current={query.outcome === outcome ? 'true' : undefined}>
            {outcome}
          </Link>
        ))}
        {query.target !== undefined ? (
          <>
            <span>Execution: {executionName(query.target)}</span> <Link href={auditHref(query, { target: undefined, cursor: undefined })}>(all)</Link>
          </>
        ) : null}
      </nav>
      {page.entries.length === 0 ? (
        <p className="muted" data-testid="audit-empty">
          No actions recorded{query.action || query.outcome || query.target ? ' that match' : ''}. Stop, Redrive and Start again (with STEPLENS_ACTIONS=on) are written here, refused attempts included.
        </p>
      ) : (
        <table className="grid" data-testid="audit-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Execution</th>
              <th>Outcome</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {page.entries.map((entry) => (
              <tr key={entry.id} data-testid="audit-row" data-action={entry.action} data-outcome={entry.outcome} data-target={entry.target}>
                <td className="mono">{formatTimestamp(entry.at)}</td>
                <td title={`${entry.subject} · ${entry.credential}`}>
                  {entry.actorName} <span className="muted">({entry.role})</span>
                </td>
                <td>{entry.action}</td>
                <td className="wrap" title={entry.target}>
                  <Link href={`/executions/${arnRouteSegment(entry.target)}`}>{executionName(entry.target)}</Link>{' '}
                  <Link className="muted" href={auditHref(query, { target: entry.target, cursor: undefined })} title="Only this execution's entries">
                    (its log)
                  </Link>
                </td>
                <td className={OUTCOME_CLASS[entry.outcome]}>
                  {entry.outcome} <span className="muted">{entry.httpStatus}</span>
                </td>
                <td className="wrap">
                  {entry.error ?? ''}
                  {entry.resultArn !== null ? (
                    <>
                      {' '}
                      started <Link href={`/executions/${arnRouteSegment(entry.resultArn)}`}>{executionName(entry.resultArn)}</Link>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.nextCursor !== null ? (
        <p>
          <Link href={auditHref(query, { cursor: page.nextCursor })} data-testid="audit-older">
            Older entries →
          </Link>
        </p>
      ) : null}
    </>
  );
}
