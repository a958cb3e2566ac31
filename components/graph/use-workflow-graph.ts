'use client';
// Memoised graph, layout and overlay for a page: the graph and layout follow the definition
// (and direction) only, the overlay follows the runs and the selected iteration (DESIGN.md §1).
import { useMemo } from 'react';
import { buildGraph } from '@/lib/graph/build-graph';
import { graphOverlay } from '@/lib/graph/graph-overlay';
import { layoutGraph } from '@/lib/graph/layout-graph';
import type { ExecutionGraph, GraphDirection, GraphLayout, GraphOverlay, OverlaySelection } from '@/lib/graph/types';
import type { StateRun } from '@/lib/history/types';

export function useWorkflowGraph(
  definition: unknown,
  runs: readonly StateRun[] | null | undefined,
  direction: GraphDirection,
  selection?: OverlaySelection,
): { graph: ExecutionGraph; layout: GraphLayout; overlay: GraphOverlay | null } {
  const graph = useMemo(() => buildGraph(definition), [definition]);
  const layout = useMemo(() => layoutGraph(graph, { direction }), [graph, direction]);
  const mapKey = selection?.mapIndex?.join(',') ?? '';
  const mapNodeId = selection?.mapNodeId;
  const overlay = useMemo(
    () => (runs ? graphOverlay(graph, runs, mapKey === '' ? undefined : { mapIndex: mapKey.split(',').map(Number), mapNodeId }) : null),
    [graph, runs, mapKey, mapNodeId],
  );
  return { graph, layout, overlay };
}
