// Runs -> GraphOverlay (DESIGN.md §2.3): each node's status is the status of its run in the
// selected Map iteration, else its worst run (FAILED > CAUGHT > ABORTED > RUNNING > SUCCEEDED),
// else NOT_STARTED. Depends on the runs only; the layout is never recomputed for it.

// The status words and the severity order are lib/history's (statuses.ts).
import { NOT_STARTED, severity, worseStatus } from '../history/statuses.ts';
import type { StateRun } from '../history/types.ts';
import type { ExecutionGraph, GraphNode, GraphOverlay, NodeOverlay, NodeStatus, OverlaySelection } from './types.ts';

function emptyOverlay(): NodeOverlay {
  return { status: NOT_STARTED, runCount: 0, totalDurationMs: null, lastDurationMs: null, maxAttempts: 0, retries: 0, error: null, runIndex: null, runIndexes: [] };
}

/**
 * Maps each run to a node. Names repeat across scopes only in unusual definitions; a run is placed
 * through its enclosing run (`parentRunIndex`) and Parallel `branchIndex` when the analysis gave
 * them, else at the unique node of that name, else at the shallowest one.
 */
export function matchRuns(graph: ExecutionGraph, runs: readonly StateRun[]): Array<string | null> {
  const byName = new Map<string, GraphNode[]>();
  for (const id of graph.nodeOrder) {
    const n = graph.nodes[id];
    if (!n || n.kind !== 'state') continue;
    const list = byName.get(n.stateName) ?? [];
    list.push(n);
    byName.set(n.stateName, list);
  }
  const out: Array<string | null> = new Array<string | null>(runs.length).fill(null);
  const resolve = (i: number, depth: number): string | null => {
    const run = runs[i];
    if (!run) return null;
    if (out[i] !== null) return out[i] ?? null;
    const candidates = byName.get(run.stateName) ?? [];
    let chosen: GraphNode | undefined;
    if (candidates.length === 1) chosen = candidates[0];
    else if (candidates.length > 1) {
      const parent = typeof run.parentRunIndex === 'number' && run.parentRunIndex < i && depth < 64 ? resolve(run.parentRunIndex, depth + 1) : null;
      if (parent !== null) {
        const container = graph.nodes[parent];
        let scopeIds = container?.childScopeIds ?? [];
        if (container?.stateType === 'Parallel' && typeof run.branchIndex === 'number') {
          const branch = scopeIds[run.branchIndex];
          if (branch !== undefined) scopeIds = [branch];
        }
        chosen = candidates.find((c) => scopeIds.includes(c.scopeId));
      } else if (run.parentRunIndex === null || run.parentRunIndex === undefined) {
        chosen = candidates.find((c) => c.scopeId === graph.rootScopeId) ?? (run.mapIndex.length > 0 ? candidates.find((c) => c.depth > 0) : undefined);
      }
      chosen ??= candidates.reduce((a, b) => (b.depth < a.depth ? b : a));
    }
    out[i] = chosen?.id ?? null;
    return out[i] ?? null;
  };
  for (let i = 0; i < runs.length; i++) resolve(i, 0);
  return out;
}

/** True when node `id` lies inside container `containerId` (at any depth). */
function isInside(graph: ExecutionGraph, id: string, containerId: string): boolean {
  let scope = graph.scopes[graph.nodes[id]?.scopeId ?? ''];
  for (let guard = 0; scope && guard < 256; guard++) {
    if (scope.containerId === null) return false;
    if (scope.containerId === containerId) return true;
    scope = graph.scopes[graph.nodes[scope.containerId]?.scopeId ?? ''];
  }
  return false;
}

/** Does `run` belong to the selected iteration? Runs outside the selection's depth always do. */
function inSelection(run: StateRun, selected: readonly number[]): boolean {
  const n = Math.min(run.mapIndex.length, selected.length);
  for (let i = 0; i < n; i++) if (run.mapIndex[i] !== selected[i]) return false;
  return true;
}

/**
 * The overlay of `runs` (in ExecutionAnalysis order: `parentRunIndex` refers to it) on `graph`.
 * With `selection.mapIndex`, nodes inside Maps count only the runs of that iteration (nodes
 * outside the selected Map, or outside `selection.mapNodeId`, keep all their runs).
 */
export function graphOverlay(graph: ExecutionGraph, runs: readonly StateRun[], selection?: OverlaySelection): GraphOverlay {
  const nodes: Record<string, NodeOverlay> = {};
  for (const id of graph.nodeOrder) nodes[id] = emptyOverlay();
  const matched = matchRuns(graph, runs);
  const unmatchedRuns: number[] = [];
  const selected = selection?.mapIndex && selection.mapIndex.length > 0 ? selection.mapIndex : null;
  const mapNodeId = selection?.mapNodeId ?? null;
  const followsSelection = new Map<string, boolean>();
  const follows = (id: string): boolean => {
    let v = followsSelection.get(id);
    if (v === undefined) {
      v = mapNodeId === null ? true : isInside(graph, id, mapNodeId);
      followsSelection.set(id, v);
    }
    return v;
  };

  runs.forEach((run, i) => {
    const id = matched[i];
    const o = id === null || id === undefined ? undefined : nodes[id];
    if (!o || id === null || id === undefined) {
      unmatchedRuns.push(i);
      return;
    }
    if (selected && run.mapIndex.length > 0 && follows(id) && !inSelection(run, selected)) return;
    o.runIndexes.push(i);
  });

  for (const id of graph.nodeOrder) {
    const o = nodes[id] as NodeOverlay;
    if (o.runIndexes.length === 0) continue;
    let total: number | null = null;
    let status: NodeStatus = NOT_STARTED;
    let decider: number | null = null;
    let lastError: string | null = null;
    for (const i of o.runIndexes) {
      const run = runs[i] as StateRun;
      if (typeof run.durationMs === 'number' && Number.isFinite(run.durationMs)) total = (total ?? 0) + run.durationMs;
      o.maxAttempts = Math.max(o.maxAttempts, Number.isFinite(run.attempts) ? run.attempts : 0);
      // Ties go to the latest run: its error is the freshest.
      if (severity(run.status) >= severity(status)) {
        status = run.status;
        decider = i;
      }
      if (run.error !== null && run.error !== undefined) lastError = run.error;
    }
    const last = runs[o.runIndexes[o.runIndexes.length - 1] as number] as StateRun;
    o.status = status;
    o.runCount = o.runIndexes.length;
    o.totalDurationMs = total;
    o.lastDurationMs = typeof last.durationMs === 'number' ? last.durationMs : null;
    o.retries = Math.max(0, o.maxAttempts - 1);
    o.runIndex = decider;
    const deciding = decider === null ? null : runs[decider];
    o.error = deciding && (status === 'FAILED' || status === 'CAUGHT') && deciding.error ? deciding.error : lastError;
  }

  const scopes: Record<string, NodeStatus> = {};
  for (const sid of [...graph.scopeOrder].reverse()) {
    const scope = graph.scopes[sid];
    if (!scope) continue;
    let s: NodeStatus = NOT_STARTED;
    for (const id of scope.nodeIds) {
      const n = graph.nodes[id];
      if (n?.kind === 'state') s = worseStatus(s, (nodes[id] as NodeOverlay).status);
    }
    scopes[sid] = s;
  }
  return { nodes, scopes, unmatchedRuns };
}
