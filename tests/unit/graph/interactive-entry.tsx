// Browser entry for the interactive graph check (render-graph.test.ts bundles it with esbuild):
// the real client component with state, d3-zoom and the export buttons, outside Next.js.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useWorkflowGraph } from '../../../components/graph/use-workflow-graph';
import { WorkflowGraph } from '../../../components/graph/workflow-graph';
import type { GraphDirection, GraphNode } from '../../../lib/graph/types';
import type { StateRun } from '../../../lib/history/types';

interface Input {
  definition: unknown;
  runs: StateRun[];
}

declare global {
  interface Window {
    __graphInput: Input;
    __selected: string[];
  }
}

function App({ input }: { input: Input }) {
  const [direction, setDirection] = useState<GraphDirection>('TB');
  const [selected, setSelected] = useState<string | null>(null);
  const { graph, layout, overlay } = useWorkflowGraph(input.definition, input.runs, direction);
  const onSelect = (node: GraphNode) => {
    window.__selected.push(node.stateName);
    setSelected(node.stateName);
  };
  return <WorkflowGraph graph={graph} layout={layout} overlay={overlay} direction={direction} onDirectionChange={setDirection} onSelect={onSelect} selectedStateName={selected} name="interactive" height={700} />;
}

window.__selected = [];
const el = document.getElementById('root');
if (el) createRoot(el).render(<App input={window.__graphInput} />);
