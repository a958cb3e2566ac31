import { Suspense } from 'react';
import { ExecutionsExplorer } from '@/components/executions/executions-explorer';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Executions' };

export default function ExecutionsPage() {
  return (
    <>
      <h1>Executions</h1>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <ExecutionsExplorer />
      </Suspense>
    </>
  );
}
