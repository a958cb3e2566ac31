// The Map Run page (DESIGN.md §2.9), as the console's Map Run details: summary (status, ARN,
// child execution type, tolerated failure, concurrency, dates, the parent and its Map state), the
// item and execution counts, and the child executions with status filters, failed ones first.
// Drawn from the detail MapRunLive keeps fresh; filters are links (?status=), the children's
// sections are server-rendered. Draws what lib/api read.
import type { MapRunDetail } from '@/lib/api/map-runs/get-map-run-detail';
import { arnRouteSegment } from '@/lib/arn/arn-route-param';
import { mapRunEnded, startedChildren } from '@/lib/history/map-run-counts';
import { EXECUTION_STATUSES } from '@/lib/history/statuses';
import type { ExecutionListItem } from '@/lib/store/types';
import { formatDuration, formatTimestamp } from '../format';
import { StatusBadge } from '../status-badge';
import { MapRunCountsTable } from './map-run-counts';
import './map-runs.css';

export interface ChildSection {
  /** "Failed, timed out or aborted", "Other children", or the filter's status. */
  title: string;
  testId: string;
  items: ExecutionListItem[];
  /** Link to the next page of this section; null on the last. */
  nextHref: string | null;
}

export function MapRunView({ detail, statusFilter, sections, basePath, refreshMs }: { detail: MapRunDetail; statusFilter: string | null; sections: ChildSection[]; basePath: string; refreshMs: number | null }) {
  const { mapRun, parent } = detail;
  const started = startedChildren(mapRun.executionCounts);
  const notStarted = mapRun.executionCounts.pending;
  const tolerated = `${mapRun.toleratedFailurePercentage} % · ${mapRun.toleratedFailureCount} executions`;
  // The parent's page with its Map state's run selected (the execution page's ?state=&run=).
  const select = mapRun.stateName === null ? null : new URLSearchParams({ state: mapRun.stateName, ...(mapRun.runIndex !== null ? { run: String(mapRun.runIndex) } : {}) });
  const parentHref = `/executions/${arnRouteSegment(mapRun.executionArn)}${select ? `?${select.toString()}` : ''}`;
  return (
    <div data-testid="map-run-page" data-status={mapRun.status} data-live={refreshMs !== null ? 'on' : 'off'} data-described-at={mapRun.describedAt}>
      <p className="muted">
        Distributed Map run{mapRun.stateName ? (
          <>
            {' '}of state <strong data-testid="map-run-state">{mapRun.stateName}</strong>
          </>
        ) : null}{' '}
        in{' '}
        <a href={parentHref} data-testid="map-run-parent">
          {parent?.name ?? mapRun.executionArn}
        </a>
        {parent ? (
          <>
            {' '}
            <StatusBadge status={parent.status} />
          </>
        ) : null}
      </p>
      <dl className="facts" data-testid="map-run-summary">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={mapRun.status} />
        </dd>
        <dt>Map Run ARN</dt>
        <dd className="mono">{mapRun.mapRunArn}</dd>
        <dt>Child execution type</dt>
        <dd>{mapRun.executionType ?? 'not known yet'}</dd>
        <dt>Tolerated failure</dt>
        <dd>{tolerated}</dd>
        <dt>Max concurrency</dt>
        <dd>{mapRun.maxConcurrency === 0 ? 'unlimited (0)' : mapRun.maxConcurrency}</dd>
        <dt>Started</dt>
        <dd>{formatTimestamp(mapRun.startDate)}</dd>
        <dt>Ended</dt>
        <dd>{mapRun.stopDate ? formatTimestamp(mapRun.stopDate) : '—'}</dd>
        <dt>Redrives</dt>
        <dd>{mapRun.redriveCount}</dd>
        <dt>Described</dt>
        <dd>{formatTimestamp(mapRun.describedAt)}</dd>
      </dl>

      <p className="muted" data-testid="map-run-refresh">
        {refreshMs !== null ? `Refreshing every ${refreshMs / 1000} s while the Map Run runs or its children are still being stored.` : 'Ended; every child listed.'}
      </p>

      <h2>Item processing status</h2>
      <MapRunCountsTable itemCounts={mapRun.itemCounts} executionCounts={mapRun.executionCounts} />

      <h2>Child executions</h2>
      <p className="muted" data-testid="map-run-stored">
        {detail.storedChildrenTotal} of {started} started child executions stored
        {notStarted > 0 ? (mapRunEnded(mapRun.status) ? `; ${notStarted} items never started.` : `; ${notStarted} items not started yet.`) : '.'}
      </p>
      <nav className="map-run-filters" aria-label="Filter child executions by status" data-testid="map-run-filters">
        <a href={basePath} aria-current={statusFilter === null ? 'page' : undefined}>
          All, failed first
        </a>
        {EXECUTION_STATUSES.filter((s) => (detail.storedChildren[s] ?? 0) > 0 || s === statusFilter).map((s) => (
          <a key={s} href={`${basePath}?status=${s}`} aria-current={statusFilter === s ? 'page' : undefined} data-filter={s}>
            <StatusBadge status={s} /> {detail.storedChildren[s] ?? 0}
          </a>
        ))}
      </nav>
      {sections.map((section) => (
        <section key={section.testId} data-testid={section.testId}>
          <h3>{section.title}</h3>
          {section.items.length === 0 ? (
            <p className="empty">None stored.</p>
          ) : (
            <table className="grid">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Status</th>
                  <th>Started</th>
                  <th>Duration</th>
                  <th>Error</th>
                </tr>
              </thead>
              <tbody>
                {section.items.map((child) => (
                  <tr key={child.executionArn} data-status={child.status}>
                    <td className="mono">
                      <a href={`/executions/${arnRouteSegment(child.executionArn)}`}>{child.name}</a>
                    </td>
                    <td>
                      <StatusBadge status={child.status} />
                    </td>
                    <td>{formatTimestamp(child.startDate)}</td>
                    <td className="num">{formatDuration(child.durationMs)}</td>
                    <td className="wrap">{child.error ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {section.nextHref ? (
            <p className="pager">
              <a href={section.nextHref}>Next page →</a>
            </p>
          ) : null}
        </section>
      ))}
    </div>
  );
}
