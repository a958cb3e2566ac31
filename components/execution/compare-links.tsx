// The execution page's way into the execution diff (/executions/diff): against the last success of
// the same state machine (resolved by the diff page), or against an execution the user picks.
import Link from 'next/link';

export function CompareLinks({ executionArn, failed }: { executionArn: string; failed: boolean }) {
  const href = (extra: Record<string, string>) => `/executions/diff?${new URLSearchParams({ a: executionArn, ...extra })}`;
  return (
    <>
      <Link
        href={href({ with: 'last-success' })}
        className={`ex-btn${failed ? ' ex-btn-primary' : ''}`}
        data-testid="compare-last-success"
        title="Diff this execution against the last succeeded execution of the same state machine that started before it"
      >
        Compare with last success
      </Link>
      <Link href={href({})} className="ex-btn" data-testid="compare-with" title="Diff this execution against another one">
        Compare with…
      </Link>
    </>
  );
}
