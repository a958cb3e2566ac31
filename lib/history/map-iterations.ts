// Inline Map iterations over ExecutionAnalysis.runs, grouped once for every view: each iteration's
// status, the iteration pickers the graph shows, and the console's per-status iteration counts.
import { sameIndex } from './run-tree.ts';
import { isFailure, isStateRunStatus, SEVERITY_ORDER, worseStatus, type StateRunStatus } from './statuses.ts';
import type { StateRun } from './types.ts';

/** Statuses of iterations that did not succeed, worst first. */
const GROUPED: readonly StateRunStatus[] = SEVERITY_ORDER.filter(isStateRunStatus).filter(isFailure);

export interface MapIteration {
  /** The iteration's index (its runs' mapIndex at the Map's depth). */
  index: number;
  /** The worst status among the iteration's own runs. */
  status: StateRunStatus;
}

/** Iterations that did not succeed, one group per status, worst first (FAILED, CAUGHT, ABORTED). */
export interface MapIterationGroup {
  status: StateRunStatus;
  iterations: MapIteration[];
}

export interface MapPicker {
  /** Index of the Map run in analysis.runs. */
  runIndex: number;
  stateName: string;
  /** mapIndex of the Map run itself (iterations of it are [...prefix, index]). */
  prefix: number[];
  /** Every iteration, by index. */
  iterations: MapIteration[];
  /** The iterations that did not succeed, grouped by status (empty groups left out). */
  groups: MapIterationGroup[];
}

export interface MapIterationCounts {
  total: number;
  /** Succeeded, including iterations whose error a Catch inside them took (CAUGHT). */
  succeeded: number;
  failed: number;
  aborted: number;
  running: number;
}

/**
 * The iterations of Map run `mapRun`, by index. An iteration's status is the worst of the Map's
 * direct child runs with that index: a nested Map or Parallel counts with its own status, which
 * already says what its children did (a branch failure it caught or retried is not the iteration's).
 */
export function mapIterations(runs: readonly StateRun[], children: ReadonlyMap<number, readonly number[]>, mapRun: number): MapIteration[] {
  const run = runs[mapRun];
  if (!run) return [];
  const depth = run.mapIndex.length;
  const byIndex = new Map<number, StateRunStatus>();
  for (const c of children.get(mapRun) ?? []) {
    const child = runs[c];
    const it = child?.mapIndex[depth];
    if (child && it !== undefined) byIndex.set(it, worseStatus(byIndex.get(it) ?? null, child.status));
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, status]) => ({ index, status }));
}

/** The iterations that did not succeed, grouped by status, worst first. */
export function groupIterations(iterations: readonly MapIteration[]): MapIterationGroup[] {
  const groups: MapIterationGroup[] = [];
  for (const status of GROUPED) {
    const members = iterations.filter((i) => i.status === status);
    if (members.length > 0) groups.push({ status, iterations: members });
  }
  return groups;
}

/**
 * One picker per Map run that is visible under the selected iteration `selected`: top-level Maps,
 * and Maps inside the selected iteration (a nested Map gets a picker once its outer iteration is chosen).
 */
export function mapPickers(runs: readonly StateRun[], children: ReadonlyMap<number, readonly number[]>, selected: readonly number[] | null): MapPicker[] {
  const out: MapPicker[] = [];
  runs.forEach((run, i) => {
    if (run.stateType !== 'Map') return;
    const prefix = run.mapIndex;
    if (prefix.length > 0 && (!selected || !sameIndex(selected.slice(0, prefix.length), prefix))) return;
    const iterations = mapIterations(runs, children, i);
    if (iterations.length === 0) return;
    out.push({ runIndex: i, stateName: run.stateName, prefix, iterations, groups: groupIterations(iterations) });
  });
  return out;
}

/** Iteration counts of Map run `mapRun` by status (the console's Map details: Succeeded / Failed / Aborted / In progress). */
export function mapIterationCounts(runs: readonly StateRun[], children: ReadonlyMap<number, readonly number[]>, mapRun: number): MapIterationCounts {
  const counts: MapIterationCounts = { total: 0, succeeded: 0, failed: 0, aborted: 0, running: 0 };
  for (const { status } of mapIterations(runs, children, mapRun)) {
    counts.total += 1;
    if (status === 'FAILED') counts.failed += 1;
    else if (status === 'ABORTED') counts.aborted += 1;
    else if (status === 'RUNNING') counts.running += 1;
    else counts.succeeded += 1;
  }
  return counts;
}
