'use client';

import { formatBytes, formatDuration, formatTimestamp } from '@/components/format';
import { useHealth } from '@/lib/queries/health';
import './home.css';

/** /health: StepLens's own health, refreshed every 3 s. */
export function HealthView() {
  const health = useHealth(3_000);
  if (health.isPending) return <div className="skeleton-block" aria-busy="true" data-testid="health-loading" />;
  if (health.isError && !health.data) {
    return (
      <p className="banner" role="alert">
        Health unavailable: {health.error.message}{' '}
        <button type="button" onClick={() => void health.refetch()}>
          Retry
        </button>
      </p>
    );
  }
  // store and retention are absent from the answer of a store that is down (503).
  const { sources, poller, ingest, analysis, store, retention } = health.data;
  const lastPass = retention?.lastPass ?? null;
  const calls = Object.entries(poller.apiCalls).sort((a, b) => b[1] - a[1]);
  const totalCalls = calls.reduce((a, [, n]) => a + n, 0);
  const progress = ingest && ingest.executions > 0 ? ingest.historyComplete / ingest.executions : null;
  return (
    <div data-testid="health-view">
      {health.isError ? (
        <p className="banner" role="alert">
          Refresh failed: {health.error.message} (showing the last figures)
        </p>
      ) : null}
      <div className="health-grid">
        <div className="stat">
          <div className="label">Pollers reporting</div>
          <div className="value">{poller.pollers}</div>
          <div className="muted">{poller.updatedAt ? `last report ${formatTimestamp(poller.updatedAt)}` : 'no report in 5 min'}</div>
        </div>
        <div className="stat">
          <div className="label">API calls</div>
          <div className="value">{totalCalls.toLocaleString('en-US')}</div>
        </div>
        <div className="stat">
          <div className="label">Throttled calls</div>
          <div className={`value${poller.throttled > 0 ? ' source-error' : ''}`} data-testid="throttled">
            {poller.throttled.toLocaleString('en-US')}
          </div>
        </div>
        <div className="stat">
          <div className="label">Backlog (histories to fetch)</div>
          <div className="value" data-testid="backlog">
            {poller.backlog.toLocaleString('en-US')}
          </div>
        </div>
        <div className="stat">
          <div className="label">Ingestion lag p50 / p95</div>
          <div className="value" data-testid="lag">
            {formatDuration(poller.lagP50Ms)} / {formatDuration(poller.lagP95Ms)}
          </div>
          <div className="muted">latest {formatDuration(poller.lagMs)}</div>
        </div>
        <div className="stat" data-testid="backfill">
          <div className="label">{poller.backfilling ? 'Backfill in progress' : 'Histories stored'}</div>
          <div className="value">{progress === null ? '—' : `${Math.floor(progress * 1000) / 10}%`}</div>
          {ingest ? (
            <>
              <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress === null ? 0 : Math.round(progress * 100)}>
                <span style={{ width: `${(progress ?? 0) * 100}%` }} />
              </div>
              <div className="muted">
                {ingest.historyComplete.toLocaleString('en-US')} of {ingest.executions.toLocaleString('en-US')} executions complete
              </div>
            </>
          ) : null}
        </div>
        {analysis ? (
          <div className="stat" data-testid="analysis">
            <div className="label">{analysis.rebuilding ? 'Rebuilding derived rows' : 'Derived rows'}</div>
            <div className={`value${analysis.error ? ' source-error' : ''}`}>
              {analysis.rebuilding && analysis.progress
                ? `${analysis.progress.executions.toLocaleString('en-US')} / ${analysis.progress.total.toLocaleString('en-US')}`
                : analysis.stale === 0
                  ? 'current'
                  : `${analysis.stale.toLocaleString('en-US')} stale`}
            </div>
            <div className="muted">
              analyzer version {analysis.version}
              {analysis.error ? ` · last rebuild failed: ${analysis.error}` : analysis.stale > 0 && !analysis.rebuilding ? ' · run steplens reanalyze' : ''}
            </div>
          </div>
        ) : null}
        {store ? (
          <div className="stat" data-testid="store-size">
            <div className="label">Store{store.estimated ? ' (estimated)' : ''}</div>
            <div className="value">{formatBytes(store.totalBytes)}</div>
            <div className="muted">
              {store.executions.toLocaleString('en-US')} executions · {store.events.toLocaleString('en-US')} events
              {store.bytesPerEvent === null ? '' : ` · ${formatBytes(store.bytesPerEvent)} per event`}
              {store.prunedExecutions > 0 ? ` · ${store.prunedExecutions.toLocaleString('en-US')} pruned` : ''}
            </div>
            {/* Re-read at most every 30 s (lib/store/retention/store-size.ts): say when, as the other tiles are live. */}
            <div className="muted">read {formatTimestamp(store.measuredAt)}</div>
          </div>
        ) : null}
        {retention ? (
          <div className="stat" data-testid="retention">
            <div className="label">Last retention pass</div>
            <div className="value">{lastPass ? `${lastPass.events.toLocaleString('en-US')} events` : 'none yet'}</div>
            <div className="muted">
              {lastPass
                ? `${lastPass.executions.toLocaleString('en-US')} executions in ${lastPass.batches} batches, ${formatDuration(lastPass.durationMs)}, ${formatTimestamp(lastPass.at)}`
                : 'no retention rule, or no pass has run'}
            </div>
          </div>
        ) : null}
      </div>

      <h2>Sources</h2>
      {sources.length === 0 ? (
        <p className="empty">No sources yet: configure one, start the demo, or import files.</p>
      ) : (
        <table className="grid" data-testid="sources-table">
          <thead>
            <tr>
              <th>Source</th>
              <th>Kind</th>
              <th>Endpoint / region</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((source) => (
              <tr key={source.id} data-source-id={source.id}>
                <td className="wrap mono">{source.id}</td>
                <td>{source.kind}</td>
                <td className="wrap mono">{source.endpoint ?? source.region ?? '—'}</td>
                <td className="wrap">{source.error === null ? <span className="status status-SUCCEEDED">✓ OK</span> : <span className="source-error">✕ {source.error}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>API calls by operation</h2>
      {calls.length === 0 ? (
        <p className="empty">No API calls reported (no poller running, or imported files only).</p>
      ) : (
        <table className="grid" data-testid="api-calls-table" style={{ maxWidth: 520 }}>
          <thead>
            <tr>
              <th>Operation</th>
              <th className="num">Calls</th>
            </tr>
          </thead>
          <tbody>
            {calls.map(([operation, n]) => (
              <tr key={operation}>
                <td className="mono">{operation}</td>
                <td className="num">{n.toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
