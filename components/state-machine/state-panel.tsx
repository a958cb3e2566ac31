'use client';
// One state's panel (GET /api/state-machines/{arn}/states/{stateName}): its figures in the window,
// runs and failures per bucket, the duration histogram (log-scale buckets), the top errors, the
// slowest runs and the most recent failed runs, each run linking to its execution opened at that
// state run (run-link.ts).
import Link from 'next/link';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatTimestamp } from '@/components/format';
import { StatusBadge } from '@/components/status-badge';
import { formatDurationShort, formatRate } from '@/lib/graph/aggregate-overlay';
import type { StateStats } from '@/lib/metrics';
import type { StateDetailResponse } from '@/lib/queries/state-machine-health';
import { runHref } from './run-link';
import { bucketTick, stateRunRows } from './trend-data';

const TOOLTIP_STYLE = { background: 'var(--bg)', border: '1px solid var(--line)', color: 'var(--fg)', fontSize: 12, padding: '4px 8px' };
const AXIS_TICK = { fill: 'var(--muted)', fontSize: 11 };

type RunRef = StateDetailResponse['slowest'][number];

function RunList({ stateName, runs, kind, testId }: { stateName: string; runs: readonly RunRef[]; kind: 'slowest' | 'failed'; testId: string }) {
  if (runs.length === 0) return <p className="sm-empty">{kind === 'slowest' ? 'No run with a known duration.' : 'No failed run in this window.'}</p>;
  return (
    <ul className="sm-list" data-testid={testId}>
      {runs.map((run) => (
        <li key={`${run.executionArn}#${run.ordinal}`}>
          <StatusBadge status={run.status} />
          <Link className="sm-grow mono" href={runHref(run.executionArn, stateName, run.ordinal, run.mapIndex)} title={`${run.executionArn}\nrun ${run.ordinal}${run.mapIndex.length > 0 ? ` · Map iteration ${run.mapIndex.join(' › ')}` : ''}`} data-testid="run-link">
            {run.executionName}
            {run.mapIndex.length > 0 ? ` [${run.mapIndex.join('][')}]` : ''}
          </Link>
          {kind === 'slowest' ? (
            <span className="sm-num">
              <b>{run.durationMs === null ? '—' : formatDurationShort(run.durationMs)}</b>
              {run.attempts > 1 ? ` · ${run.attempts} attempts` : ''}
            </span>
          ) : (
            <span className="sm-num sm-err" title={run.error ?? ''}>
              {run.error ?? 'no error name'}
            </span>
          )}
          <span className="sm-num muted">{formatTimestamp(run.startDate).slice(5, 19)}</span>
        </li>
      ))}
    </ul>
  );
}

export interface StatePanelProps {
  stateName: string;
  stats: StateStats | undefined;
  detail: StateDetailResponse | undefined;
  error: Error | null;
  loading: boolean;
  onClose: () => void;
}

export function StatePanel({ stateName, stats, detail, error, loading, onClose }: StatePanelProps) {
  const rows = detail ? stateRunRows(detail) : [];
  const histogram = (detail?.histogram ?? []).map((b) => ({
    ...b,
    label: formatDurationShort(b.fromMs),
    range: `${formatDurationShort(b.fromMs)} – ${b.toMs === null ? '∞' : formatDurationShort(b.toMs)}`,
  }));
  return (
    <aside className="sm-panel" data-testid="state-panel" data-state-name={stateName} aria-label={`State ${stateName}`}>
      <div className="sm-panel-head">
        <h2>{stateName}</h2>
        <button type="button" className="sm-panel-close" onClick={onClose} aria-label="Close the state panel">
          ×
        </button>
      </div>
      {stats ? (
        <p className="sm-figures" data-testid="state-figures">
          <span>
            <b>{stats.runs}</b> runs
          </span>
          <span>
            <b>{stats.failed}</b> failed ({formatRate(stats.failed / stats.runs)})
          </span>
          <span>
            <b>{stats.caught}</b> caught
          </span>
          <span>
            <b>{stats.retriedRuns}</b> retried
          </span>
          {stats.durationMs.p50 !== null ? (
            <span>
              p50 <b>{formatDurationShort(stats.durationMs.p50)}</b> · p95 <b>{formatDurationShort(stats.durationMs.p95 ?? stats.durationMs.p50)}</b> · p99{' '}
              <b>{formatDurationShort(stats.durationMs.p99 ?? stats.durationMs.p50)}</b>
            </span>
          ) : null}
        </p>
      ) : (
        <p className="sm-empty">No runs of this state in the window.</p>
      )}
      {error ? <p className="sm-error">Could not load the state: {error.message}</p> : null}
      {!detail && loading ? <p className="sm-empty">Loading…</p> : null}
      {detail ? (
        <>
          <h3>Runs and failures per {detail.bucket} bucket</h3>
          <div className="sm-chart" data-testid="state-runs-chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="var(--line)" strokeDasharray="2 4" vertical={false} />
                <XAxis dataKey="start" tickFormatter={(v: string) => bucketTick(v, detail.bucket)} tick={AXIS_TICK} minTickGap={20} stroke="var(--line)" />
                <YAxis allowDecimals={false} tick={AXIS_TICK} width={36} stroke="var(--line)" />
                <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(v) => formatTimestamp(String(v))} cursor={{ fill: 'var(--panel)' }} />
                <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
                <Bar dataKey="other" name="ok / open" stackId="r" fill="var(--ok)" isAnimationActive={false} />
                <Bar dataKey="caught" name="caught" stackId="r" fill="var(--caught)" isAnimationActive={false} />
                <Bar dataKey="failed" name="failed" stackId="r" fill="var(--fail)" isAnimationActive={false} />
                <Bar dataKey="aborted" name="aborted" stackId="r" fill="var(--aborted)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <h3>Duration distribution</h3>
          {histogram.length > 0 ? (
            <div className="sm-chart" data-testid="state-histogram">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={histogram} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} barCategoryGap={1}>
                  <CartesianGrid stroke="var(--line)" strokeDasharray="2 4" vertical={false} />
                  <XAxis dataKey="label" tick={AXIS_TICK} interval="preserveStartEnd" minTickGap={8} stroke="var(--line)" />
                  <YAxis allowDecimals={false} tick={AXIS_TICK} width={36} stroke="var(--line)" />
                  <Tooltip
                    contentStyle={TOOLTIP_STYLE}
                    labelFormatter={(_, payload) => String(payload?.[0]?.payload?.range ?? '')}
                    formatter={(value) => [String(value), 'runs']}
                    cursor={{ fill: 'var(--panel)' }}
                  />
                  <Bar dataKey="count" name="runs" fill="var(--running)" isAnimationActive={false} minPointSize={1} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          ) : (
            <p className="sm-empty">No run with a known duration.</p>
          )}
          {detail.unknownDurations > 0 ? <p className="sm-hint">{detail.unknownDurations} runs without a known duration (open, or recorded without timestamps).</p> : null}
          <h3>Top errors</h3>
          {detail.errors.length > 0 ? (
            <ul className="sm-list" data-testid="state-errors">
              {detail.errors.map((e) => (
                <li key={e.error}>
                  <span className="sm-grow mono" title={e.error}>
                    {e.error}
                  </span>
                  <span className="sm-num">
                    <b>{e.count}</b>
                    {e.failed > 0 ? ` · ${e.failed} failed` : ''}
                    {e.caught > 0 ? ` · ${e.caught} caught` : ''}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="sm-empty">No errors in this window.</p>
          )}
          <h3>Slowest runs</h3>
          <RunList stateName={stateName} runs={detail.slowest} kind="slowest" testId="state-slowest" />
          <h3>Most recent failed runs</h3>
          <RunList stateName={stateName} runs={detail.recentFailures} kind="failed" testId="state-recent-failures" />
        </>
      ) : null}
    </aside>
  );
}
