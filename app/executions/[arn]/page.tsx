import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatDuration, formatTimestamp } from '@/components/format';
import { Payload } from '@/components/payload';
import { RunsTable } from '@/components/runs-table';
import { StatusBadge } from '@/components/status-badge';
import { getExecutionDetail } from '@/lib/api/executions/get-execution-detail';
import { serverStore } from '@/lib/api/store';
import { arnFromRouteParam, arnRouteSegment } from '@/lib/arn/arn-route-param';
import { causeText } from '@/lib/history';

export const dynamic = 'force-dynamic';

export default async function ExecutionPage({ params }: { params: Promise<{ arn: string }> }) {
  const executionArn = arnFromRouteParam((await params).arn);
  const detail = await getExecutionDetail(await serverStore(), executionArn);
  if (!detail) notFound();
  const { execution, analysis } = detail;
  return (
    <>
      <h1>{execution.name}</h1>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={analysis.status} />
        </dd>
        <dt>Execution ARN</dt>
        <dd className="mono">{execution.executionArn}</dd>
        <dt>State machine</dt>
        <dd>
          <Link href={`/state-machines/${arnRouteSegment(execution.stateMachineArn)}`}>{execution.stateMachineArn}</Link>
        </dd>
        <dt>Started</dt>
        <dd className="mono">{formatTimestamp(execution.startDate)}</dd>
        <dt>Stopped</dt>
        <dd className="mono">{formatTimestamp(execution.stopDate)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(execution.durationMs)}</dd>
        <dt>Events</dt>
        <dd>
          {analysis.eventCount}
          {execution.partial ? <span className="muted"> (partial history: not every event was recorded)</span> : null}
        </dd>
        <dt>State runs</dt>
        <dd>{analysis.runs.length}</dd>
        <dt>Redrives</dt>
        <dd>{execution.redriveCount}</dd>
      </dl>

      {analysis.failure ? (
        <div className="banner" role="alert" data-testid="failure-banner">
          <strong>
            {analysis.status === 'TIMED_OUT' ? 'Timed out' : 'Failed'}
            {analysis.failure.stateName ? ` in state “${analysis.failure.stateName}”` : ''}
          </strong>
          {analysis.failure.error ? <div className="mono">Error: {analysis.failure.error}</div> : null}
          {analysis.failure.cause !== null ? <div className="mono">Cause: {causeText(analysis.failure.cause)}</div> : null}
        </div>
      ) : null}

      {analysis.warnings.length > 0 ? (
        <details>
          <summary>{analysis.warnings.length} warning(s) about the recorded events</summary>
          <ul>
            {analysis.warnings.map((warning, index) => (
              <li key={index}>{warning}</li>
            ))}
          </ul>
        </details>
      ) : null}

      <h2>State runs</h2>
      <RunsTable runs={analysis.runs} failingStateName={analysis.failure?.stateName ?? null} />

      <div className="side-by-side">
        <Payload label="Input" value={execution.input} />
        <Payload label="Output" value={execution.output} />
      </div>
    </>
  );
}
