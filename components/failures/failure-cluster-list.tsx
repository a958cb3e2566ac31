'use client';
// The clusters of one answer of GET /api/failure-clusters, largest first: what failed (machine,
// state, error, cause pattern), how often and since when (count, first and last seen, sparkline),
// where it came from (root causes reached through a Catch), in which definition revisions, sample
// executions opened at the failing state, and the link to all members in the executions list.
import Link from 'next/link';
import { formatTimestamp } from '@/components/format';
import { arnRouteSegment } from '@/lib/arn/arn-route-param';
import { parseExecutionArn, stateMachineNameFromArn } from '@/lib/arn/state-machine-arn';
import { clusterMembersHref, type FailureClusterItem, type FailureClustersResponse } from '@/lib/queries/failure-clusters';
import { ClusterSparkline } from './cluster-sparkline';
import './failures.css';

function sampleHref(executionArn: string, stateName: string | null): string {
  return `/executions/${arnRouteSegment(executionArn)}${stateName !== null ? `?${new URLSearchParams({ state: stateName })}` : ''}`;
}

function isUnanalysed(cluster: FailureClusterItem): boolean {
  return cluster.stateName === null && cluster.error === null && cluster.causePattern === '' && cluster.rootCauses.length === 0;
}

function ClusterCard({ cluster, answer, showMachine }: { cluster: FailureClusterItem; answer: FailureClustersResponse; showMachine: boolean }) {
  const unanalysed = isUnanalysed(cluster);
  return (
    <li className="cluster" data-testid="failure-cluster" data-cluster-id={cluster.id}>
      <div className="cluster-count" title={`${cluster.count} of ${answer.failures} failures in the window`}>
        <strong>{cluster.count.toLocaleString('en-US')}</strong>
        <span className="muted">{answer.failures > 0 ? `${Math.round((cluster.count / answer.failures) * 100)} %` : ''}</span>
      </div>
      <div className="cluster-what">
        <div className="cluster-title">
          {showMachine ? (
            <>
              <Link href={`/state-machines/${arnRouteSegment(cluster.stateMachineArn)}`}>{stateMachineNameFromArn(cluster.stateMachineArn)}</Link>
              <span className="muted"> › </span>
            </>
          ) : null}
          {unanalysed ? (
            <span className="muted" title="FAILED or TIMED_OUT executions whose history is not analysed yet (listed but not fetched, or awaiting the background rebuild)">
              not analysed yet
            </span>
          ) : (
            <>
              <span className="cluster-state">{cluster.stateName ?? <span className="muted">(execution)</span>}</span>
              <span className="muted"> · </span>
              <span className="cluster-error mono">{cluster.error ?? <span className="muted">no error name</span>}</span>
            </>
          )}
        </div>
        {cluster.causePattern !== '' ? (
          <div className="cluster-cause mono" title={cluster.causePattern}>
            {cluster.causePattern}
          </div>
        ) : null}
        {cluster.rootCauses.length > 0 ? (
          <ul className="cluster-roots" aria-label="Root causes">
            {cluster.rootCauses.map((root) => (
              <li key={`${root.stateName}\u0000${root.error ?? ''}`}>
                first raised in <strong>{root.stateName}</strong>
                {root.error !== null ? (
                  <>
                    {' '}
                    (<span className="mono">{root.error}</span>)
                  </>
                ) : null}{' '}
                and caught: {root.count.toLocaleString('en-US')}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="cluster-samples muted">
          e.g.{' '}
          {cluster.sampleExecutionArns.map((arn, i) => (
            <span key={arn}>
              {i > 0 ? ', ' : ''}
              <Link href={sampleHref(arn, cluster.stateName)} className="mono">
                {parseExecutionArn(arn)?.name ?? arn}
              </Link>
            </span>
          ))}
        </div>
      </div>
      <div className="cluster-when">
        <ClusterSparkline points={cluster.sparkline} from={answer.from} sliceMs={answer.sparklineSliceMs} />
        <div className="muted">
          first <span title={formatTimestamp(cluster.firstSeen)}>{formatTimestamp(cluster.firstSeen).slice(0, 19)}</span>
        </div>
        <div className="muted">
          last <span title={formatTimestamp(cluster.lastSeen)}>{formatTimestamp(cluster.lastSeen).slice(0, 19)}</span>
        </div>
        {cluster.revisions.length > 0 ? (
          <div className="cluster-revisions muted" title={cluster.revisions.join('\n')}>
            {cluster.revisions.length === 1 ? 'revision ' : `${cluster.revisions.length} revisions, from `}
            <span className="mono">{shortRevision(cluster.revisions[0] ?? '')}</span>
          </div>
        ) : null}
        <Link className="cluster-open" href={clusterMembersHref(cluster, answer)} data-testid="cluster-members-link">
          Open {cluster.count.toLocaleString('en-US')} execution{cluster.count === 1 ? '' : 's'} →
        </Link>
      </div>
    </li>
  );
}

/** "sha256:0f3a…" and AWS revision ids (UUIDs) shortened for display; the full id is the title. */
function shortRevision(revisionId: string): string {
  const bare = revisionId.replace(/^sha256:/, '');
  return bare.length > 12 ? `${bare.slice(0, 8)}…` : bare;
}

export function FailureClusterList({ answer, showMachine }: { answer: FailureClustersResponse; showMachine: boolean }) {
  if (answer.items.length === 0) {
    return (
      <p className="empty" data-testid="failure-clusters-empty">
        No FAILED or TIMED_OUT executions started in this window.
      </p>
    );
  }
  return (
    <>
      <p className="muted" data-testid="failure-clusters-summary">
        {answer.failures.toLocaleString('en-US')} failure{answer.failures === 1 ? '' : 's'} in {answer.clusters.toLocaleString('en-US')} cluster
        {answer.clusters === 1 ? '' : 's'}
        {answer.items.length < answer.clusters ? ` (the largest ${answer.items.length} shown)` : ''}, {formatTimestamp(answer.from)} – {formatTimestamp(answer.to)}
      </p>
      <ol className="clusters">
        {answer.items.map((cluster) => (
          <ClusterCard key={cluster.id} cluster={cluster} answer={answer} showMachine={showMachine} />
        ))}
      </ol>
    </>
  );
}
