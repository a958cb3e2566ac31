'use client';
// The trends of the window (GET /api/state-machines/{arn}/series): executions per bucket stacked by
// status, p50/p95/p99 duration, success rate; a dashed line at each deploy (a definition revision
// first seen in the window). Dragging across any chart selects buckets: the window becomes that
// custom range. The rows and markers come from trend-data.ts; this file only draws them.
import { useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type MouseHandlerDataParam } from 'recharts';
import { formatTimestamp } from '@/components/format';
import { formatDurationShort } from '@/lib/graph/aggregate-overlay';
import type { SeriesResponse } from '@/lib/queries/state-machine-health';
import type { Bucket } from '@/lib/schemas/window';
import { bucketTick, deployMarkers, dragWindow, trendRows, type DeployMarker, type TrendRow } from './trend-data';

const TOOLTIP_STYLE = { background: 'var(--bg)', border: '1px solid var(--line)', color: 'var(--fg)', fontSize: 12, padding: '4px 8px' };
const AXIS_TICK = { fill: 'var(--muted)', fontSize: 11 };
const MARGIN = { top: 18, right: 12, bottom: 0, left: 0 };

interface DragState {
  a: string;
  b: string;
}

function labelOf(state: MouseHandlerDataParam): string | null {
  return state.activeLabel === undefined ? null : String(state.activeLabel);
}

/**
 * The drag selection shared by the three charts: mouse down on a bucket, move, release. Recharts
 * calls the handlers a frame after the DOM event, with the handler of the render the event hit:
 * the drag lives in a ref so that a handler from an older render still sees it.
 */
function useDrag(rows: readonly TrendRow[], bucket: Bucket, onRange: (range: { from: string; to: string }) => void) {
  const ref = useRef<DragState | null>(null);
  const [drag, setDrag] = useState<DragState | null>(null);
  const set = (next: DragState | null) => {
    ref.current = next;
    setDrag(next);
  };
  const handlers = {
    onMouseDown: (state: MouseHandlerDataParam) => {
      const label = labelOf(state);
      if (label !== null) set({ a: label, b: label });
    },
    onMouseMove: (state: MouseHandlerDataParam) => {
      const label = labelOf(state);
      const current = ref.current;
      if (current && label !== null && label !== current.b) set({ ...current, b: label });
    },
    onMouseUp: (state: MouseHandlerDataParam) => {
      const current = ref.current;
      const label = labelOf(state);
      const end = label ?? current?.b;
      if (current && end !== undefined && current.a !== end) {
        const range = dragWindow(rows, current.a, end, bucket);
        if (range) onRange(range);
      }
      set(null);
    },
    onMouseLeave: () => set(null),
  };
  return { drag, handlers };
}

/**
 * The label of a deploy line: beside its line, on the side with room (left of it in the chart's
 * right half), and one row lower than the previous marker's so neighbouring deploys stay readable.
 */
function deployLabel(text: string, row: number, leftSide: boolean) {
  function DeployLabel(props: { viewBox?: { x?: number; y?: number } }) {
    const x = props.viewBox?.x ?? 0;
    const y = props.viewBox?.y ?? 0;
    return (
      <text
        x={leftSide ? x - 4 : x + 4}
        y={y + 10 + row * 13}
        textAnchor={leftSide ? 'end' : 'start'}
        fill="var(--accent)"
        fontSize={10.5}
        className="sm-deploy-label"
        style={{ paintOrder: 'stroke', stroke: 'var(--bg)', strokeWidth: 3 }}
      >
        {text}
      </text>
    );
  }
  return DeployLabel;
}

function DeployLines({ markers, rows }: { markers: readonly DeployMarker[]; rows: readonly TrendRow[] }) {
  const index = new Map(rows.map((r, i) => [r.start, i]));
  return markers.map((m, k) => (
    <ReferenceLine
      key={m.start}
      x={m.start}
      stroke="var(--accent)"
      strokeDasharray="4 3"
      strokeWidth={1.5}
      className="sm-deploy-line"
      label={deployLabel(`deploy ${m.label}`, k % 4, (index.get(m.start) ?? 0) > rows.length / 2)}
    />
  ));
}

function Selection({ drag }: { drag: DragState | null }) {
  return drag && drag.a !== drag.b ? <ReferenceArea x1={drag.a} x2={drag.b} fill="var(--accent)" fillOpacity={0.15} stroke="var(--accent)" strokeOpacity={0.4} /> : null;
}

export interface TrendsProps {
  series: SeriesResponse;
  onRange: (range: { from: string; to: string }) => void;
}

export function Trends({ series, onRange }: TrendsProps) {
  const rows = trendRows(series);
  const markers = deployMarkers(series);
  const bucket = series.bucket;
  const { drag, handlers } = useDrag(rows, bucket, onRange);
  const tick = (value: string) => bucketTick(value, bucket);
  const tipLabel = (value: unknown) => `${formatTimestamp(String(value))} · ${bucket} bucket`;
  const xAxis = <XAxis dataKey="start" tickFormatter={tick} tick={AXIS_TICK} minTickGap={24} stroke="var(--line)" />;
  const grid = <CartesianGrid stroke="var(--line)" strokeDasharray="2 4" vertical={false} />;
  const anyDuration = rows.some((r) => r.p50 !== null);
  const anyFinished = rows.some((r) => r.successRate !== null);
  return (
    <div data-testid="trends">
      <div className="sm-trends">
        <section className="sm-trend" data-testid="trend-executions">
          <h3>Executions per {bucket} bucket, by status</h3>
          <div className="sm-trend-chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={rows} margin={MARGIN} {...handlers}>
                {grid}
                {xAxis}
                <YAxis allowDecimals={false} tick={AXIS_TICK} width={40} stroke="var(--line)" />
                <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={tipLabel} cursor={{ fill: 'var(--panel)' }} />
                <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
                <Bar dataKey="succeeded" name="succeeded" stackId="s" fill="var(--ok)" isAnimationActive={false} />
                <Bar dataKey="failed" name="failed" stackId="s" fill="var(--fail)" isAnimationActive={false} />
                <Bar dataKey="timedOut" name="timed out" stackId="s" fill="var(--caught)" isAnimationActive={false} />
                <Bar dataKey="aborted" name="aborted" stackId="s" fill="var(--aborted)" isAnimationActive={false} />
                <Bar dataKey="open" name="running" stackId="s" fill="var(--running)" isAnimationActive={false} />
                <DeployLines markers={markers} rows={rows} />
                <Selection drag={drag} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </section>
        <section className="sm-trend" data-testid="trend-durations">
          <h3>Execution duration p50 / p95 / p99</h3>
          <div className="sm-trend-chart">
            {anyDuration ? (
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={rows} margin={MARGIN} {...handlers}>
                  {grid}
                  {xAxis}
                  <YAxis tickFormatter={(v: number) => formatDurationShort(v)} tick={AXIS_TICK} width={56} stroke="var(--line)" />
                  <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={tipLabel} formatter={(v) => (typeof v === 'number' ? formatDurationShort(v) : '—')} />
                  <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
                  <Line dataKey="p50" name="p50" stroke="var(--ok)" dot={{ r: 1.5 }} connectNulls isAnimationActive={false} strokeWidth={1.5} />
                  <Line dataKey="p95" name="p95" stroke="var(--caught)" dot={{ r: 1.5 }} connectNulls isAnimationActive={false} strokeWidth={1.5} />
                  <Line dataKey="p99" name="p99" stroke="var(--fail)" dot={{ r: 1.5 }} connectNulls isAnimationActive={false} strokeWidth={1.5} />
                  <DeployLines markers={markers} rows={rows} />
                  <Selection drag={drag} />
                </LineChart>
              </ResponsiveContainer>
            ) : (
              <p className="sm-empty">No finished execution with a known duration in this window.</p>
            )}
          </div>
        </section>
        <section className="sm-trend" data-testid="trend-success">
          <h3>Success rate (succeeded / finished)</h3>
          <div className="sm-trend-chart">
            {anyFinished ? (
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={rows} margin={MARGIN} {...handlers}>
                  {grid}
                  {xAxis}
                  <YAxis domain={[0, 100]} tickFormatter={(v: number) => `${v} %`} tick={AXIS_TICK} width={48} stroke="var(--line)" />
                  <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={tipLabel} formatter={(v) => (typeof v === 'number' ? `${v} %` : '—')} />
                  <Line dataKey="successRate" name="success rate" stroke="var(--ok)" dot={{ r: 1.5 }} connectNulls isAnimationActive={false} strokeWidth={1.5} />
                  <DeployLines markers={markers} rows={rows} />
                  <Selection drag={drag} />
                </LineChart>
              </ResponsiveContainer>
            ) : (
              <p className="sm-empty">No finished execution in this window.</p>
            )}
          </div>
        </section>
      </div>
      <p className="sm-hint" data-testid="deploy-markers" data-count={markers.length} data-revisions={markers.flatMap((m) => m.revisionIds).join(' ')}>
        {markers.length === 0
          ? 'No deploy in this window (no definition revision first seen in it).'
          : `Deploys (dashed lines): ${markers.map((m) => `${m.label} first ran ${formatTimestamp(m.firstSeen)}`).join('; ')}.`}{' '}
        Drag across a chart to zoom the window to those buckets.
      </p>
    </div>
  );
}
