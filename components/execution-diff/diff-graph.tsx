'use client';
// One definition's workflow graph painted with the diff (lib/graph diffPaint): who took each
// state, and where the paths part. Clicking a state selects it in the diff view.
import { useMemo, useState } from 'react';
import { WorkflowGraph, type NodeHeatPaint } from '@/components/graph/workflow-graph';
import { buildGraph } from '@/lib/graph/build-graph';
import { DIFF_MEMBERSHIP_LABELS, diffPaint, type DiffMembership } from '@/lib/graph/diff-paint';
import { layoutGraph } from '@/lib/graph/layout-graph';
import type { GraphDirection } from '@/lib/graph/types';
import type { Divergence, StateDiff } from '@/lib/metrics';

const MEMBERSHIPS: readonly DiffMembership[] = ['both', 'a', 'b', 'none'];

export function DiffLegend() {
  return (
    <ul className="xd-legend" data-testid="diff-legend">
      {MEMBERSHIPS.map((m) => (
        <li key={m}>
          <span className={`xd-swatch xd-${m}`} aria-hidden="true" />
          {DIFF_MEMBERSHIP_LABELS[m]}
        </li>
      ))}
      <li>
        <span className="xd-swatch xd-diverge-swatch" aria-hidden="true" />◆ where the paths part
      </li>
    </ul>
  );
}

export interface DiffGraphProps {
  definition: unknown;
  states: readonly StateDiff[];
  firstDivergence: Divergence | null;
  selected: string | null;
  onSelect: (stateName: string) => void;
  name: string;
  caption?: string;
}

export function DiffGraph({ definition, states, firstDivergence, selected, onSelect, name, caption }: DiffGraphProps) {
  const [direction, setDirection] = useState<GraphDirection>('TB');
  const graph = useMemo(() => buildGraph(definition ?? {}), [definition]);
  const layout = useMemo(() => layoutGraph(graph, { direction }), [graph, direction]);
  const heat = useMemo(() => {
    const names = new Set<string>();
    for (const node of Object.values(graph.nodes)) if (node.kind === 'state') names.add(node.stateName);
    const paint: Record<string, NodeHeatPaint> = {};
    for (const p of Object.values(diffPaint({ states, firstDivergence }, names))) {
      paint[p.stateName] = { className: `xd-node xd-${p.membership}${p.diverges ? ' xd-diverge' : ''}`, key: p.diverges ? `${p.membership} diverge` : p.membership, label: p.label, title: p.title };
    }
    return paint;
  }, [graph, states, firstDivergence]);
  return (
    <figure className="xd-graph" data-testid="diff-graph">
      {caption ? <figcaption className="muted">{caption}</figcaption> : null}
      <WorkflowGraph
        graph={graph}
        layout={layout}
        heat={heat}
        direction={direction}
        onDirectionChange={setDirection}
        selectedStateName={selected}
        onSelect={(node) => onSelect(node.stateName)}
        name={name}
        height={480}
        hideLegend
      />
    </figure>
  );
}
