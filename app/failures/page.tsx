import { Suspense } from 'react';
import { FailuresView } from '@/components/failures/failures-view';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Failures' };

export default function FailuresPage() {
  return (
    <>
      <h1>Failures</h1>
      <p className="muted">
        FAILED and TIMED_OUT executions grouped by the state that failed, its error and its cause with ids, numbers and quoted values masked. A Map
        iteration or Parallel branch whose failure aborted the others counts once, in the cluster of the state that raised it.
      </p>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <FailuresView />
      </Suspense>
    </>
  );
}
