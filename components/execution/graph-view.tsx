'use client';
// Graph view: the workflow graph with the run overlay, and one Map iteration picker per Map
// (failed and aborted iterations grouped first). Selecting an iteration repaints the overlay.
import { useMemo, useState } from 'react';
import { WorkflowGraph } from '@/components/graph/workflow-graph';
import { buildGraph } from '@/lib/graph/build-graph';
import { graphOverlay, matchRuns } from '@/lib/graph/graph-overlay';
import { layoutGraph } from '@/lib/graph/layout-graph';
import type { GraphDirection, GraphNode } from '@/lib/graph/types';
import { mapPickers, sameIndex, type MapPicker } from '@/lib/history';
import type { StateRun, StateRunStatus } from '@/lib/history/types';

/** Option-group labels of the iteration groups lib/history forms (iterations that did not succeed). */
const GROUP_LABELS: Partial<Record<StateRunStatus, string>> = { FAILED: 'Failed', CAUGHT: 'Caught error', ABORTED: 'Aborted' };

export interface GraphViewProps {
  definition: unknown;
  runs: StateRun[];
  children: Map<number, number[]>;
  selectedRun: number | null;
  iter: number[] | null;
  mapRun: number | null;
  onSelectNode: (node: GraphNode, runIndexes: number[]) => void;
  onSelectIteration: (mapRun: number, iter: number[] | null) => void;
  name: string;
}

function IterationPicker({ picker, iter, onSelect }: { picker: MapPicker; iter: number[] | null; onSelect: (iter: number[] | null) => void }) {
  const depth = picker.prefix.length;
  const current = iter && iter.length > depth && sameIndex(iter.slice(0, depth), picker.prefix) ? (iter[depth] ?? null) : null;
  const failed = picker.groups.find((g) => g.status === 'FAILED')?.iterations.length ?? 0;
  const positions = picker.iterations.map((i) => i.index);
  const at = current === null ? -1 : positions.indexOf(current);
  const go = (index: number | undefined) => onSelect(index === undefined ? null : [...picker.prefix, index]);
  const option = (i: { index: number; status: string }, group: string) => (
    <option key={`${group}-${i.index}`} value={i.index}>
      #{i.index} · {i.status}
    </option>
  );
  return (
    <div className="ex-picker" data-testid="map-iteration-picker" data-map-state={picker.stateName}>
      <label>
        <span className="ex-picker-name" title={picker.stateName}>
          {picker.stateName}
          {picker.prefix.length > 0 ? ` [${picker.prefix.join(' › ')}]` : ''}
        </span>
        <select
          aria-label={`Iteration of Map ${picker.stateName}`}
          value={current === null ? '' : String(current)}
          onChange={(e) => go(e.target.value === '' ? undefined : Number(e.target.value))}
        >
          <option value="">All {picker.iterations.length} iterations (aggregate)</option>
          {picker.groups.map((g) => (
            <optgroup key={g.status} label={`${GROUP_LABELS[g.status] ?? g.status} (${g.iterations.length})`}>
              {g.iterations.map((i) => option(i, g.status))}
            </optgroup>
          ))}
          <optgroup label="All iterations">{picker.iterations.map((i) => option(i, 'all'))}</optgroup>
        </select>
      </label>
      <button type="button" className="ex-btn" aria-label="Previous iteration" disabled={at <= 0 && current !== null} onClick={() => go(at <= 0 ? positions[positions.length - 1] : positions[at - 1])}>
        ↑
      </button>
      <button type="button" className="ex-btn" aria-label="Next iteration" disabled={at >= positions.length - 1} onClick={() => go(positions[at + 1])}>
        ↓
      </button>
      {failed > 0 ? <span className="status status-FAILED">{failed} failed</span> : null}
    </div>
  );
}

export function GraphView({ definition, runs, children, selectedRun, iter, mapRun, onSelectNode, onSelectIteration, name }: GraphViewProps) {
  const [direction, setDirection] = useState<GraphDirection>('TB');
  const pickers = useMemo(() => mapPickers(runs, children, iter), [runs, children, iter]);
  const graph = useMemo(() => buildGraph(definition ?? {}), [definition]);
  const layout = useMemo(() => layoutGraph(graph, { direction }), [graph, direction]);
  const matched = useMemo(() => matchRuns(graph, runs), [graph, runs]);
  const mapNodeId = mapRun !== null ? (matched[mapRun] ?? undefined) : undefined;
  const iterKey = iter ? iter.join(',') : '';
  const shown = useMemo(
    () => graphOverlay(graph, runs, iterKey === '' ? undefined : { mapIndex: iterKey.split(',').map(Number), mapNodeId }),
    [graph, runs, iterKey, mapNodeId],
  );
  if (definition === null || definition === undefined) {
    return (
      <div className="empty" data-testid="graph-unknown">
        Definition unknown: the graph cannot be drawn. The timeline, the event table and the step panel still work.
      </div>
    );
  }
  const selectedNodeId = selectedRun !== null ? (matched[selectedRun] ?? null) : null;
  return (
    <div className="ex-graph" data-testid="graph-view" data-iteration={iter ? iter.join(',') : ''}>
      {pickers.length > 0 ? (
        <div className="ex-pickers">
          {pickers.map((p) => (
            <IterationPicker key={p.runIndex} picker={p} iter={iter} onSelect={(next) => onSelectIteration(p.runIndex, next)} />
          ))}
        </div>
      ) : null}
      <WorkflowGraph
        graph={graph}
        layout={layout}
        overlay={shown}
        direction={direction}
        onDirectionChange={setDirection}
        selectedNodeId={selectedNodeId}
        onSelect={(node) => onSelectNode(node, shown?.nodes[node.id]?.runIndexes ?? [])}
        name={name}
        height="min(620px, 70vh)"
      />
    </div>
  );
}
