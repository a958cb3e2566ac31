// The /executions/diff page before it has two executions: with A known, A's state machine's recent
// executions to compare it with (failed ones and the last success are one click away) or any
// execution by ARN; with nothing known, both ARNs. Plain links and a GET form: no client code.
import Link from 'next/link';
import { formatDuration, formatTimestamp } from '@/components/format';
import { StatusBadge } from '@/components/status-badge';
import type { ExecutionListItem, StoredExecution } from '@/lib/store/types';
import './execution-diff.css';

const diffHref = (a: string, b: string) => `/executions/diff?${new URLSearchParams({ a, b })}`;

export function DiffPicker({ a, candidates, lastSuccess, message }: { a: StoredExecution | null; candidates: readonly ExecutionListItem[]; lastSuccess: string | null; message?: string }) {
  return (
    <div className="xd-picker" data-testid="diff-picker">
      {message ? (
        <p className="ex-error" role="alert">
          {message}
        </p>
      ) : null}
      {a ? (
        <>
          <p>
            Compare <strong>{a.name}</strong> (<StatusBadge status={a.status} />) as A with:
          </p>
          {lastSuccess ? (
            <p>
              <Link href={diffHref(a.executionArn, lastSuccess)} className="ex-btn ex-btn-primary">
                The last success
              </Link>
            </p>
          ) : null}
          {candidates.length > 0 ? (
            <ul className="xd-picker-list" data-testid="diff-candidates">
              {candidates.map((item) => (
                <li key={item.executionArn}>
                  <Link href={diffHref(a.executionArn, item.executionArn)}>{item.name}</Link>
                  <StatusBadge status={item.status} />
                  <span className="muted">
                    {formatTimestamp(item.startDate)} · {formatDuration(item.durationMs)}
                    {item.error ? ` · ${item.error}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No other execution of this state machine is stored.</p>
          )}
        </>
      ) : null}
      <form method="get" action="/executions/diff">
        {a ? <input type="hidden" name="a" value={a.executionArn} /> : null}
        {a ? null : (
          <label>
            Execution A (ARN)
            <input type="text" name="a" required placeholder="arn:aws:states:…:execution:…" />
          </label>
        )}
        <label>
          {a ? 'Or any execution, of any state machine, by ARN' : 'Execution B (ARN)'}
          <input type="text" name="b" required placeholder="arn:aws:states:…:execution:…" />
        </label>
        <p>
          <button type="submit" className="ex-btn">
            Compare
          </button>
        </p>
      </form>
    </div>
  );
}
