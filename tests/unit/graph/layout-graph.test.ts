import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../lib/graph/build-graph.ts';
import { clearLayoutMemo, layoutGraph } from '../../../lib/graph/layout-graph.ts';
import { textWidth } from '../../../lib/graph/text-metrics.ts';
import { generateDefinition } from '../../fixtures/graph/generate-definition.ts';
import { corpusDefinitions } from './corpus-definitions.ts';
import { checkLayout } from './graph-checks.ts';

const corpus = corpusDefinitions();

describe('layoutGraph over every corpus definition', () => {
  it.each(corpus.map((c) => [c.file, c] as const))('%s', (_file, c) => {
    const graph = buildGraph(c.definition);
    for (const direction of ['TB', 'LR'] as const) {
      const layout = layoutGraph(graph, { direction });
      expect(layout.direction).toBe(direction);
      checkLayout(graph, layout, `${c.file} ${direction}`);
    }
  });
});

describe('layoutGraph', () => {
  it('memoises by definition hash and direction', () => {
    clearLayoutMemo();
    const def = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
    const a = layoutGraph(buildGraph(def), { direction: 'TB' });
    expect(layoutGraph(buildGraph(JSON.parse(JSON.stringify(def)) as unknown), { direction: 'TB' })).toBe(a);
    expect(layoutGraph(buildGraph(def), { direction: 'LR' })).not.toBe(a);
  });

  it('lays out malformed definitions without throwing', () => {
    for (const def of [null, 'x', { StartAt: 'A', States: { A: { Type: 'Choice', Choices: [{ Next: 'Z' }, { Next: 'A' }], Default: 'A' } } }, { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [null, {}] } } }]) {
      const graph = buildGraph(def);
      checkLayout(graph, layoutGraph(graph, { direction: 'TB' }), JSON.stringify(def));
    }
  });

  it('flows top-down in TB and left-right in LR', () => {
    const graph = buildGraph({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } } });
    const tb = layoutGraph(graph, { direction: 'TB' });
    const lr = layoutGraph(graph, { direction: 'LR' });
    expect((tb.nodes.B?.y ?? 0) > (tb.nodes.A?.y ?? 0)).toBe(true);
    expect((lr.nodes.B?.x ?? 0) > (lr.nodes.A?.x ?? 0)).toBe(true);
  });

  it('fits long and hostile names into their boxes', () => {
    const long = `${'VeryLongStateName'.repeat(30)}<img src=x onerror=alert(1)>`;
    const graph = buildGraph({ StartAt: long, States: { [long]: { Type: 'Pass', End: true } } });
    const node = layoutGraph(graph, { direction: 'TB' }).nodes[encodeURIComponent(long)];
    expect(node?.displayName.endsWith('…')).toBe(true);
    expect(textWidth(node?.displayName ?? '', 12, true)).toBeLessThanOrEqual((node?.width ?? 0) - 40 + 0.01);
  });

  it('lays out the generated 200-state definition: nested containers, no overlaps', () => {
    const def = generateDefinition(200);
    const graph = buildGraph(def);
    for (const direction of ['TB', 'LR'] as const) {
      clearLayoutMemo();
      const layout = layoutGraph(graph, { direction });
      checkLayout(graph, layout, `generated ${direction}`);
      expect(Object.keys(layout.nodes)).toHaveLength(graph.nodeOrder.length);
    }
  });
});
