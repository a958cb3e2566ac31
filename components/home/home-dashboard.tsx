'use client';

import Link from 'next/link';
import { formatDuration, formatTimestamp } from '@/components/format';
import { StatusBadge } from '@/components/status-badge';
import { arnRouteSegment } from '@/lib/arn/arn-route-param';
import { EXECUTION_SEVERITY_ORDER } from '@/lib/history';
import { useHealth } from '@/lib/queries/health';
import { useStateMachineStats } from '@/lib/queries/state-machines';
import { PerHourChart } from './per-hour-chart';
import './home.css';

function rateClass(rate: number): string {
  return rate >= 0.95 ? 'rate-good' : rate >= 0.8 ? 'rate-warn' : 'rate-bad';
}

export function HealthSummary() {
  const health = useHealth(5_000);
  if (health.isPending) return <div className="home-health muted">Checking sources…</div>;
  if (health.isError) {
    return (
      <div className="home-health" role="alert">
        <span className="bad">✕ Health unavailable: {health.error.message}</span>
      </div>
    );
  }
  const { sources, poller } = health.data;
  const bad = sources.filter((s) => s.error !== null);
  return (
    <div className="home-health" data-testid="health-summary">
      {sources.length === 0 ? (
        <span className="muted">No sources</span>
      ) : bad.length === 0 ? (
        <span className="good">✓ {sources.length} source{sources.length === 1 ? '' : 's'} OK</span>
      ) : (
        <span className="bad">
          ✕ {bad.length} of {sources.length} source{sources.length === 1 ? '' : 's'} failing: {bad[0]?.id} — {bad[0]?.error}
        </span>
      )}
      <span>Pollers: {poller.pollers}</span>
      <span>API calls: {Object.values(poller.apiCalls).reduce((a, b) => a + b, 0).toLocaleString('en-US')}</span>
      <span className={poller.throttled > 0 ? 'bad' : ''}>Throttled: {poller.throttled}</span>
      <span>Backlog: {poller.backlog}</span>
      <span>Lag p95: {formatDuration(poller.lagP95Ms)}</span>
      {poller.backfilling ? <span>Backfilling…</span> : null}
      <Link href="/health">Health details ›</Link>
    </div>
  );
}

export function HomeDashboard() {
  const machines = useStateMachineStats();
  const now = machines.dataUpdatedAt || Date.now();
  return (
    <>
      <HealthSummary />
      {machines.isPending ? (
        <div className="skeleton-block" data-testid="home-loading" aria-busy="true" />
      ) : machines.isError ? (
        <p className="banner" role="alert">
          Could not load state machines: {machines.error.message}{' '}
          <button type="button" onClick={() => void machines.refetch()}>
            Retry
          </button>
        </p>
      ) : machines.data.length === 0 ? (
        <div className="empty" data-testid="home-empty">
          <p>The store holds no executions yet.</p>
          <p>
            <code className="mono">npx steplens start</code> with no source configured runs the built-in demo: an emulator with sample workflows and a poller that
            ingests their executions live.
          </p>
          <p>
            Or import recorded histories with <code className="mono">npx steplens import FILE...</code> (for example{' '}
            <code className="mono">../shared/aws-histories/*.json</code>). This page refreshes on its own.
          </p>
        </div>
      ) : (
        <table className="grid sm-table" data-testid="state-machines-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th title="Succeeded among the terminal executions of the last 100 started">Success (last 100)</th>
              <th>Last failure</th>
              <th>Per hour, last 24 h</th>
              <th>Executions by status</th>
            </tr>
          </thead>
          <tbody>
            {machines.data.map((machine) => {
              const { successRate, lastFailure, perHour } = machine.stats;
              return (
                <tr key={machine.stateMachineArn} data-state-machine-arn={machine.stateMachineArn}>
                  <td className="wrap">
                    <Link href={`/state-machines/${arnRouteSegment(machine.stateMachineArn)}`}>{machine.name}</Link>
                  </td>
                  <td>{machine.type}</td>
                  <td className="rate" data-testid="success-rate">
                    {successRate === null ? <span className="muted">—</span> : <span className={rateClass(successRate)}>{(successRate * 100).toFixed(successRate === 1 || successRate === 0 ? 0 : 1)}%</span>}
                  </td>
                  <td className="last-failure" data-testid="last-failure">
                    {lastFailure === null ? (
                      <span className="muted">none</span>
                    ) : (
                      <>
                        <Link href={`/executions/${arnRouteSegment(lastFailure.executionArn)}`}>{lastFailure.name}</Link>{' '}
                        <span className="err">{lastFailure.error ?? lastFailure.status}</span>
                        <br />
                        <span className="muted mono">{formatTimestamp(lastFailure.stopDate ?? lastFailure.startDate)}</span>
                      </>
                    )}
                  </td>
                  <td>
                    <PerHourChart perHour={perHour} now={now} />
                  </td>
                  <td>
                    <span className="sm-counts">
                      {EXECUTION_SEVERITY_ORDER.filter((status) => (machine.counts[status] ?? 0) > 0).map((status) => (
                        <Link key={status} href={`/state-machines/${arnRouteSegment(machine.stateMachineArn)}?status=${status}`}>
                          <StatusBadge status={status} /> {machine.counts[status]}
                        </Link>
                      ))}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
