'use client';
// The health part of /state-machines/{arn}: the window (URL-carried, see
// lib/queries/state-machine-health.ts), the workflow graph painted with the window's per-state
// figures, the selected state's panel, and the trends. The executions list follows on the page.
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { formatTimestamp } from '@/components/format';
import {
  healthUrlSearch,
  healthUrlStateOf,
  useExecutionSeries,
  useStateDetail,
  useStateStats,
  type HealthUrlState,
} from '@/lib/queries/state-machine-health';
import { FailureClusterList } from '@/components/failures/failure-cluster-list';
import { useFailureClusters } from '@/lib/queries/failure-clusters';
import { HeatGraph } from './heat-graph';
import { StatePanel } from './state-panel';
import { Trends } from './trends';
import { WindowPicker } from './window-picker';
import './state-machine.css';

/**
 * The machine's failure clusters over the window the overlay resolved (for "last N executions",
 * the span from the first of them to the answer's end, which holds exactly those N and any
 * started since).
 */
function HealthFailures({ stateMachineArn, window }: { stateMachineArn: string; window: { from: string; to: string } }) {
  const clusters = useFailureClusters({ stateMachineArn, range: 'custom', from: window.from, to: window.to });
  if (clusters.error) return <p className="sm-error">Could not load the failure clusters: {clusters.error.message}</p>;
  if (!clusters.data) return <p className="muted">Loading the failure clusters…</p>;
  return (
    <div data-testid="health-failures">
      <FailureClusterList answer={clusters.data} showMachine={false} />
    </div>
  );
}

/** URL-carried page state; a window change is a new history entry, the rest replaces the current one. */
function useHealthUrl() {
  const params = useSearchParams();
  const pathname = usePathname();
  const state = useMemo(() => healthUrlStateOf(new URLSearchParams(params.toString())), [params]);
  const update = useCallback(
    (patch: Partial<HealthUrlState>) => {
      const current = new URLSearchParams(window.location.search);
      const query = healthUrlSearch({ ...healthUrlStateOf(current), ...patch }, current);
      const url = `${pathname}${query ? `?${query}` : ''}`;
      if ('window' in patch) window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    },
    [pathname],
  );
  return { state, update };
}

export interface StateMachineHealthProps {
  stateMachineArn: string;
  /** The ASL text of the machine's current revision; null when none is stored. */
  definition: string | null;
  name: string;
}

export function StateMachineHealth({ stateMachineArn, definition, name }: StateMachineHealthProps) {
  const { state, update } = useHealthUrl();
  const stats = useStateStats(stateMachineArn, state.window);
  const series = useExecutionSeries(stateMachineArn, state.window, state.bucket);
  const detail = useStateDetail(stateMachineArn, state.state, state.window, state.bucket);
  const items = useMemo(() => stats.data?.items ?? [], [stats.data]);
  const selectedStats = state.state === null ? undefined : items.find((s) => s.stateName === state.state);
  const resolved = stats.data ? { from: stats.data.from, to: stats.data.to } : undefined;

  return (
    <section data-testid="state-machine-health" aria-label="Health">
      <div className="sm-section-head">
        <h2>Health</h2>
        {stats.data ? (
          <span className="sm-window-text" data-testid="window-summary">
            {formatTimestamp(stats.data.from).slice(0, 16)} – {formatTimestamp(stats.data.to).slice(0, 16)} UTC · {stats.data.executions} execution
            {stats.data.executions === 1 ? '' : 's'} started
          </span>
        ) : null}
      </div>
      <WindowPicker
        window={state.window}
        bucket={state.bucket}
        usedBucket={series.data?.bucket}
        resolved={resolved}
        onWindow={(w) => update({ window: w })}
        onBucket={(bucket) => update({ bucket })}
      />
      {stats.error ? <p className="sm-error" role="alert">Could not load the window: {stats.error.message}</p> : null}
      <div className={`sm-layout${state.state !== null ? ' sm-with-panel' : ''}`}>
        <div style={{ minWidth: 0 }}>
          {stats.data ? (
            <HeatGraph
              definition={definition}
              stats={items}
              metric={state.metric}
              onMetric={(metric) => update({ metric })}
              selected={state.state}
              onSelect={(stateName) => update({ state: stateName })}
              name={`${name}-heatmap`}
              approximate={stats.data.approximate === true}
            />
          ) : stats.isPending ? (
            <p className="muted">Loading the window…</p>
          ) : null}
        </div>
        {state.state !== null ? (
          <StatePanel
            stateName={state.state}
            stats={selectedStats}
            detail={detail.data}
            error={detail.error}
            loading={detail.isPending}
            onClose={() => update({ state: null })}
          />
        ) : null}
      </div>
      <div className="sm-section-head">
        <h2>Trends</h2>
      </div>
      {series.error ? <p className="sm-error">Could not load the series: {series.error.message}</p> : null}
      {series.data ? <Trends series={series.data} onRange={(range) => update({ window: { kind: 'custom', ...range } })} /> : series.isPending ? <p className="muted">Loading the series…</p> : null}
      <div className="sm-section-head">
        <h2>Failures</h2>
      </div>
      {resolved ? <HealthFailures stateMachineArn={stateMachineArn} window={resolved} /> : null}
    </section>
  );
}
