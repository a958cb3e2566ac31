import { causeText } from '@/lib/history';
import type { StateRun } from '@/lib/history/types';
import { formatDuration } from './format';
import { StatusBadge } from './status-badge';

/** One row per state run (one entry into a state), in event order. */
export function RunsTable({ runs, failingStateName }: { runs: StateRun[]; failingStateName: string | null }) {
  if (runs.length === 0) return <p className="empty">No state was entered in the recorded events.</p>;
  return (
    <table className="grid" data-testid="runs-table">
      <thead>
        <tr>
          <th>#</th>
          <th>State</th>
          <th>Type</th>
          <th>Status</th>
          <th>Attempts</th>
          <th>Map iteration</th>
          <th>Duration</th>
          <th>Error</th>
          <th>Cause</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run, index) => (
          <tr
            key={`${run.enteredEventId ?? 'masked'}-${index}`}
            data-state-name={run.stateName}
            data-status={run.status}
            data-failing={run.stateName === failingStateName && run.status === 'FAILED' ? 'true' : undefined}
          >
            <td className="num">{run.enteredEventId ?? '—'}</td>
            <td className="wrap">{run.stateName}</td>
            <td>{run.stateType}</td>
            <td>
              <StatusBadge status={run.status} />
            </td>
            <td className="num">{run.attempts > 0 ? run.attempts : ''}</td>
            <td className="mono">{run.mapIndex.length > 0 ? run.mapIndex.join(' › ') : ''}</td>
            <td className="num">{formatDuration(run.durationMs)}</td>
            <td className="wrap mono">{run.error ?? ''}</td>
            <td className="wrap mono">{causeText(run.cause) ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
