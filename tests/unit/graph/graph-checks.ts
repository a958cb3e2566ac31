// Structural checks shared by the graph tests: the graph against its definition, and the layout
// against the graph.
import { expect } from 'vitest';
import type { Box, ExecutionGraph, GraphLayout } from '../../../lib/graph/types.ts';

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Walks the definition and checks every state, scope and transition against the graph. Returns the state count. */
export function checkGraphAgainstDefinition(graph: ExecutionGraph, definition: unknown): number {
  let count = 0;
  const edgeSet = new Set(graph.edges.map((e) => `${e.kind}|${e.from}|${e.to}`));
  const walk = (machine: unknown, scopeId: string, prefix: string) => {
    const scope = graph.scopes[scopeId];
    expect(scope, `scope ${scopeId}`).toBeDefined();
    if (!isRecord(machine) || !isRecord(machine.States)) return;
    const states = machine.States;
    if (typeof machine.StartAt === 'string' && machine.StartAt in states) {
      expect(edgeSet.has(`start|${scope?.startId}|${prefix}${encodeURIComponent(machine.StartAt)}`), `start edge of ${scopeId}`).toBe(true);
    }
    for (const [name, state] of Object.entries(states)) {
      count++;
      const id = `${prefix}${encodeURIComponent(name)}`;
      const node = graph.nodes[id];
      expect(node, `node ${id}`).toBeDefined();
      expect(node?.stateName).toBe(name);
      expect(node?.scopeId).toBe(scopeId);
      expect(scope?.nodeIds).toContain(id);
      if (!isRecord(state)) continue;
      const to = (target: unknown) => `${prefix}${encodeURIComponent(String(target))}`;
      if (typeof state.Next === 'string' && state.Type !== 'Choice') expect(edgeSet.has(`next|${id}|${to(state.Next)}`), `${name} Next`).toBe(true);
      if (typeof state.Default === 'string') expect(edgeSet.has(`default|${id}|${to(state.Default)}`), `${name} Default`).toBe(true);
      if (Array.isArray(state.Choices)) for (const c of state.Choices) if (isRecord(c)) expect(edgeSet.has(`choice|${id}|${to(c.Next)}`), `${name} choice → ${String(c.Next)}`).toBe(true);
      if (Array.isArray(state.Catch)) for (const c of state.Catch) if (isRecord(c)) expect(edgeSet.has(`catch|${id}|${to(c.Next)}`), `${name} catch → ${String(c.Next)}`).toBe(true);
      const otherEnds = Object.values(states).some((s) => isRecord(s) && s.Type !== 'Fail' && (s.End === true || s.Type === 'Succeed'));
      if (state.End === true || state.Type === 'Succeed' || (state.Type === 'Fail' && !otherEnds)) expect(edgeSet.has(`end|${id}|${scope?.endId}`), `${name} end`).toBe(true);
      if (state.Type === 'Fail' && otherEnds) expect(edgeSet.has(`end|${id}|${scope?.endId}`), `${name} no end`).toBe(false);
      if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
        expect(node?.childScopeIds).toHaveLength(state.Branches.length);
        state.Branches.forEach((b, i) => {
          expect(graph.scopes[`${id}/b${i}`]?.containerId).toBe(id);
          walk(b, `${id}/b${i}`, `${id}/b${i}/`);
        });
      }
      if (state.Type === 'Map') {
        const proc = state.ItemProcessor ?? state.Iterator;
        expect(node?.childScopeIds).toEqual([`${id}/items`]);
        expect(graph.scopes[`${id}/items`]?.containerId).toBe(id);
        walk(proc, `${id}/items`, `${id}/items/`);
      }
    }
  };
  const def = typeof definition === 'string' ? (JSON.parse(definition) as unknown) : definition;
  walk(def, graph.rootScopeId, '');
  const stateNodes = Object.values(graph.nodes).filter((n) => n.kind === 'state');
  expect(stateNodes).toHaveLength(count);
  expect(graph.stateCount).toBe(count);
  expect(new Set(graph.nodeOrder).size).toBe(graph.nodeOrder.length);
  for (const e of graph.edges) {
    expect(graph.nodes[e.from]?.scopeId, `edge ${e.id} from`).toBe(e.scopeId);
    expect(graph.nodes[e.to]?.scopeId, `edge ${e.id} to`).toBe(e.scopeId);
  }
  return count;
}

const EPS = 0.5;
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width - EPS && b.x < a.x + a.width - EPS && a.y < b.y + b.height - EPS && b.y < a.y + a.height - EPS;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - EPS && inner.y >= outer.y - EPS && inner.x + inner.width <= outer.x + outer.width + EPS && inner.y + inner.height <= outer.y + outer.height + EPS;

/** No overlapping boxes within a scope; children inside their scope and container; finite numbers. */
export function checkLayout(graph: ExecutionGraph, layout: GraphLayout, where: string): void {
  const finite = (b: Box) => [b.x, b.y, b.width, b.height].every(Number.isFinite);
  for (const sid of graph.scopeOrder) {
    const scope = graph.scopes[sid];
    const sbox = layout.scopes[sid];
    expect(sbox, `${where}: scope box ${sid}`).toBeDefined();
    if (!scope || !sbox) continue;
    expect(finite(sbox)).toBe(true);
    if (scope.containerId !== null) {
      const cbox = layout.nodes[scope.containerId];
      expect(cbox && inside(sbox, cbox), `${where}: scope ${sid} inside its container`).toBe(true);
    }
    const boxes = scope.nodeIds.map((id) => [id, layout.nodes[id]] as const);
    for (const [id, b] of boxes) {
      expect(b, `${where}: node box ${id}`).toBeDefined();
      if (!b) continue;
      expect(finite(b) && b.width > 0 && b.height > 0, `${where}: ${id} finite`).toBe(true);
      expect(inside(b, sbox), `${where}: ${id} inside scope ${sid}`).toBe(true);
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [ia, a] = boxes[i] as readonly [string, Box];
        const [ib, b] = boxes[j] as readonly [string, Box];
        expect(overlaps(a, b), `${where}: ${ia} overlaps ${ib}`).toBe(false);
      }
    // Sibling lanes of a container never overlap.
  }
  for (const id of graph.nodeOrder) {
    const kids = graph.nodes[id]?.childScopeIds ?? [];
    for (let i = 0; i < kids.length; i++)
      for (let j = i + 1; j < kids.length; j++) expect(overlaps(layout.scopes[kids[i] as string] as Box, layout.scopes[kids[j] as string] as Box), `${where}: lanes of ${id}`).toBe(false);
  }
  for (const e of graph.edges) {
    const le = layout.edges[e.id];
    expect(le, `${where}: edge ${e.id}`).toBeDefined();
    expect(le?.points.length ?? 0).toBeGreaterThanOrEqual(2);
    for (const p of le?.points ?? []) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    if (e.label !== null) expect(le?.labelPosition, `${where}: label of ${e.id}`).not.toBeNull();
  }
}
