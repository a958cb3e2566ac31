'use client';
// The workflow graph: an SVG drawing of a laid-out ExecutionGraph with the run overlay painted
// on it. The layout (positions) is computed once per definition by lib/graph and passed in; this
// component only draws. d3-zoom pans and zooms one transform group and never re-renders React.
//
// The SVG's viewBox is the content box, so the first paint (also server-side) shows the whole
// graph fitted; a graph too big to read when fitted is then zoomed to a readable scale at its start.
// All names, labels and errors are rendered as text nodes: hostile content stays text.

import { line, curveBasis, select, zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3';
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { formatDuration } from '@/components/format';
import { GEOMETRY } from '@/lib/graph/layout-graph';
import { textWidth } from '@/lib/graph/text-metrics';
import { NOT_STARTED } from '@/lib/history';
import type { ExecutionGraph, GraphDirection, GraphLayout, GraphNode, GraphOverlay, LaidOutNode, NodeOverlay, NodeStatus } from '@/lib/graph/types';
import { exportPng, exportSvg } from './export-graph';
import { GraphLegend } from './graph-legend';
import { STATUS_LABELS, StatusIcon } from './status-icon';
import './workflow-graph.css';

export interface WorkflowGraphProps {
  graph: ExecutionGraph;
  layout: GraphLayout;
  overlay?: GraphOverlay | null;
  /** Called with the clicked (or keyboard-activated) state node. */
  onSelect?: (node: GraphNode) => void;
  /** Highlights the nodes of this state name (all of them, if a name repeats in several scopes). */
  selectedStateName?: string | null;
  /** Highlights exactly this node (takes precedence over selectedStateName). */
  selectedNodeId?: string | null;
  /** The direction `layout` was computed for; the toggle asks for the other one. */
  direction: GraphDirection;
  onDirectionChange?: (direction: GraphDirection) => void;
  /** File name stem for exports. */
  name?: string;
  /** CSS height of the drawing area (default 560px). */
  height?: number | string;
  /** Hide the legend (e.g. in thumbnails). */
  hideLegend?: boolean;
  /**
   * Aggregate paint by state name (the state machine page's heatmap, computed by lib/graph
   * aggregate-overlay): a node with an entry gets its class (the colour), its figure as the badge
   * and its tooltip, instead of the run overlay's status icon and badges.
   */
  heat?: Readonly<Record<string, NodeHeatPaint>> | null;
  /** A linked note per node id (the execution page: a Distributed Map's Map Run counts). */
  notes?: Readonly<Record<string, NodeNote>> | null;
}

/** A note drawn on a node as a link (its words computed by lib, e.g. lib/history mapRunBadge). */
export interface NodeNote {
  text: string;
  /** A shorter form, drawn when `text` does not fit the node's header. */
  short?: string;
  title: string;
  href: string;
  /** Painted as a failure (children failed). */
  bad: boolean;
}

/** How one node is painted by an aggregate overlay. */
export interface NodeHeatPaint {
  /** CSS class giving the colour (defined by the page that paints). */
  className: string;
  /** The value of data-heat (e.g. the colour level, or "no-runs"), for tests and styling. */
  key: string;
  /** The figure written on the node. */
  label: string;
  /** The tooltip. */
  title: string;
}

const MARGIN = 28;
/** Smallest viewBox (layout units): about the panel's size at 1:1. */
const MIN_VIEW = { width: 640, height: 420 };
/** Below this many screen px per layout unit, labels are unreadable: start zoomed in instead. */
const READABLE_SCALE = 0.55;
const NOT_RUN: NodeOverlay = {
  status: NOT_STARTED,
  runCount: 0,
  totalDurationMs: null,
  lastDurationMs: null,
  maxAttempts: 0,
  retries: 0,
  error: null,
  runIndex: null,
  runIndexes: [],
};

const pathOf = line<{ x: number; y: number }>()
  .x((p) => p.x)
  .y((p) => p.y)
  .curve(curveBasis);

function edgePath(points: Array<{ x: number; y: number }>): string {
  if (points.length < 2) return '';
  if (points.length === 2) {
    const [a, b] = points as [{ x: number; y: number }, { x: number; y: number }];
    return `M${a.x},${a.y}L${b.x},${b.y}`;
  }
  return pathOf(points) ?? '';
}

/** Screen px per layout unit when the viewBox is fitted into the element. */
function fitScale(svg: SVGSVGElement): number {
  const vb = svg.viewBox.baseVal;
  const r = svg.getBoundingClientRect();
  if (!vb || vb.width === 0 || vb.height === 0 || r.width === 0 || r.height === 0) return 1;
  return Math.min(r.width / vb.width, r.height / vb.height);
}

/** The part of layout space visible under transform `t` (in layout units). */
function visibleRect(svg: SVGSVGElement, t: ZoomTransform) {
  const vb = svg.viewBox.baseVal;
  const r = svg.getBoundingClientRect();
  const s = fitScale(svg);
  // viewBox units visible (preserveAspectRatio xMidYMid meet centres the box).
  const vw = r.width / s;
  const vh = r.height / s;
  const x0 = vb.x - (vw - vb.width) / 2;
  const y0 = vb.y - (vh - vb.height) / 2;
  return { x0: (x0 - t.x) / t.k, y0: (y0 - t.y) / t.k, x1: (x0 + vw - t.x) / t.k, y1: (y0 + vh - t.y) / t.k, viewX0: x0, viewY0: y0, vw, vh };
}

function badgeList(o: NodeOverlay): Array<{ key: string; text: string; title: string; className: string }> {
  const out: Array<{ key: string; text: string; title: string; className: string }> = [];
  if (o.retries > 0) out.push({ key: 'r', text: `↻ ${o.retries}`, title: `${o.retries} ${o.retries === 1 ? 'retry' : 'retries'} (${o.maxAttempts} attempts)`, className: 'wg-badge wg-badge-retry' });
  if (o.runCount > 1) out.push({ key: 'n', text: `×${o.runCount}`, title: `${o.runCount} runs`, className: 'wg-badge' });
  if (o.totalDurationMs !== null) out.push({ key: 'd', text: formatDuration(o.totalDurationMs), title: o.runCount > 1 ? `total ${formatDuration(o.totalDurationMs)}, last ${formatDuration(o.lastDurationMs)}` : 'duration', className: 'wg-badge' });
  return out;
}

/** Pills sitting on the top edge of a node, right-aligned. Widths estimated like the layout's. */
function Badges({ box, overlay }: { box: LaidOutNode; overlay: NodeOverlay }) {
  const badges = badgeList(overlay);
  if (badges.length === 0) return null;
  let right = box.width - 6;
  return (
    <g className="wg-badges">
      {badges.map((b) => {
        const w = Math.ceil(textWidth(b.text, 10) + 10);
        right -= w;
        const x = right;
        right -= 4;
        return (
          <g key={b.key} className={b.className} transform={`translate(${x},-8)`}>
            <title>{b.title}</title>
            <rect width={w} height={16} rx={8} />
            <text x={w / 2} y={11.5} textAnchor="middle">
              {b.text}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function nodeTitle(node: GraphNode, o: NodeOverlay, warningsFor: string | null): string {
  const lines = [node.stateName, `${node.rawType ?? node.stateType} · ${STATUS_LABELS[o.status]}`];
  if (o.runCount > 0) lines.push(`${o.runCount} run${o.runCount === 1 ? '' : 's'}${o.totalDurationMs !== null ? ` · ${formatDuration(o.totalDurationMs)}` : ''}`);
  if (node.retry) lines.push(node.retry.retriers.map((r) => `Retry ${r.errorEquals.join(', ') || '?'} ×${r.maxAttempts} (${r.intervalSeconds}s, backoff ${r.backoffRate})`).join('\n'));
  if (o.error) lines.push(`Error: ${o.error}`);
  if (node.comment) lines.push(node.comment);
  if (warningsFor) lines.push(warningsFor);
  return lines.join('\n').slice(0, 2000);
}

interface NodeProps {
  node: GraphNode;
  box: LaidOutNode;
  overlay: NodeOverlay;
  selected: boolean;
  onActivate?: (node: GraphNode) => void;
  heat?: NodeHeatPaint | undefined;
  note?: NodeNote | undefined;
}

/**
 * The note as a link. On a container (a Distributed Map) it sits in the header, right-aligned,
 * clear of the edge coming in at the top; when the header's name leaves no room, on the bottom
 * edge; on a leaf, on the top edge from the left (the overlay's badges sit on the right). Its
 * click is its own: it does not also select the node.
 */
function NoteLink({ box, note, container }: { box: LaidOutNode; note: NodeNote; container: boolean }) {
  const widthOf = (text: string) => Math.min(Math.ceil(textWidth(text, 10, true) + 16), Math.max(40, box.width - 12));
  let text = note.text;
  let w = widthOf(text);
  let x = GEOMETRY.iconArea - 4;
  let y = -9;
  if (container) {
    const nameEnd = GEOMETRY.iconArea + textWidth(box.displayName, GEOMETRY.nameFont, true) + (box.displayDetail !== null ? 8 + textWidth(box.displayDetail, GEOMETRY.detailFont) : 0);
    const fits = (width: number) => box.width - 8 - width >= nameEnd + 8;
    if (!fits(w) && note.short !== undefined && fits(widthOf(note.short))) {
      text = note.short;
      w = widthOf(text);
    }
    x = box.width - 8 - w;
    y = fits(w) ? (GEOMETRY.containerHeader - 18) / 2 : box.height - 9;
  }
  return (
    <a href={note.href} className={`wg-note${note.bad ? ' wg-note-bad' : ''}`} data-testid="node-note" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      <title>{note.title}</title>
      <g transform={`translate(${x},${y})`}>
        <rect width={w} height={18} rx={9} />
        <text x={w / 2} y={12.5} textAnchor="middle">
          {text}
        </text>
      </g>
    </a>
  );
}

function HeatBadge({ box, heat }: { box: LaidOutNode; heat: NodeHeatPaint }) {
  const w = Math.ceil(textWidth(heat.label, 10.5) + 12);
  return (
    <g className="wg-badge wg-badge-heat" transform={`translate(${box.width - 6 - w},-9)`}>
      <rect width={w} height={18} rx={9} />
      <text x={w / 2} y={12.5} textAnchor="middle">
        {heat.label}
      </text>
    </g>
  );
}

/** Memoised: selecting a node re-renders the two nodes whose selection changed, not all of them. */
const StateNode = memo(function StateNode({ node, box, overlay, selected, onActivate, heat, note }: NodeProps) {
  const container = node.childScopeIds.length > 0;
  const status: NodeStatus = overlay.status;
  const activate = onActivate ? () => onActivate(node) : undefined;
  const onKeyDown = onActivate
    ? (e: KeyboardEvent<SVGGElement>) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onActivate(node);
        }
      }
    : undefined;
  const cls = [
    'wg-node',
    container ? 'wg-container' : 'wg-leaf',
    `wg-status-${status}`,
    `wg-type-${node.stateType}`,
    selected ? 'wg-selected' : '',
    onActivate ? 'wg-clickable' : '',
    heat ? `wg-heat ${heat.className}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const headerMid = container ? GEOMETRY.containerHeader / 2 : box.height / 2;
  return (
    <g
      className={cls}
      transform={`translate(${box.x},${box.y})`}
      data-state-name={node.stateName}
      data-status={status}
      data-node-id={node.id}
      data-state-type={node.stateType}
      role={onActivate ? 'button' : 'img'}
      tabIndex={onActivate ? 0 : undefined}
      aria-label={`${node.stateName}: ${heat ? heat.label : STATUS_LABELS[status]}`}
      data-heat={heat?.key}
      aria-pressed={onActivate ? selected : undefined}
      onClick={activate}
      onKeyDown={onKeyDown}
    >
      <title>{heat ? `${heat.title}\n${node.rawType ?? node.stateType}` : nodeTitle(node, overlay, null)}</title>
      <rect className="wg-box" width={box.width} height={box.height} rx={container ? 8 : 6} />
      {container ? <rect className="wg-header" width={box.width} height={GEOMETRY.containerHeader} rx={8} /> : null}
      {heat ? null : <StatusIcon status={status} x={15} y={headerMid} />}
      {container ? (
        <text className="wg-name" x={GEOMETRY.iconArea} y={headerMid + 4}>
          {box.displayName}
          {box.displayDetail !== null ? (
            <tspan className="wg-detail" dx={8}>
              {box.displayDetail}
            </tspan>
          ) : null}
        </text>
      ) : (
        <>
          <text className="wg-name" x={GEOMETRY.iconArea} y={19}>
            {box.displayName}
          </text>
          {box.displayDetail !== null ? (
            <text className="wg-detail" x={GEOMETRY.iconArea} y={35}>
              {box.displayDetail}
            </text>
          ) : null}
        </>
      )}
      {heat ? <HeatBadge box={box} heat={heat} /> : <Badges box={box} overlay={overlay} />}
      {note ? <NoteLink box={box} note={note} container={container} /> : null}
    </g>
  );
});

/** Edges and their labels: depend on the layout only, so they skip overlay repaints. */
const EdgeLayer = memo(function EdgeLayer({ graph, layout, markerPrefix }: { graph: ExecutionGraph; layout: GraphLayout; markerPrefix: string }) {
  return (
    <>
      <g className="wg-edges">
        {graph.edges.map((e) => {
          const le = layout.edges[e.id];
          if (!le) return null;
          const arrow = e.kind === 'catch' ? 'catch' : e.dangling ? 'dangling' : 'next';
          return (
            <path
              key={e.id}
              className={`wg-edge wg-edge-${e.kind}${e.dangling ? ' wg-edge-dangling' : ''}`}
              d={edgePath(le.points)}
              markerEnd={`url(#${markerPrefix}-${arrow})`}
              data-edge-kind={e.kind}
            >
              {e.fullLabel !== null ? <title>{e.fullLabel}</title> : null}
            </path>
          );
        })}
      </g>
      <g className="wg-edge-labels">
        {graph.edges.map((e) => {
          const le = layout.edges[e.id];
          if (!le || le.labelPosition === null || le.displayLabel === null) return null;
          const w = Math.max(20, textWidth(le.displayLabel, GEOMETRY.labelFont) + 10);
          return (
            <g key={e.id} className={`wg-edge-label wg-edge-label-${e.kind}`} transform={`translate(${le.labelPosition.x},${le.labelPosition.y})`}>
              <title>{e.fullLabel ?? le.displayLabel}</title>
              <rect x={-w / 2} y={-GEOMETRY.edgeLabelHeight / 2} width={w} height={GEOMETRY.edgeLabelHeight} rx={3} />
              <text y={3.8} textAnchor="middle">
                {le.displayLabel}
              </text>
            </g>
          );
        })}
      </g>
    </>
  );
});

const Marker = memo(function Marker({ node, box }: { node: GraphNode; box: LaidOutNode }) {
  const r = box.width / 2;
  const cx = box.x + r;
  const cy = box.y + box.height / 2;
  if (node.kind === 'start') {
    return (
      <g className="wg-marker wg-marker-start" data-node-kind="start">
        <title>Start</title>
        <circle cx={cx} cy={cy} r={r} />
      </g>
    );
  }
  return (
    <g className="wg-marker wg-marker-end" data-node-kind="end">
      <title>End</title>
      <circle cx={cx} cy={cy} r={r} className="wg-marker-ring" />
      <circle cx={cx} cy={cy} r={r - 4.5} />
    </g>
  );
});

/** Memoised: a parent's re-render with the same graph, layout, overlay and selection draws nothing. */
export const WorkflowGraph = memo(function WorkflowGraph({
  graph,
  layout,
  overlay,
  onSelect,
  selectedStateName,
  selectedNodeId,
  direction,
  onDirectionChange,
  name,
  height = 560,
  hideLegend,
  heat,
  notes,
}: WorkflowGraphProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const layerRef = useRef<SVGGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const markerPrefix = `wg${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;

  // A small graph would be blown up to fill the panel ("meet" scales the box to the element):
  // the box is at least MIN_VIEW wide and tall, centred on the graph, so nodes keep about their
  // natural size.
  const vbWidth = Math.max(MIN_VIEW.width, Math.max(1, layout.width) + 2 * MARGIN);
  const vbHeight = Math.max(MIN_VIEW.height, Math.max(1, layout.height) + 2 * MARGIN);
  const vb = `${layout.width / 2 - vbWidth / 2} ${layout.height / 2 - vbHeight / 2} ${vbWidth} ${vbHeight}`;

  const apply = useCallback((t: ZoomTransform, animate = false) => {
    const svg = svgRef.current;
    const z = zoomRef.current;
    if (!svg || !z) return;
    const sel = select(svg);
    if (animate) sel.transition().duration(250).call(z.transform, t);
    else sel.call(z.transform, t);
  }, []);

  /** Fitted, or — when fitted is unreadable — readable scale at the start of the graph. */
  const initialTransform = useCallback((): ZoomTransform => {
    const svg = svgRef.current;
    if (!svg) return zoomIdentity;
    const s = fitScale(svg);
    if (s >= READABLE_SCALE) return zoomIdentity;
    const k = Math.min(40, 0.85 / s);
    const start = layout.nodes[graph.scopes[graph.rootScopeId]?.startId ?? ''];
    const v = visibleRect(svg, zoomIdentity);
    // The top edge of the graph at the top of the view, centred on the start marker (TB); or the
    // left edge at the left, centred on the start marker vertically (LR).
    const tx = direction === 'TB' ? v.viewX0 + v.vw / 2 - k * (start ? start.x + start.width / 2 : layout.width / 2) : v.viewX0 + 12 / s - k * -12;
    const ty = direction === 'TB' ? v.viewY0 + 12 / s - k * -12 : v.viewY0 + v.vh / 2 - k * (start ? start.y + start.height / 2 : layout.height / 2);
    return zoomIdentity.translate(tx, ty).scale(k);
  }, [direction, graph, layout]);

  useEffect(() => {
    const svg = svgRef.current;
    const layer = layerRef.current;
    if (!svg || !layer) return;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.2, 60])
      .on('zoom', (event: { transform: ZoomTransform }) => {
        layer.setAttribute('transform', event.transform.toString());
      });
    zoomRef.current = z;
    const sel = select(svg);
    sel.call(z).on('dblclick.zoom', null);
    sel.call(z.transform, initialTransform());
    return () => {
      sel.on('.zoom', null);
      zoomRef.current = null;
    };
  }, [initialTransform]);

  // Bring an (externally) selected node into view when it is off screen.
  const selectedBox = useMemo(() => {
    if (selectedNodeId) return layout.nodes[selectedNodeId] ?? null;
    if (!selectedStateName) return null;
    const id = graph.nodeOrder.find((i) => graph.nodes[i]?.kind === 'state' && graph.nodes[i]?.stateName === selectedStateName);
    return id ? (layout.nodes[id] ?? null) : null;
  }, [graph, layout, selectedNodeId, selectedStateName]);
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || !selectedBox || !zoomRef.current) return;
    const t = (svg as SVGSVGElement & { __zoom?: ZoomTransform }).__zoom ?? zoomIdentity;
    const v = visibleRect(svg, t);
    const b = selectedBox;
    const inView = b.x >= v.x0 && b.y >= v.y0 && b.x + b.width <= v.x1 && b.y + b.height <= v.y1;
    if (inView) return;
    const k = Math.max(t.k, Math.min(40, 0.85 / fitScale(svg)));
    const tx = v.viewX0 + v.vw / 2 - k * (b.x + b.width / 2);
    const ty = v.viewY0 + v.vh / 2 - k * (b.y + b.height / 2);
    apply(zoomIdentity.translate(tx, ty).scale(k), true);
  }, [selectedBox, apply]);

  const zoomBy = (factor: number) => {
    const svg = svgRef.current;
    const z = zoomRef.current;
    if (svg && z) select(svg).transition().duration(200).call(z.scaleBy, factor);
  };
  const center = () => {
    const svg = svgRef.current;
    if (!svg) return;
    const t = (svg as SVGSVGElement & { __zoom?: ZoomTransform }).__zoom ?? zoomIdentity;
    const cx = layout.width / 2;
    const cy = layout.height / 2;
    apply(zoomIdentity.translate(cx - t.k * cx, cy - t.k * cy).scale(t.k), true);
  };
  const doExport = (kind: 'svg' | 'png') => {
    const svg = svgRef.current;
    if (!svg) return;
    setExportError(null);
    try {
      if (kind === 'svg') exportSvg(svg, name ?? 'workflow');
      else exportPng(svg, name ?? 'workflow').catch((e: unknown) => setExportError(e instanceof Error ? e.message : String(e)));
    } catch (e) {
      setExportError(e instanceof Error ? e.message : String(e));
    }
  };

  const isSelected = (node: GraphNode) => (selectedNodeId ? node.id === selectedNodeId : !!selectedStateName && node.stateName === selectedStateName);
  const ov = (id: string): NodeOverlay => overlay?.nodes[id] ?? NOT_RUN;

  // Draw order: lanes and containers outer to inner, then edges, then leaf nodes on top.
  const containers: ReactElement[] = [];
  for (const sid of graph.scopeOrder) {
    const scope = graph.scopes[sid];
    const box = layout.scopes[sid];
    if (!scope || !box) continue;
    if (scope.containerId !== null) {
      const status = overlay?.scopes[sid] ?? NOT_STARTED;
      containers.push(
        <g key={`s:${sid}`} className={`wg-scope wg-scope-${scope.kind}`} data-scope-id={sid} data-status={status}>
          <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={6} />
          <text x={box.x + 8} y={box.y + 13}>
            {scope.label}
          </text>
        </g>,
      );
    }
    for (const id of scope.nodeIds) {
      const node = graph.nodes[id];
      const nb = layout.nodes[id];
      if (!node || !nb || node.childScopeIds.length === 0) continue;
      containers.push(<StateNode key={id} node={node} box={nb} overlay={ov(id)} selected={isSelected(node)} onActivate={onSelect} heat={heat?.[node.stateName]} note={notes?.[id]} />);
    }
  }
  const leaves: ReactElement[] = [];
  for (const id of graph.nodeOrder) {
    const node = graph.nodes[id];
    const nb = layout.nodes[id];
    if (!node || !nb || node.childScopeIds.length > 0) continue;
    if (node.kind === 'start' || node.kind === 'end') leaves.push(<Marker key={id} node={node} box={nb} />);
    else if (node.kind === 'missing')
      leaves.push(
        <g key={id} className="wg-missing" transform={`translate(${nb.x},${nb.y})`} data-node-kind="missing">
          <title>{`Missing state: ${node.stateName}`}</title>
          <rect width={nb.width} height={nb.height} rx={6} />
          <text x={nb.width / 2} y={nb.height / 2 + 4} textAnchor="middle">
            {nb.displayName}
          </text>
        </g>,
      );
    else leaves.push(<StateNode key={id} node={node} box={nb} overlay={ov(id)} selected={isSelected(node)} onActivate={onSelect} heat={heat?.[node.stateName]} note={notes?.[id]} />);
  }

  return (
    <div className="wg" data-direction={direction}>
      <div className="wg-toolbar" role="toolbar" aria-label="Graph controls">
        <button type="button" onClick={() => apply(zoomIdentity, true)} title="Fit the whole graph">
          Fit
        </button>
        <button type="button" onClick={center} title="Center">
          Center
        </button>
        <button type="button" onClick={() => zoomBy(1.4)} aria-label="Zoom in" title="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoomBy(1 / 1.4)} aria-label="Zoom out" title="Zoom out">
          −
        </button>
        {onDirectionChange ? (
          <button type="button" onClick={() => onDirectionChange(direction === 'TB' ? 'LR' : 'TB')} title="Switch layout direction" data-action="toggle-direction">
            {direction === 'TB' ? 'Horizontal' : 'Vertical'}
          </button>
        ) : null}
        <span className="wg-toolbar-gap" />
        <button type="button" onClick={() => doExport('svg')} title="Export as SVG">
          SVG
        </button>
        <button type="button" onClick={() => doExport('png')} title="Export as PNG">
          PNG
        </button>
        {exportError ? (
          <span className="wg-error" role="alert">
            {exportError}
          </span>
        ) : null}
      </div>
      <svg
        ref={svgRef}
        className="wg-svg"
        viewBox={vb}
        preserveAspectRatio="xMidYMid meet"
        style={{ height }}
        role="group"
        aria-label={`Workflow graph, ${graph.stateCount} states`}
      >
        <defs>
          {(['next', 'catch', 'dangling'] as const).map((k) => (
            <marker key={k} id={`${markerPrefix}-${k}`} className={`wg-arrow wg-arrow-${k}`} viewBox="0 0 10 10" refX={9} refY={5} markerWidth={7} markerHeight={7} orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" />
            </marker>
          ))}
        </defs>
        <g ref={layerRef} data-zoom-layer="">
          {containers}
          <EdgeLayer graph={graph} layout={layout} markerPrefix={markerPrefix} />
          {leaves}
        </g>
      </svg>
      {hideLegend ? null : <GraphLegend />}
    </div>
  );
});
