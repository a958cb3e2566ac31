'use client';
// Graph view: the workflow graph with the run overlay, and one Map iteration picker per Map
// (failed and aborted iterations grouped first). Selecting an iteration repaints the overlay.
// The top-to-bottom layout comes from the server page (lib/graph computed it there), so hydrating
// a big graph lays nothing out; the other direction is laid out here when asked for.
import { memo, useCallback, useDeferredValue, useMemo, useState } from 'react';
import { WorkflowGraph, type NodeNote } from '@/components/graph/workflow-graph';
import { mapRunHref } from '@/components/map-runs/execution-relations';
import type { MapRunSummary } from '@/lib/api/map-runs/get-execution-relations';
import { buildGraph } from '@/lib/graph/build-graph';
import { graphOverlay, matchRuns } from '@/lib/graph/graph-overlay';
import { layoutGraph } from '@/lib/graph/layout-graph';
import type { GraphDirection, GraphLayout, GraphNode } from '@/lib/graph/types';
import { mapPickers, mapRunBadge, runOfLink, sameIndex, type MapPicker } from '@/lib/history';
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
  /** The definition's layout as the server computed it (used when its hash and direction match). */
  initialLayout?: GraphLayout | null;
  /** The Map Runs the execution started (DESIGN.md §2.9): each Distributed Map node shows its counts, linking to its page. */
  mapRuns?: readonly MapRunSummary[];
}

/** Above this many iterations, the picker lists them only while it is focused (see below). */
const EAGER_OPTIONS = 100;

/**
 * The picker's options, built once per picker. A 1,000-iteration Map has 2,000 and more, and
 * Chromium measures every option of a <select> whenever it lays the select out (a changed value,
 * a resized column): some 20 ms a time. So a big picker holds the aggregate and the current
 * iteration only, and every option while it has the focus (a pointer press focuses it before
 * its list opens; React renders the options before the browser opens it).
 */
const IterationOptions = memo(function IterationOptions({ picker, current, full }: { picker: MapPicker; current: number | null; full: boolean }) {
  const option = (i: { index: number; status: string }, group: string) => (
    <option key={`${group}-${i.index}`} value={i.index}>
      {`#${i.index} · ${i.status}`}
    </option>
  );
  const aggregate = <option value="">{`All ${picker.iterations.length} iterations (aggregate)`}</option>;
  if (!full) {
    const shown = current === null ? undefined : picker.iterations.find((i) => i.index === current);
    return (
      <>
        {aggregate}
        {shown ? option(shown, 'current') : null}
      </>
    );
  }
  return (
    <>
      {aggregate}
      {picker.groups.map((g) => (
        <optgroup key={g.status} label={`${GROUP_LABELS[g.status] ?? g.status} (${g.iterations.length})`}>
          {g.iterations.map((i) => option(i, g.status))}
        </optgroup>
      ))}
      <optgroup label="All iterations">{picker.iterations.map((i) => option(i, 'all'))}</optgroup>
    </>
  );
});

const IterationPicker = memo(function IterationPicker({ picker, iter, onSelect }: { picker: MapPicker; iter: number[] | null; onSelect: (runIndex: number, iter: number[] | null) => void }) {
  const depth = picker.prefix.length;
  const current = iter && iter.length > depth && sameIndex(iter.slice(0, depth), picker.prefix) ? (iter[depth] ?? null) : null;
  const failed = picker.groups.find((g) => g.status === 'FAILED')?.iterations.length ?? 0;
  const positions = picker.iterations.map((i) => i.index);
  const at = current === null ? -1 : positions.indexOf(current);
  const go = (index: number | undefined) => onSelect(picker.runIndex, index === undefined ? null : [...picker.prefix, index]);
  const eager = picker.iterations.length <= EAGER_OPTIONS;
  const [focused, setFocused] = useState(false);
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
          onPointerDown={eager ? undefined : () => setFocused(true)}
          onFocus={eager ? undefined : () => setFocused(true)}
          onBlur={eager ? undefined : () => setFocused(false)}
        >
          <IterationOptions picker={picker} current={current} full={eager || focused} />
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
});

const NO_MAP_RUNS: readonly MapRunSummary[] = [];

/** Memoised: re-renders when the runs, the selection or the iteration change, not with the page. */
export const GraphView = memo(function GraphView({ definition, runs, children, selectedRun, iter, mapRun, onSelectNode, onSelectIteration, name, initialLayout = null, mapRuns = NO_MAP_RUNS }: GraphViewProps) {
  const [direction, setDirection] = useState<GraphDirection>('TB');
  // Selecting a run inside another Map iteration repaints every node for that iteration: that
  // render is deferred, so the click's own frame (the selection, the step panel) is not held up.
  const shownIter = useDeferredValue(iter);
  const shownMapRun = useDeferredValue(mapRun);
  const pickers = useMemo(() => mapPickers(runs, children, shownIter), [runs, children, shownIter]);
  const graph = useMemo(() => buildGraph(definition ?? {}), [definition]);
  const layout = useMemo(
    () => (initialLayout !== null && initialLayout.hash === graph.hash && initialLayout.direction === direction ? initialLayout : layoutGraph(graph, { direction })),
    [graph, direction, initialLayout],
  );
  const matched = useMemo(() => matchRuns(graph, runs), [graph, runs]);
  const mapNodeId = shownMapRun !== null ? (matched[shownMapRun] ?? undefined) : undefined;
  const iterKey = shownIter ? shownIter.join(',') : '';
  const shown = useMemo(
    () => graphOverlay(graph, runs, iterKey === '' ? undefined : { mapIndex: iterKey.split(',').map(Number), mapNodeId }),
    [graph, runs, iterKey, mapNodeId],
  );
  // A node started several Map Runs (a Map in a loop, a redrive): it shows the last one's.
  const notes = useMemo(() => {
    const out: Record<string, NodeNote> = {};
    for (const m of mapRuns) {
      const run = runOfLink(runs, m);
      const nodeId = run === null ? undefined : matched[run];
      if (nodeId === undefined || nodeId === null) continue;
      const badge = mapRunBadge(m.status, m.executionCounts);
      out[nodeId] = { text: badge.text, short: badge.short, title: `${badge.title}\nOpen the Map Run`, href: mapRunHref(m.mapRunArn), bad: badge.unsuccessful > 0 };
    }
    return out;
  }, [mapRuns, runs, matched]);
  const onSelect = useCallback((node: GraphNode) => onSelectNode(node, shown?.nodes[node.id]?.runIndexes ?? []), [onSelectNode, shown]);
  if (definition === null || definition === undefined) {
    return (
      <div className="empty" data-testid="graph-unknown">
        Definition unknown: the graph cannot be drawn. The timeline, the event table and the step panel still work.
      </div>
    );
  }
  const selectedNodeId = selectedRun !== null ? (matched[selectedRun] ?? null) : null;
  return (
    <div className="ex-graph" data-testid="graph-view" data-iteration={iterKey}>
      {pickers.length > 0 ? (
        <div className="ex-pickers">
          {pickers.map((p) => (
            <IterationPicker key={p.runIndex} picker={p} iter={iter} onSelect={onSelectIteration} />
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
        onSelect={onSelect}
        name={name}
        height="min(620px, 70vh)"
        notes={notes}
      />
    </div>
  );
});
