import { Suspense } from 'react';
import { CompareView } from '@/components/compare/compare-view';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Compare' };

export default function ComparePage() {
  return (
    <>
      <h1>Compare</h1>
      <p className="muted">
        State machines side by side over a window: typically one workflow deployed as Standard and as Express. Costs are AWS&apos;s list prices for the
        machine&apos;s region, with every assumption shown below.
      </p>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <CompareView />
      </Suspense>
    </>
  );
}
