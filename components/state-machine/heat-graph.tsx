'use client';
// The workflow graph of the machine's current definition, painted with the aggregate overlay that
// lib/graph/aggregate-overlay computed from the window's per-state stats; the metric picker, the
// legend that explains the colours, and the per-state table (every figure, sortable by the metric;
// the only view when no definition is stored).
import { useMemo, useState } from 'react';
import { WorkflowGraph, type NodeHeatPaint } from '@/components/graph/workflow-graph';
import {
  AGGREGATE_METRICS,
  AGGREGATE_METRIC_DEFINITIONS,
  aggregateOverlay,
  formatDurationShort,
  formatRate,
  type AggregateMetric,
  type AggregateOverlay,
  type NodeHeat,
} from '@/lib/graph/aggregate-overlay';
import { buildGraph } from '@/lib/graph/build-graph';
import { layoutGraph } from '@/lib/graph/layout-graph';
import type { GraphDirection } from '@/lib/graph/types';
import { rollupRelativeError, type StateStats } from '@/lib/metrics';

/** The CSS class (state-machine.css) of a node's heat. */
export function heatClass(heat: NodeHeat, scale: 'risk' | 'volume'): string {
  if (heat.category === 'no-runs') return 'sm-heat-none';
  if (heat.category === 'no-data') return 'sm-heat-nodata';
  return `sm-heat-${scale}-${heat.level ?? 0}`;
}

function paintOf(overlay: AggregateOverlay): Record<string, NodeHeatPaint> {
  const paint: Record<string, NodeHeatPaint> = {};
  for (const heat of Object.values(overlay.nodes)) {
    paint[heat.stateName] = { className: `sm-heat ${heatClass(heat, overlay.metric.scale)}`, key: heat.level === null ? heat.category : String(heat.level), label: heat.label, title: heat.title };
  }
  return paint;
}

export function HeatLegend({ overlay }: { overlay: AggregateOverlay }) {
  const { metric } = overlay;
  return (
    <div className="sm-legend" data-testid="heat-legend" data-metric={metric.metric}>
      <span className="sm-legend-title">{metric.label}</span>
      <ul>
        {overlay.legend.map((step) => (
          <li key={step.level} data-legend-level={step.level}>
            <span className={`sm-swatch sm-heat-${metric.scale}-${step.level}`} aria-hidden="true" />
            {step.label}
          </li>
        ))}
        <li data-legend-level="no-runs">
          <span className="sm-swatch sm-heat-none" aria-hidden="true" />
          no runs in the window
        </li>
        <li data-legend-level="no-data">
          <span className="sm-swatch sm-heat-nodata" aria-hidden="true" />
          runs, but no value
        </li>
      </ul>
      <span className="sm-legend-desc">
        Colour: {metric.description}
        {overlay.range === null
          ? ' — no state has a value in this window.'
          : `, ${metric.scale === 'risk' ? 'calm (green) to worst (red)' : 'fewer (light) to more (dark)'} over ${overlay.range}${metric.kind === 'duration' ? ' (log scale)' : ''}.`}
        {overlay.worst !== null && overlay.domain !== null && overlay.domain.hi > overlay.domain.lo ? ` ${metric.scale === 'risk' ? 'Worst' : 'Most'}: ${overlay.worst} (${overlay.nodes[overlay.worst]?.label ?? ''}).` : ''}
        {' '}The figure on each node is its value.
      </span>
    </div>
  );
}

type SortKey = 'name' | 'metric';

function StatsTable({ stats, overlay, selected, onSelect }: { stats: readonly StateStats[]; overlay: AggregateOverlay; selected: string | null; onSelect: (stateName: string) => void }) {
  const [sort, setSort] = useState<SortKey>('metric');
  const rows = useMemo(() => {
    const value = (s: StateStats) => (s.runs > 0 ? overlay.metric.value(s) : null) ?? -Infinity;
    return [...stats].sort((a, b) => (sort === 'metric' ? value(b) - value(a) : 0) || (a.stateName < b.stateName ? -1 : a.stateName > b.stateName ? 1 : 0));
  }, [stats, overlay, sort]);
  const d = (ms: number | null) => (ms === null ? '—' : formatDurationShort(ms));
  return (
    <div className="sm-table-wrap">
      <table className="sm-table" data-testid="state-stats-table">
        <thead>
          <tr>
            <th>
              <button type="button" className="sm-sort" onClick={() => setSort('name')} aria-pressed={sort === 'name'}>
                State
              </button>
            </th>
            <th>Runs</th>
            <th>Failed</th>
            <th>Caught</th>
            <th>Retried</th>
            <th>Attempts</th>
            <th>p50</th>
            <th>p95</th>
            <th>p99</th>
            <th>
              <button type="button" className="sm-sort" onClick={() => setSort('metric')} aria-pressed={sort === 'metric'}>
                {overlay.metric.label} ▾
              </button>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.stateName} className="sm-row" aria-selected={selected === s.stateName} onClick={() => onSelect(s.stateName)} data-state-name={s.stateName}>
              <td>{s.stateName}</td>
              <td>{s.runs}</td>
              <td>{formatRate(s.failed / s.runs)}</td>
              <td>{formatRate(s.caught / s.runs)}</td>
              <td>{formatRate(s.retriedRuns / s.runs)}</td>
              <td>{s.attempts > 0 ? (s.attempts / s.runs).toFixed(2) : '—'}</td>
              <td>{d(s.durationMs.p50)}</td>
              <td>{d(s.durationMs.p95)}</td>
              <td>{d(s.durationMs.p99)}</td>
              <td className="sm-metric">{overlay.nodes[s.stateName]?.label ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface HeatGraphProps {
  definition: string | null;
  stats: readonly StateStats[];
  metric: AggregateMetric;
  onMetric: (metric: AggregateMetric) => void;
  selected: string | null;
  onSelect: (stateName: string | null) => void;
  name: string;
  /** The API answered from the hourly rollups: durations are bucket estimates, counts exact. */
  approximate?: boolean;
}

/** What an approximate overlay means, with the bound the rollup buckets guarantee. */
export function approximateDurationsNote(): string {
  // Rounded up: the figure shown is a bound, never below the true worst case.
  const pct = (x: number) => `${(Math.ceil(x * 1000) / 10).toFixed(1)} %`;
  return `A window this large is read from hourly per-state rollups: run counts, failures, retries and attempts are exact; durations (p50/p95/p99/max) are estimates within ${pct(rollupRelativeError(20))} of the exact value (${pct(rollupRelativeError(0))} below 20 ms).`;
}

export function HeatGraph({ definition, stats, metric, onMetric, selected, onSelect, name, approximate = false }: HeatGraphProps) {
  const [direction, setDirection] = useState<GraphDirection>('TB');
  const graph = useMemo(() => (definition === null ? null : buildGraph(definition)), [definition]);
  const layout = useMemo(() => (graph === null ? null : layoutGraph(graph, { direction })), [graph, direction]);
  const stateNames = useMemo(() => (graph === null ? stats.map((s) => s.stateName) : graph.nodeOrder.flatMap((id) => (graph.nodes[id]?.kind === 'state' ? [graph.nodes[id].stateName] : []))), [graph, stats]);
  const overlay = useMemo(() => aggregateOverlay(stats, stateNames, metric), [stats, stateNames, metric]);
  const paint = useMemo(() => paintOf(overlay), [overlay]);
  return (
    <div data-testid="heat-graph">
      <div className="sm-toolbar">
        <label>
          Colour by
          <select value={metric} onChange={(e) => onMetric(e.target.value as AggregateMetric)} data-testid="metric-picker">
            {AGGREGATE_METRICS.map((m) => (
              <option key={m} value={m}>
                {AGGREGATE_METRIC_DEFINITIONS[m].label}
              </option>
            ))}
          </select>
        </label>
        <span className="sm-window-text">Click a state for its runs, durations and errors.</span>
      </div>
      {graph !== null && layout !== null ? (
        <WorkflowGraph
          graph={graph}
          layout={layout}
          heat={paint}
          direction={direction}
          onDirectionChange={setDirection}
          onSelect={(node) => onSelect(node.stateName === selected ? null : node.stateName)}
          selectedStateName={selected}
          name={name}
          height={620}
          hideLegend
        />
      ) : (
        <p className="empty">No definition is stored for this state machine: its states are listed below without the graph.</p>
      )}
      <HeatLegend overlay={overlay} />
      {approximate ? (
        <p className="sm-hint" data-testid="overlay-approximate">
          {approximateDurationsNote()}
        </p>
      ) : null}
      {overlay.unplaced.length > 0 ? (
        <p className="sm-hint">
          Not in the current definition (ran under an earlier revision): {overlay.unplaced.join(', ')}.
        </p>
      ) : null}
      {stats.length > 0 ? <StatsTable stats={stats} overlay={overlay} selected={selected} onSelect={(s) => onSelect(s)} /> : null}
    </div>
  );
}
