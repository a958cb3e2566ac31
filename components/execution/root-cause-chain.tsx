'use client';
// The story behind a failure reached through a Catch (analysis.failure.rootCause): where the error
// was first raised, which Catch took it, and the states it passed through to the one that ended the
// execution. Each state is a button that selects its run. Draws only; lib/history traced it.
import type { RootCause, RunRef } from '@/lib/history/types';

export function RootCauseChain({ rootCause, onSelectRun }: { rootCause: RootCause; onSelectRun: (runIndex: number) => void }) {
  const where = [
    rootCause.mapIndex.length > 0 ? `Map iteration ${rootCause.mapIndex.map((i) => `#${i}`).join(' › ')}` : null,
    rootCause.branchIndex !== null ? `branch ${rootCause.branchIndex + 1}` : null,
    rootCause.attempt !== null ? `attempt ${rootCause.attempt}` : null,
  ].filter((part): part is string => part !== null);
  const step = (ref: RunRef, testId?: string) => (
    <button type="button" className="ex-link ex-link-inline" data-run-index={ref.runIndex} data-testid={testId} onClick={() => onSelectRun(ref.runIndex)}>
      {ref.stateName}
    </button>
  );
  return (
    <div className="ex-root-cause" data-testid="root-cause">
      <span className="ex-k">Root cause</span>{' '}
      <span className="mono">{rootCause.error ?? 'an error'}</span> first raised in {step(rootCause, 'root-cause-state')}
      {where.length > 0 ? ` (${where.join(', ')})` : ''}, caught by {step(rootCause.caughtBy)}
      {rootCause.path.length > 1 ? (
        <>
          {' '}
          — then{' '}
          {rootCause.path.slice(1).map((ref, i) => (
            <span key={ref.runIndex}>
              {i > 0 ? ' → ' : ''}
              {step(ref)}
            </span>
          ))}
        </>
      ) : null}
    </div>
  );
}
