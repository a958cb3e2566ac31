// ExecutionGraph -> GraphLayout: a layered (Sugiyama) layout per scope with dagre, nested bottom-up.
//
// Why per scope: ASL transitions never leave their scope (a branch or an item processor only
// moves between its own states), so every scope is an independent layered graph, and a
// Parallel/Map container is just a big node of its parent scope whose size is known once its
// children are laid out. This gives the same picture as a compound layout at a fraction of the
// cost (dagre's compound mode took ~670 ms on the 200-state bench definition, per scope ~50-100 ms;
// elkjs with hierarchy handling ~130 ms and async). Edges never cross container borders.
//
// Sizes come from text estimates (text-metrics.ts), not DOM measurement: lib/graph is pure, and
// the renderer draws exactly the strings chosen here (`displayName`, `displayLabel`), so they fit.

import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import { fitText, textWidth } from './text-metrics.ts';
import type { Box, ExecutionGraph, GraphDirection, GraphLayout, GraphNode, LaidOutEdge, LaidOutNode, LaidOutScope, Point } from './types.ts';

/** Geometry shared with the renderer (px). */
export const GEOMETRY = {
  nameFont: 12,
  detailFont: 10.5,
  labelFont: 10.5,
  nodeHeight: 46,
  nodeMinWidth: 150,
  nodeMaxWidth: 250,
  /** Left area of a node holding the status icon. */
  iconArea: 30,
  nodePadRight: 10,
  markerSize: 16,
  missingHeight: 30,
  containerHeader: 34,
  containerPad: 12,
  scopeLabelBand: 18,
  scopePad: 14,
  branchGap: 16,
  edgeLabelHeight: 16,
  edgeLabelMaxWidth: 190,
  nodesep: 28,
  ranksep: 38,
  edgesep: 12,
} as const;

const G = GEOMETRY;

export interface LayoutOptions {
  direction: GraphDirection;
}

interface Sized {
  width: number;
  height: number;
}

/** A scope laid out in its own coordinates (origin = top-left of the scope box). */
interface ScopeResult extends Sized {
  nodes: Map<string, Box>;
  edges: Map<string, { points: Point[]; label: Point | null }>;
}

/** Secondary line of a node: type and detail, plus the static retry summary. */
export function nodeDetailText(node: GraphNode): string {
  const type = node.stateType === 'Unknown' ? (node.rawType ?? 'Unknown type') : node.stateType;
  const parts = [node.detail === null ? type : `${type} · ${node.detail}`];
  if (node.retry) parts.push(node.retry.label);
  return parts.join(' · ');
}

function leafSize(node: GraphNode): Sized {
  if (node.kind === 'start' || node.kind === 'end') return { width: G.markerSize, height: G.markerSize };
  if (node.kind === 'missing') {
    const w = textWidth(`Missing: ${node.stateName}`, G.detailFont) + 20;
    return { width: Math.min(G.nodeMaxWidth, Math.max(110, w)), height: G.missingHeight };
  }
  const name = textWidth(node.stateName, G.nameFont, true);
  const detail = textWidth(nodeDetailText(node), G.detailFont);
  const w = Math.max(name, detail) + G.iconArea + G.nodePadRight;
  return { width: Math.ceil(Math.min(G.nodeMaxWidth, Math.max(G.nodeMinWidth, w + 1))), height: G.nodeHeight };
}

class Layouter {
  readonly nodeBoxes = new Map<string, { scopeId: string; rel: Box }>();
  readonly scopeResults = new Map<string, ScopeResult>();
  /** Container node id -> scope boxes relative to the container's top-left. */
  readonly childScopeBoxes = new Map<string, Map<string, Box>>();
  readonly containerSizes = new Map<string, Sized>();

  constructor(
    private readonly graph: ExecutionGraph,
    private readonly direction: GraphDirection,
  ) {}

  private edgesByScope(): Map<string, ExecutionGraph['edges']> {
    const out = new Map<string, ExecutionGraph['edges']>();
    for (const e of this.graph.edges) {
      const list = out.get(e.scopeId) ?? [];
      list.push(e);
      out.set(e.scopeId, list);
    }
    return out;
  }

  private nodeSize(id: string): Sized {
    const node = this.graph.nodes[id] as GraphNode;
    return node.childScopeIds.length > 0 ? (this.containerSizes.get(id) ?? { width: G.nodeMinWidth, height: G.nodeHeight }) : leafSize(node);
  }

  /** Lays out a container from its already laid-out child scopes. */
  private layoutContainer(node: GraphNode): void {
    const boxes = new Map<string, Box>();
    const header = textWidth(node.stateName, G.nameFont, true) + G.iconArea + G.nodePadRight + textWidth(nodeDetailText(node), G.detailFont) + 16;
    const horizontal = this.direction === 'TB'; // branches run side by side across the flow
    let cursor = 0;
    let cross = 0;
    for (const sid of node.childScopeIds) {
      const r = this.scopeResults.get(sid) as ScopeResult;
      const box = horizontal
        ? { x: G.containerPad + cursor, y: G.containerHeader, width: r.width, height: r.height }
        : { x: G.containerPad, y: G.containerHeader + cursor, width: r.width, height: r.height };
      boxes.set(sid, box);
      cursor += (horizontal ? r.width : r.height) + G.branchGap;
      cross = Math.max(cross, horizontal ? r.height : r.width);
    }
    cursor = Math.max(0, cursor - G.branchGap);
    // Equalise branch boxes across the flow so they read as parallel lanes.
    for (const box of boxes.values()) {
      if (horizontal) box.height = cross;
      else box.width = cross;
    }
    let width = (horizontal ? cursor : cross) + 2 * G.containerPad;
    const height = G.containerHeader + (horizontal ? cross : cursor) + G.containerPad;
    if (width < header) {
      // A long header: widen and centre the content under it.
      const shift = (header - width) / 2;
      for (const box of boxes.values()) box.x += shift;
      width = header;
    }
    this.childScopeBoxes.set(node.id, boxes);
    this.containerSizes.set(node.id, { width: Math.ceil(width + 1), height: Math.ceil(height) });
  }

  /**
   * Fast path for a scope that is one straight chain (start -> a -> b -> ... -> end, no labels,
   * no branching): what dagre would draw, without its ~1 ms fixed cost per call. Branches and item
   * processors are mostly like this. Returns null when the scope is not a plain chain.
   */
  private layoutChain(scopeId: string, edges: ExecutionGraph['edges']): ScopeResult | null {
    const scope = this.graph.scopes[scopeId];
    if (!scope || edges.length !== scope.nodeIds.length - 1) return null;
    const next = new Map<string, ExecutionGraph['edges'][number]>();
    const hasIn = new Set<string>();
    for (const e of edges) {
      if (e.label !== null || e.from === e.to || next.has(e.from) || hasIn.has(e.to)) return null;
      next.set(e.from, e);
      hasIn.add(e.to);
    }
    const order: string[] = [scope.startId];
    for (let id = scope.startId; next.has(id); ) {
      id = (next.get(id) as ExecutionGraph['edges'][number]).to;
      order.push(id);
      if (order.length > scope.nodeIds.length) return null;
    }
    if (order.length !== scope.nodeIds.length) return null;
    const tb = this.direction === 'TB';
    const sizes = order.map((id) => this.nodeSize(id));
    const cross = Math.max(...sizes.map((z) => (tb ? z.width : z.height)));
    const label = scope.label === '' ? 0 : G.scopeLabelBand;
    const ox = G.scopePad;
    const oy = G.scopePad + label;
    const nodes = new Map<string, Box>();
    let along = 0;
    order.forEach((id, i) => {
      const z = sizes[i] as Sized;
      const box = tb ? { x: ox + (cross - z.width) / 2, y: oy + along, width: z.width, height: z.height } : { x: ox + along, y: oy + (cross - z.height) / 2, width: z.width, height: z.height };
      nodes.set(id, box);
      along += (tb ? z.height : z.width) + G.ranksep;
    });
    along -= G.ranksep;
    const out = new Map<string, { points: Point[]; label: Point | null }>();
    for (const e of edges) {
      const a = nodes.get(e.from) as Box;
      const b = nodes.get(e.to) as Box;
      const points = tb
        ? [
            { x: ox + cross / 2, y: a.y + a.height },
            { x: ox + cross / 2, y: b.y },
          ]
        : [
            { x: a.x + a.width, y: oy + cross / 2 },
            { x: b.x, y: oy + cross / 2 },
          ];
      out.set(e.id, { points, label: null });
    }
    const minWidth = scope.label === '' ? 0 : textWidth(scope.label, G.detailFont) + 2 * G.scopePad;
    const width = (tb ? cross : along) + 2 * G.scopePad;
    const height = (tb ? along : cross) + oy + G.scopePad;
    return { width: Math.ceil(Math.max(width, minWidth)), height: Math.ceil(height), nodes, edges: out };
  }

  private layoutScope(scopeId: string, edges: ExecutionGraph['edges']): ScopeResult {
    const scope = this.graph.scopes[scopeId];
    if (!scope) return { width: 0, height: 0, nodes: new Map(), edges: new Map() };
    const chain = this.layoutChain(scopeId, edges);
    if (chain) return chain;
    const d = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
    d.setGraph({ rankdir: this.direction, nodesep: G.nodesep, ranksep: G.ranksep, edgesep: G.edgesep, marginx: 0, marginy: 0 });
    for (const id of scope.nodeIds) d.setNode(id, { ...this.nodeSize(id) });
    for (const e of edges) {
      const label = e.label === null ? null : fitText(e.label, G.edgeLabelMaxWidth, G.labelFont);
      const cfg = label === null ? { minlen: 1 } : { minlen: 1, width: textWidth(label, G.labelFont) + 10, height: G.edgeLabelHeight, labelpos: 'c' as const };
      d.setEdge(e.from, e.to, cfg, e.id);
    }
    dagre.layout(d, { disableOptimalOrderHeuristic: scope.nodeIds.length > 60 });
    const label = scope.label === '' ? 0 : G.scopeLabelBand;
    const ox = G.scopePad;
    const oy = G.scopePad + label;
    let maxX = 0;
    let maxY = 0;
    const nodes = new Map<string, Box>();
    for (const id of scope.nodeIds) {
      const n = d.node(id);
      const box = { x: (n.x ?? 0) - n.width / 2 + ox, y: (n.y ?? 0) - n.height / 2 + oy, width: n.width, height: n.height };
      nodes.set(id, box);
      maxX = Math.max(maxX, box.x + box.width);
      maxY = Math.max(maxY, box.y + box.height);
    }
    const out = new Map<string, { points: Point[]; label: Point | null }>();
    for (const e of edges) {
      const lab = d.edge(e.from, e.to, e.id);
      const points = (lab?.points ?? []).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).map((p) => ({ x: p.x + ox, y: p.y + oy }));
      for (const p of points) {
        maxX = Math.max(maxX, p.x);
        maxY = Math.max(maxY, p.y);
      }
      let labelPoint: Point | null = null;
      if (e.label !== null && lab && typeof lab.x === 'number' && typeof lab.y === 'number') {
        labelPoint = { x: lab.x + ox, y: lab.y + oy };
        maxX = Math.max(maxX, labelPoint.x + (lab.width ?? 0) / 2);
        maxY = Math.max(maxY, labelPoint.y + (lab.height ?? 0) / 2);
      }
      out.set(e.id, { points, label: labelPoint });
    }
    const minWidth = scope.label === '' ? 0 : textWidth(scope.label, G.detailFont) + 2 * G.scopePad;
    return { width: Math.ceil(Math.max(maxX + G.scopePad, minWidth)), height: Math.ceil(maxY + G.scopePad), nodes, edges: out };
  }

  run(): GraphLayout {
    const byScope = this.edgesByScope();
    // Inner scopes first (scopeOrder lists outer before inner), so container sizes are known.
    for (const sid of [...this.graph.scopeOrder].reverse()) {
      const scope = this.graph.scopes[sid];
      if (!scope) continue;
      for (const id of scope.nodeIds) {
        const node = this.graph.nodes[id];
        if (node && node.childScopeIds.length > 0 && !this.containerSizes.has(id)) this.layoutContainer(node);
      }
      this.scopeResults.set(sid, this.layoutScope(sid, byScope.get(sid) ?? []));
    }

    // Then place everything absolutely, outer to inner.
    const nodes: Record<string, LaidOutNode> = {};
    const scopes: Record<string, LaidOutScope> = {};
    const edges: Record<string, LaidOutEdge> = {};
    const origin = new Map<string, Point>([[this.graph.rootScopeId, { x: 0, y: 0 }]]);
    const edgeLabel = new Map(this.graph.edges.map((e) => [e.id, e.label]));
    for (const sid of this.graph.scopeOrder) {
      const r = this.scopeResults.get(sid);
      const o = origin.get(sid);
      if (!r || !o) continue;
      scopes[sid] = { id: sid, x: o.x, y: o.y, width: r.width, height: r.height };
      for (const [id, rel] of r.nodes) {
        const node = this.graph.nodes[id] as GraphNode;
        const box = { x: rel.x + o.x, y: rel.y + o.y, width: rel.width, height: rel.height };
        const container = node.childScopeIds.length > 0;
        const nameRoom = box.width - G.iconArea - G.nodePadRight;
        nodes[id] = {
          id,
          ...box,
          headerHeight: container ? G.containerHeader : 0,
          displayName: node.kind === 'missing' ? fitText(`Missing: ${node.stateName}`, box.width - 16, G.detailFont) : fitText(node.stateName, nameRoom, G.nameFont, true),
          displayDetail: node.kind === 'state' ? fitText(nodeDetailText(node), container ? Math.max(40, nameRoom - textWidth(node.stateName, G.nameFont, true) - 12) : nameRoom, G.detailFont) : null,
        };
        const childBoxes = this.childScopeBoxes.get(id);
        if (childBoxes) for (const [csid, cb] of childBoxes) origin.set(csid, { x: box.x + cb.x, y: box.y + cb.y });
        // Child scopes take the lane size chosen by the container (equalised lanes).
        if (childBoxes) for (const [csid, cb] of childBoxes) this.laneSize.set(csid, cb);
      }
      const lane = this.laneSize.get(sid);
      if (lane) {
        const s = scopes[sid] as LaidOutScope;
        s.width = lane.width;
        s.height = lane.height;
      }
      for (const [eid, rel] of r.edges) {
        const label = edgeLabel.get(eid) ?? null;
        edges[eid] = {
          id: eid,
          points: rel.points.map((p) => ({ x: p.x + o.x, y: p.y + o.y })),
          labelPosition: rel.label ? { x: rel.label.x + o.x, y: rel.label.y + o.y } : null,
          displayLabel: label === null ? null : fitText(label, G.edgeLabelMaxWidth, G.labelFont),
        };
      }
    }
    const root = this.scopeResults.get(this.graph.rootScopeId);
    return {
      hash: this.graph.hash,
      direction: this.direction,
      width: root?.width ?? 0,
      height: root?.height ?? 0,
      nodes,
      scopes,
      edges,
    };
  }

  private readonly laneSize = new Map<string, Box>();
}

/** Memo of layouts by definition hash + direction (small LRU: a dashboard shows a few machines). */
const memo = new Map<string, GraphLayout>();
const MEMO_SIZE = 32;

/**
 * Lays out a graph. Deterministic and memoised by `graph.hash` + direction: the same definition
 * is laid out once (the overlay is painted over the cached layout). Never throws: a layout
 * failure yields an empty layout.
 */
export function layoutGraph(graph: ExecutionGraph, options: LayoutOptions = { direction: 'TB' }): GraphLayout {
  const direction: GraphDirection = options.direction === 'LR' ? 'LR' : 'TB';
  const key = `${graph.hash}|${direction}`;
  const hit = memo.get(key);
  if (hit) {
    memo.delete(key);
    memo.set(key, hit);
    return hit;
  }
  let layout: GraphLayout;
  try {
    layout = new Layouter(graph, direction).run();
  } catch {
    layout = { hash: graph.hash, direction, width: 0, height: 0, nodes: {}, scopes: {}, edges: {} };
  }
  memo.set(key, layout);
  if (memo.size > MEMO_SIZE) {
    const oldest = memo.keys().next().value;
    if (oldest !== undefined) memo.delete(oldest);
  }
  return layout;
}

/** Empties the layout memo (benchmarks and tests measure cold layouts with it). */
export function clearLayoutMemo(): void {
  memo.clear();
}
