import Link from 'next/link';
import { arnRouteSegment } from '@/lib/arn/arn-route-param';
import type { ExecutionListItem } from '@/lib/store';
import { formatDuration, formatTimestamp } from './format';
import { StatusBadge } from './status-badge';

export function ExecutionsTable({ items }: { items: ExecutionListItem[] }) {
  if (items.length === 0) return <p className="empty">No executions match.</p>;
  return (
    <table className="grid" data-testid="executions-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>State machine</th>
          <th>Status</th>
          <th>Started (UTC)</th>
          <th>Duration</th>
          <th>Error</th>
        </tr>
      </thead>
      <tbody>
        {items.map((execution) => (
          <tr key={execution.executionArn} data-execution-arn={execution.executionArn}>
            <td className="wrap">
              <Link href={`/executions/${arnRouteSegment(execution.executionArn)}`}>{execution.name}</Link>
            </td>
            <td className="wrap">
              <Link href={`/state-machines/${arnRouteSegment(execution.stateMachineArn)}`}>
                {execution.stateMachineArn.slice(execution.stateMachineArn.lastIndexOf(':') + 1)}
              </Link>
            </td>
            <td>
              <StatusBadge status={execution.status} />
            </td>
            <td className="mono">{formatTimestamp(execution.startDate)}</td>
            <td className="num">{formatDuration(execution.durationMs)}</td>
            <td className="wrap mono">{execution.error ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
