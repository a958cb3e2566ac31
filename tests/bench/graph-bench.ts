// Graph build and layout time for a 200-state definition with Parallel and Map nesting (the
// dashboard's target: layout ≤ 150 ms). Cold layouts: the memo is cleared before each one.
// Median of several repetitions after warm-up; reported, never asserted (machines are noisy).
import { performance } from 'node:perf_hooks';
import { buildGraph } from '../../lib/graph/build-graph.ts';
import { graphOverlay } from '../../lib/graph/graph-overlay.ts';
import { clearLayoutMemo, layoutGraph } from '../../lib/graph/layout-graph.ts';
import type { StateRun } from '../../lib/history/types.ts';
import { generateDefinition } from '../fixtures/graph/generate-definition.ts';

export interface GraphBenchResult {
  states: number;
  nodes: number;
  edges: number;
  scopes: number;
  /** buildGraph, median ms. */
  buildMs: number;
  /** layoutGraph top-down, cold (memo cleared), median ms. */
  layoutMs: number;
  /** layoutGraph left-right, cold, median ms. */
  layoutLrMs: number;
  /** Slowest cold top-down layout among the repetitions, ms. */
  layoutMaxMs: number;
  /** layoutGraph served from the memo, median ms. */
  memoHitMs: number;
  /** graphOverlay for one run per state, median ms. */
  overlayMs: number;
  repetitions: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function samples(fn: () => unknown, warmups: number, repetitions: number): number[] {
  for (let i = 0; i < warmups; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export async function runGraphBench(options: { states?: number; warmups?: number; repetitions?: number } = {}): Promise<GraphBenchResult> {
  const warmups = options.warmups ?? 5;
  const repetitions = options.repetitions ?? 15;
  const definition = generateDefinition(options.states ?? 200);
  const graph = buildGraph(definition);
  const buildMs = median(samples(() => buildGraph(definition), warmups, repetitions));
  const tb = samples(
    () => {
      clearLayoutMemo();
      layoutGraph(graph, { direction: 'TB' });
    },
    warmups,
    repetitions,
  );
  const lr = samples(
    () => {
      clearLayoutMemo();
      layoutGraph(graph, { direction: 'LR' });
    },
    warmups,
    repetitions,
  );
  layoutGraph(graph, { direction: 'TB' });
  const memoHitMs = median(samples(() => layoutGraph(graph, { direction: 'TB' }), warmups, repetitions));
  const runs: StateRun[] = graph.nodeOrder
    .map((id) => graph.nodes[id])
    .filter((n) => n?.kind === 'state')
    .map((n, i) => ({
      stateName: n?.stateName ?? '',
      stateType: n?.stateType ?? 'Task',
      status: i % 7 === 0 ? 'FAILED' : 'SUCCEEDED',
      attempts: 1,
      mapIndex: [],
      enteredEventId: i,
      exitedEventId: i + 1,
      durationMs: i,
      error: null,
      cause: null,
    }));
  const overlayMs = median(samples(() => graphOverlay(graph, runs), warmups, repetitions));
  await Promise.resolve(); // async for the bench runner's uniform interface
  return {
    states: graph.stateCount,
    nodes: graph.nodeOrder.length,
    edges: graph.edges.length,
    scopes: graph.scopeOrder.length,
    buildMs,
    layoutMs: median(tb),
    layoutLrMs: median(lr),
    layoutMaxMs: Math.max(...tb),
    memoHitMs,
    overlayMs,
    repetitions,
  };
}
