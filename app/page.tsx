import Link from 'next/link';
import { StatusBadge } from '@/components/status-badge';
import { serverStore } from '@/lib/api/store';
import { arnRouteSegment } from '@/lib/arn/arn-route-param';
import { listStateMachines } from '@/lib/store';

export const dynamic = 'force-dynamic';

const STATUS_ORDER = ['FAILED', 'TIMED_OUT', 'ABORTED', 'RUNNING', 'SUCCEEDED', 'PENDING_REDRIVE'];

export default async function HomePage() {
  const stateMachines = await listStateMachines(await serverStore());
  return (
    <>
      <h1>State machines</h1>
      {stateMachines.length === 0 ? (
        <div className="empty">
          <p>The store holds no executions yet.</p>
          <p>
            Import recorded histories with <code className="mono">npx steplens import FILE...</code> (for example the files in{' '}
            <code className="mono">../shared/aws-histories/</code>), then reload.
          </p>
        </div>
      ) : (
        <table className="grid" data-testid="state-machines-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Executions by status</th>
            </tr>
          </thead>
          <tbody>
            {stateMachines.map((machine) => (
              <tr key={machine.stateMachineArn}>
                <td className="wrap">
                  <Link href={`/state-machines/${arnRouteSegment(machine.stateMachineArn)}`}>{machine.name}</Link>
                </td>
                <td>{machine.type}</td>
                <td>
                  {STATUS_ORDER.filter((status) => (machine.counts[status] ?? 0) > 0).map((status) => (
                    <span key={status} style={{ marginRight: 12 }}>
                      <StatusBadge status={status} /> {machine.counts[status]}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
